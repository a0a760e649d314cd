"""StreamField blocks shared by every page type, and the home page's live blocks: content
editors place and word them; what they list is read from the apps each time (cached under the
content version like the rest of the page)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from engagement import selectors as engagement_selectors
from gamification import selectors as report_selectors
from proposals import selectors as proposal_selectors


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(required=False, help_text=_("A site path like /areas/ or a full address"))

    class Meta:
        icon = "link"


class FeaturedItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    text = blocks.TextBlock(max_length=300)
    link = LinkBlock()
    link_text = blocks.CharBlock(max_length=60, required=False)


class FeaturedContentBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=100)
    intro = blocks.TextBlock(required=False, max_length=400)
    items = blocks.ListBlock(FeaturedItemBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "grip"
        template = "cms/blocks/featured_content.html"


class FactBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=30)
    label = blocks.CharBlock(max_length=120)
    source = blocks.CharBlock(max_length=200, required=False)


class FactsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=100)
    facts = blocks.ListBlock(FactBlock(), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/facts.html"


class InsetBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "link"])

    class Meta:
        icon = "openquote"
        template = "cms/blocks/inset.html"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "collapse-down"
        template = "cms/blocks/details.html"


# --- Live blocks: the home page's front door ------------------------------------------------------
class _LiveBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=100)
    how_many = blocks.IntegerBlock(min_value=1, max_value=8, default=4)


class ReportProblemBlock(blocks.StructBlock):
    """The first thing on the home page: report a problem, and what was fixed this week."""

    heading = blocks.CharBlock(max_length=100, default=_("Report a problem in the street"))
    text = blocks.TextBlock(max_length=300, required=False)
    button_text = blocks.CharBlock(max_length=40, default=_("Report a problem"))

    class Meta:
        icon = "warning"
        template = "cms/blocks/report_problem.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["fixed_count"], _newest = report_selectors.reports_fixed_this_week(limit=0)
        return context


class ClosingSoonBlock(_LiveBlock):
    """Open consultations closing next."""

    class Meta:
        icon = "time"
        template = "cms/blocks/closing_soon.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["consultations"] = engagement_selectors.consultations_closing_soon(limit=value["how_many"])
        return context


class DecisionsBlock(_LiveBlock):
    """The newest decisions: "you said, we did"."""

    class Meta:
        icon = "tick-inverse"
        template = "cms/blocks/decisions.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["decisions"] = proposal_selectors.decisions_latest(limit=value["how_many"])
        return context


class FixedThisWeekBlock(_LiveBlock):
    """Street reports marked fixed since Monday."""

    class Meta:
        icon = "success"
        template = "cms/blocks/fixed_this_week.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["fixed_count"], context["reports"] = report_selectors.reports_fixed_this_week(limit=value["how_many"])
        return context


class NearYouBlock(_LiveBlock):
    """For a signed-in person: what is new in their home ward and on their priorities; for a
    visitor, how to get that. Personal: never part of the shared, cached page body."""

    personal = True

    class Meta:
        icon = "user"
        template = "cms/blocks/near_you.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            near = proposal_selectors.near_home(user=user, limit=value["how_many"])
            near["reports"] = report_selectors.reports_open_in(area=near["ward"], limit=value["how_many"])
            context["near"] = near
        return context


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title", template="cms/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="cms/blocks/paragraph.html")
    featured = FeaturedContentBlock()
    facts = FactsBlock()
    inset = InsetBlock()
    details = DetailsBlock()


class HomeBodyBlock(BodyBlock):
    """The home page's body: the shared blocks and the live ones."""

    report_problem = ReportProblemBlock()
    closing_soon = ClosingSoonBlock(label=_("Consultations closing soon"))
    decisions = DecisionsBlock(label=_("Newest decisions (you said, we did)"))
    fixed_this_week = FixedThisWeekBlock(label=_("Street reports fixed this week"))
    near_you = NearYouBlock(label=_("Near you and your priorities (signed in)"))
