"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title", template="cms/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="cms/blocks/paragraph.html")
    featured = FeaturedContentBlock()
    facts = FactsBlock()
    inset = InsetBlock()
    details = DetailsBlock()
