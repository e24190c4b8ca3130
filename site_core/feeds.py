"""RSS 2.0 and Atom feeds of every listing: the whole site, each content type, each working group,
each theme and each keyword (`django.contrib.syndication`).

Items carry absolute URLs from the Wagtail Site record, a GUID that survives moves and renames
(the page's translation key), the dates, the summary, themes and keywords as categories and the
page's files as enclosures. Answers are conditional (ETag and Last-Modified, 304).
"""

import datetime
import hashlib

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.views.decorators.http import condition, require_GET

from site_core import site_data
from site_core.syndication import (
    GROUP,
    KEYWORD,
    SITE,
    THEME,
    TYPE,
    FollowTarget,
    Resolved,
    absolute,
    resolve,
    site_name,
)

FEED_ITEMS = 30
_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
FEED_MAX_AGE = 300  # seconds a reader or a shared cache may keep a feed


class RssFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"


class AtomFeed(Atom1Feed):
    content_type = "application/atom+xml; charset=utf-8"


def prepare_feed_items(items) -> None:
    """What items show (group, themes, keywords, files) for the whole list: a few queries per
    page type, whatever the number of items. A type names the relations its
    `get_feed_enclosures` reads in `feed_prefetch`."""
    from collections import defaultdict

    from django.db.models import prefetch_related_objects

    from site_core.models.base import BasePage

    by_type = defaultdict(list)
    for item in items:
        by_type[type(item)].append(item)
    for model, batch in by_type.items():
        lookups = [name for name in ("themes", "keywords") if hasattr(model, name)]
        lookups += list(getattr(model, "feed_prefetch", ()))
        if lookups:
            prefetch_related_objects(batch, *lookups)
    BasePage.prefetch_group_pages([item for item in items if isinstance(item, BasePage)])


class PageFeed(Feed):
    feed_type = RssFeed
    item_guid_is_permalink = False

    def __init__(self, fmt: str):
        super().__init__()
        self.fmt = fmt
        self.feed_type = AtomFeed if fmt == "atom" else RssFeed

    def get_object(self, request, resolved: Resolved):
        return resolved

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        return absolute(obj.target.feed_url(self.fmt))

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def description(self, obj):
        return obj.description

    subtitle = description

    def author_name(self, obj):
        return site_name()

    def items(self, obj):
        items = list(obj.pages.order_by("-first_published_at", "-pk").specific()[:FEED_ITEMS])
        prepare_feed_items(items)
        return items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url()

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    def item_description(self, item):
        return item.get_listing_summary() or item.title

    def item_pubdate(self, item):
        # Pages made in code without a revision have no publication date: their creation stands in.
        return item.first_published_at or item.latest_revision_created_at or _EPOCH

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        group = item.group_page
        return group.title if group is not None and group.pk != item.pk else None

    def item_categories(self, item):
        themes = [theme.name for theme in item.themes.all()] if hasattr(item, "themes") else []
        return themes + [keyword.name for keyword in item.get_keywords()]

    def item_enclosures(self, item):
        enclosures = [
            Enclosure(absolute(e.url), str(e.length or 0), e.mime_type)
            for e in item.get_feed_enclosures()
        ]
        # RSS 2.0 allows one enclosure per item (the main file); Atom takes them all.
        return enclosures[:1] if self.fmt == "rss" else enclosures


def _memo(request) -> dict:
    # The ETag, the Last-Modified and the feed itself ask for the same facts: once per request.
    memo = getattr(request, "_maillage_feed_memo", None)
    if memo is None:
        memo = request._maillage_feed_memo = {}
    return memo


def _fingerprint(request, kind: str, slug: str):
    memo = _memo(request)
    if ("facts", kind, slug) not in memo:
        resolved = _resolved_or_404(request, kind, slug)
        # The same for every reader: kept under the page cache's stamp (site_data.kept).
        memo["facts", kind, slug] = site_data.kept(
            request,
            f"feed-facts:{kind}:{slug}",
            lambda: resolved.pages.order_by().aggregate(
                count=Count("pk"), newest=Max("last_published_at"), last_pk=Max("pk")
            ),
        )
    return memo["facts", kind, slug]


def _resolved_or_404(request, kind: str, slug: str = "") -> Resolved:
    memo = _memo(request)
    if ("resolved", kind, slug) not in memo:
        memo["resolved", kind, slug] = resolve(FollowTarget(kind, slug))
    resolved = memo["resolved", kind, slug]
    if resolved is None:
        raise Http404
    return resolved


def _etag(request, kind, fmt, slug=""):
    resolved = _resolved_or_404(request, kind, slug)
    facts = _fingerprint(request, kind, slug)
    newest = facts["newest"].isoformat() if facts["newest"] else "-"
    raw = f"{kind}:{slug}:{fmt}:{facts['count']}:{facts['last_pk']}:{newest}:{resolved.title}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _last_modified(request, kind, fmt, slug=""):
    return _fingerprint(request, kind, slug)["newest"]


def _feed_view(kind):
    @require_GET
    @condition(
        etag_func=lambda request, fmt, slug="": _etag(request, kind, fmt, slug),
        last_modified_func=lambda request, fmt, slug="": _last_modified(request, kind, fmt, slug),
    )
    def view(request, fmt, slug=""):
        resolved = _resolved_or_404(request, kind, slug)  # unknown slugs end here (404)

        def build():
            feed = PageFeed(fmt)(request, resolved=resolved)
            return feed["Content-Type"], feed.get("Last-Modified"), feed.content

        # The document is the same for every reader: kept under the page cache's stamp.
        content_type, last_modified, content = site_data.kept(
            request, f"feed:{kind}:{fmt}:{slug}", build
        )
        response = HttpResponse(content, content_type=content_type)
        if last_modified:
            response["Last-Modified"] = last_modified
        patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    view.__name__ = f"{kind}_feed"
    return view


site_feed = _feed_view(SITE)
type_feed = _feed_view(TYPE)
group_feed = _feed_view(GROUP)
theme_feed = _feed_view(THEME)
keyword_feed = _feed_view(KEYWORD)
