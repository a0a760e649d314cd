"""Editorial pages managed in Wagtail: home, standard pages, news (read by the investor feed later)."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock, HomeBodyBlock


class HomePage(Page):
    hero_title = models.CharField(max_length=120)
    hero_text = models.TextField(max_length=400)
    hero_link_text = models.CharField(max_length=60, blank=True)
    hero_link_url = models.CharField(max_length=200, blank=True)
    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(HomeBodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_link_text"),
                FieldPanel("hero_link_url"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "cms.NewsIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news_index = NewsIndexPage.objects.live().child_of(self).first()
        context["latest_news"] = (
            NewsPage.objects.live().descendant_of(news_index).order_by("-date")[:3] if news_index else []
        )
        return context


class StandardPage(Page):
    intro = models.TextField(max_length=500, blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("id"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("page")

    # The site search (sitesearch/): published pages open to everyone.
    @classmethod
    def search_visible(cls, user):
        return cls.objects.live().public()

    def search_result(self) -> dict:
        return {"status": "", "text": self.intro or _stream_text(self.body)}


class NewsSectorTag(TaggedItemBase):
    content_object = ParentalKey("cms.NewsPage", on_delete=models.CASCADE, related_name="sector_tagged_items")


class NewsAreaTag(TaggedItemBase):
    content_object = ParentalKey("cms.NewsPage", on_delete=models.CASCADE, related_name="area_tagged_items")


class NewsIndexPage(Page):
    intro = models.TextField(max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    def news(self, *, sector: str = "", area: str = ""):
        qs = NewsPage.objects.live().child_of(self).order_by("-date", "-pk")
        if sector:
            qs = qs.filter(sector_tags__slug=sector)
        if area:
            qs = qs.filter(area_tags__slug=area)
        return qs.prefetch_related("sector_tags", "area_tags")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sector = request.GET.get("sector", "")[:100]
        area = request.GET.get("area", "")[:100]
        context["page_obj"] = Paginator(self.news(sector=sector, area=area), 10).get_page(request.GET.get("page"))
        context["sector"], context["area"] = sector, area
        return context


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(max_length=400)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)
    sector_tags = ClusterTaggableManager(
        through=NewsSectorTag,
        blank=True,
        related_name="news_by_sector",
        verbose_name=_("sectors"),
        help_text=_("Sectors this news is about, e.g. energy, manufacturing, housing"),
    )
    area_tags = ClusterTaggableManager(
        through=NewsAreaTag,
        blank=True,
        related_name="news_by_area",
        verbose_name=_("areas"),
        help_text=_("Areas this news is about, e.g. tyseley, east-birmingham"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("sector_tags"), FieldPanel("area_tags")], heading=_("Tags")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("id"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list = []

    class Meta:
        ordering = ["-date"]
        verbose_name = _("news")
        verbose_name_plural = _("news")

    # The site search (sitesearch/): published news open to everyone; areas by tag.
    @classmethod
    def search_visible(cls, user):
        return cls.objects.live().public()

    @classmethod
    def search_in_area(cls, queryset, area):
        return queryset.filter(area_tags__slug=slugify(area.name)).distinct()

    def search_result(self) -> dict:
        return {"status": date_format(self.date), "text": self.summary}


def _stream_text(body) -> str:
    """A StreamField's words, for a search snippet (its stored values, nothing rendered)."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(strip_tags(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk([block.get("value") for block in body.raw_data])
    return " ".join(" ".join(found).split())[:2000]
