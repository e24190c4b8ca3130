from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from site_core.blocks import BodyStreamBlock

from .base import BasePage
from .taxonomy import KeywordItemBase


class HomePage(BasePage):
    """The site's root: an introduction, the editors' featured pages and the newest pages."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    recent_count = models.PositiveSmallIntegerField(
        _("number of recent pages"),
        default=6,
        help_text=_("How many recent publications the home page shows, all types together."),
    )
    per_type_count = models.PositiveSmallIntegerField(_("pages per section"), default=3)

    listable = False
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "site_core/home_page.html"

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_pages", label=_("Featured"), max_num=6),
        FieldPanel("recent_count"),
        FieldPanel("per_type_count"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_follow_targets(self) -> list:
        from site_core.syndication import SITE, FollowTarget

        return [FollowTarget(SITE)]

    def get_context(self, request, *args, **kwargs):
        from site_core.listing import newest_pages, newest_pages_by_type

        context = super().get_context(request, *args, **kwargs)
        featured = [
            item.page.specific
            for item in self.featured_pages.select_related("page")
            if item.page.live and item.page.get_view_restrictions().count() == 0
        ]
        context["featured_pages"] = featured
        context["recent_pages"] = newest_pages(
            self.recent_count, exclude_ids=[p.pk for p in featured]
        )
        context["sections"] = newest_pages_by_type(self.per_type_count)
        return context


class HomePageFeatured(Orderable):
    home = ParentalKey(HomePage, related_name="featured_pages", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured page")
        verbose_name_plural = _("featured pages")


class StandardPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "site_core.StandardPage", related_name="keyword_items", on_delete=models.CASCADE
    )


class StandardPage(BasePage):
    """A plain page: "À propos", legal notice, accessibility statement."""

    body = StreamField(BodyStreamBlock(), verbose_name=_("content"), blank=True)
    keywords = ClusterTaggableManager(
        through=StandardPageKeyword, blank=True, verbose_name=_("keywords")
    )

    show_on_home = False
    template = "site_core/standard_page.html"
    parent_page_types = ["site_core.HomePage", "site_core.StandardPage"]
    subpage_types = ["site_core.StandardPage"]

    content_panels = BasePage.content_panels + [FieldPanel("keywords"), FieldPanel("body")]
    api_fields = BasePage.api_fields + [APIField("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("plain page")
        verbose_name_plural = _("plain pages")
