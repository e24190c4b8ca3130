from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from site_core import site_data
from site_core.blocks import BodyStreamBlock

from .base import BasePage
from .taxonomy import KeywordItemBase


class HomePage(BasePage):
    """The site's root: an introduction, the editors' featured pages and the newest pages."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    headline_title = models.CharField(_("headline title"), max_length=200, blank=True)
    headline_text = RichTextField(
        _("headline text"), blank=True, features=["bold", "italic", "link"]
    )
    headline_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("headline image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    headline_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("headline link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the headline leads to."),
    )
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
        MultiFieldPanel(
            [
                FieldPanel("headline_title"),
                FieldPanel("headline_text"),
                FieldPanel("headline_image"),
                PageChooserPanel("headline_page"),
            ],
            heading=_("Headline"),
        ),
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
        """Headline, « new this month », the feature apps' sections, then the editors' picks:
        no page appears twice."""
        context = super().get_context(request, *args, **kwargs)
        # Kept under the page cache's stamp (never in a preview): « new this month » moves with
        # time, and a kept copy lives no longer than a stored page (PAGE_CACHE_TIMEOUT).
        context.update(
            site_data.kept(request, f"home:{self.pk}", lambda: self._home_blocks(request))
        )
        return context

    def _home_blocks(self, request):
        """What the home page lists (the same for every reader)."""
        import datetime

        from django.utils import timezone
        from django.utils.safestring import mark_safe
        from wagtail import hooks
        from wagtail.models import Page

        from site_core.listing import home_page_models, prepare_cards, public_pages

        picks = list(self.featured_pages.all())
        candidates = [item.page_id for item in picks] + [self.headline_page_id]
        public_ids = set(public_pages().filter(pk__in=candidates).values_list("pk", flat=True))
        headline_page = self.headline_page if self.headline_page_id in public_ids else None
        wanted = [
            item.page_id
            for item in picks
            if item.page_id in public_ids and item.page_id != self.headline_page_id
        ]
        specific = {page.pk: page for page in Page.objects.filter(pk__in=wanted).specific()}
        featured = [specific[pk] for pk in wanted if pk in specific]
        shown = {page.pk for page in featured} | {self.headline_page_id}
        since = timezone.now() - datetime.timedelta(days=31)
        models = home_page_models()  # plain pages (legal notice, about) are not news
        this_month = list(
            (public_pages().type(*models) if models else Page.objects.none())
            .filter(first_published_at__gte=since)
            .exclude(pk__in=[pk for pk in shown if pk])
            .order_by("-first_published_at", "-pk")
            .specific(defer=True)[: self.recent_count]
        )
        prepare_cards(featured + this_month, request)
        shown |= {page.pk for page in this_month}
        sections = [fn(request, shown) for fn in hooks.get_hooks("maillage_home_sections")]
        return {
            "headline_page": headline_page,
            "featured_pages": featured,
            "this_month": this_month,
            "home_sections": mark_safe("".join(str(s) for s in sections if s)),  # noqa: S308
        }


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
