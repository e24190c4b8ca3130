"""What is followed: the whole site, a content type, a working group, a theme or a keyword.

A `FollowTarget` names one of them; `resolve()` turns it into a title, a link and the live public
pages it lists, through `BasePage` only (site_core imports no feature app). The feeds
(`site_core.feeds`) and the e-mail subscriptions (`subscriptions`) both build on it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from site_core.listing import (
    base_page_models,
    listable_page_models,
    listable_pages,
    pages_with_keyword,
    pages_with_theme,
    public_pages,
)
from site_core.site_data import default_site

SITE, TYPE, GROUP, THEME, KEYWORD = "site", "type", "group", "theme", "keyword"
KINDS = (SITE, TYPE, GROUP, THEME, KEYWORD)


@dataclass(frozen=True)
class FeedEnclosure:
    """A file a feed item carries (a PDF, an episode's audio). `url` may be site-relative."""

    url: str
    length: int
    mime_type: str


@dataclass(frozen=True)
class FollowTarget:
    kind: str
    key: str = ""

    def feed_url(self, fmt: str = "rss") -> str:
        if self.kind == SITE:
            return reverse("site_core:feed_site", kwargs={"fmt": fmt})
        names = {
            TYPE: "feed_type",
            GROUP: "feed_group",
            THEME: "feed_theme",
            KEYWORD: "feed_keyword",
        }
        return reverse(f"site_core:{names[self.kind]}", kwargs={"slug": self.key, "fmt": fmt})


@dataclass
class Resolved:
    target: FollowTarget
    title: str
    description: str
    link: str  # absolute
    pages: QuerySet
    obj: object = None  # the theme, keyword, model or group page


def site_root_url() -> str:
    """The site's address from the Wagtail Site record (never from the Host header)."""
    site = default_site()
    if site is not None:
        return site.root_url.rstrip("/")
    return (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")


def site_name() -> str:
    site = default_site()
    if site is not None and not site.is_default_site:
        site = None
    return (site.site_name if site is not None else "") or settings.WAGTAIL_SITE_NAME


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_root_url() + url


def type_models() -> dict[str, type]:
    """Feedable page types by URL slug (their model name)."""
    return {model._meta.model_name: model for model in listable_page_models()}


def group_models() -> list[type]:
    return [model for model in base_page_models() if model.is_group_page]


def find_group(slug: str):
    models = group_models()
    if not models:
        return None
    page = public_pages().type(*models).filter(slug=slug).order_by("pk").first()
    return page.specific if page is not None else None


def group_pages(group) -> QuerySet:
    """Every live public listable page of the group (its minutes, sheets, white papers…)."""
    return listable_pages().descendant_of(group)


def resolve(target: FollowTarget) -> Resolved | None:
    """Title, link and pages of `target`, or None when it does not exist (anymore)."""
    from site_core.models import Keyword, Theme

    root = site_root_url()
    name = site_name()
    if target.kind == SITE:
        return Resolved(
            target,
            _("%(site)s: every publication") % {"site": name},
            _("The newest publications of %(site)s, all types together.") % {"site": name},
            root + "/",
            listable_pages(),
        )
    if target.kind == TYPE:
        model = type_models().get(target.key)
        if model is None:
            return None
        plural = str(model._meta.verbose_name_plural)
        return Resolved(
            target,
            _("%(site)s: %(type)s") % {"site": name, "type": plural},
            _("The newest %(type)s published on %(site)s.") % {"type": plural, "site": name},
            root + "/",
            listable_pages().type(model),
            model,
        )
    if target.kind == GROUP:
        group = find_group(target.key)
        if group is None:
            return None
        return Resolved(
            target,
            _("%(group)s: every publication") % {"group": group.title},
            group.get_listing_summary()
            or _("Everything the working group publishes: minutes, sheets, white papers."),
            group.get_full_url(),
            group_pages(group),
            group,
        )
    if target.kind == THEME:
        theme = Theme.objects.filter(slug=target.key).first()
        if theme is None:
            return None
        return Resolved(
            target,
            _("Theme: %(name)s") % {"name": theme.name},
            theme.description
            or _("Every publication on the theme “%(name)s”.") % {"name": theme.name},
            absolute(theme.get_absolute_url()),
            pages_with_theme(theme),
            theme,
        )
    if target.kind == KEYWORD:
        keyword = Keyword.objects.filter(slug=target.key).first()
        if keyword is None:
            return None
        return Resolved(
            target,
            _("Keyword: %(name)s") % {"name": keyword.name},
            _("Every publication with the keyword “%(name)s”.") % {"name": keyword.name},
            absolute(keyword.get_absolute_url()),
            pages_with_keyword(keyword),
            keyword,
        )
    return None


def targets_for_context(context) -> list[FollowTarget]:
    """What a listing page (its template context) can be followed as."""
    term, kind = context.get("term"), context.get("kind_label")
    if term is not None and kind in (THEME, KEYWORD):
        return [FollowTarget(kind, term.slug)]
    page = context.get("page")
    if page is None or not hasattr(page, "get_follow_targets"):
        return []
    return page.get_follow_targets()


def target_label(target: FollowTarget) -> str:
    resolved = resolve(target)
    return resolved.title if resolved else ""


def document_is_public(document) -> bool:
    """A Wagtail document anonymous readers may download (no restriction on its collection)."""
    if document is None:
        return False
    collection = getattr(document, "collection", None)
    return collection is None or not collection.get_view_restrictions().exists()


def document_enclosure(document) -> FeedEnclosure | None:
    """The enclosure of a public PDF document, else None."""
    if not document_is_public(document) or document.file_extension.lower() != "pdf":
        return None
    return FeedEnclosure(document.url, document.get_file_size() or 0, "application/pdf")
