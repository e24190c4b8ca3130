"""Front caches (Varnish, nginx, Cloudflare) purged for the listings a page shows in, not only
for the page.

``wagtail.contrib.frontend_cache`` is used as a library: its backends (``WAGTAILFRONTENDCACHE``,
site_core/settings/base.py) and its ``PurgeBatch``. Its own receivers, which purge only the
published page, are not installed (the app is not in ``INSTALLED_APPS``). Instead, when a page is
published, unpublished, moved, renamed (its slug) or deleted (Wagtail unpublishes a live page
before deleting it, each live page of a deleted subtree), one batch carries:

- the page's URLs (its address and ``get_cached_paths()``); after a move or a new slug, its old
  address and those of its live descendants, and the listings of the parent it left;
- its live ancestors' URLs: the parent index, the group page, the home page;
- the site feeds (``/flux/site.rss``, ``/flux/site.atom``), the feeds of the page's type,
  ``/sitemap.xml`` and the sitemap section of the page's type;
- the pages and feeds of the page's themes and keywords (as published: a theme taken off the
  page leaves its listing to the front cache's max-age);
- what feature apps add through the Wagtail hook ``maillage_purge_urls(page) -> list[str]``
  (paths from the site's root, or absolute URLs): working_groups adds the agenda, the registers
  and the group's feeds.

Feature apps call :func:`purge_for_page` for their own events (contributions: a reaction
approved or withdrawn changes the page it reacts to). The batch goes once the transaction commits
(a front cache that fetched the page again before would keep the old state), through Wagtail's
purge task. Nothing is computed when no front cache is configured.
"""

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch

logger = logging.getLogger("maillage.front_cache")

HOOK = "maillage_purge_urls"


def configured() -> bool:
    return bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
        or getattr(settings, "WAGTAILFRONTENDCACHE_LOCATION", None)
    )


def _site_paths(page) -> list[str]:
    """Site-wide listings that show the page: the feeds (the site's, its type's), the sitemap,
    and the pages and feeds of its themes and keywords."""
    from site_core.syndication import type_models

    model_name = page.specific_class._meta.model_name
    wanted = [
        ("site_core:feed_site", {"fmt": "rss"}),
        ("site_core:feed_site", {"fmt": "atom"}),
        ("sitemap", {}),
        ("sitemap_section", {"section": model_name}),
    ]
    if model_name in type_models():
        wanted += [("site_core:feed_type", {"slug": model_name, "fmt": f}) for f in FORMATS]
    paths = []
    specific = page.specific_deferred
    terms = []
    if hasattr(specific, "themes"):
        terms += [("site_core:feed_theme", term) for term in specific.themes.all()]
    if hasattr(specific, "get_keywords"):
        terms += [("site_core:feed_keyword", term) for term in specific.get_keywords()]
    for feed, term in terms:
        paths.append(term.get_absolute_url())
        wanted += [(feed, {"slug": term.slug, "fmt": f}) for f in FORMATS]
    for name, kwargs in wanted:
        try:
            paths.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:  # a URLconf without them (tests, a trimmed site)
            continue
    return paths


FORMATS = ("rss", "atom")


def urls_for_page(page, *, old_url_path: str | None = None) -> set[str]:
    """Every absolute URL a change of ``page`` may leave stale in a front cache."""
    batch = PurgeBatch()
    batch.add_page(page)
    ancestors = page.get_ancestors().filter(depth__gt=1).live().specific(defer=True)
    batch.add_pages(ancestors)
    site = page.get_site()
    root_url = site.root_url if site is not None else ""
    if old_url_path and site is not None:
        root_path = site.root_page.url_path
        if old_url_path.startswith(root_path):
            old_address = "/" + old_url_path[len(root_path) :]
            batch.add_url(urljoin(root_url, old_address))
            for descendant in page.get_descendants().live().only("url_path"):
                batch.add_page(descendant)
                relative = descendant.url_path[len(page.url_path) :]
                batch.add_url(urljoin(root_url, old_address + relative))
    extra = _site_paths(page)
    for hook in hooks.get_hooks(HOOK):
        extra.extend(hook(page) or [])
    if root_url:
        batch.add_urls(urljoin(root_url, url) for url in extra)
    return batch.urls


def purge_for_page(
    page, *, old_url_path: str | None = None, old_parent=None, reason: str = ""
) -> None:
    """Purge, once the transaction commits, the URLs of ``page`` and of its listings (and, after
    a move, of the listings it left: ``old_parent``'s)."""
    if not configured() or page is None:
        return
    urls = urls_for_page(page, old_url_path=old_url_path)
    if old_parent is not None and old_parent.depth > 1:
        urls |= urls_for_page(old_parent.specific_deferred)
    if not urls:
        return
    logger.debug("front cache purge (%s): %d URLs", reason, len(urls))
    batch = PurgeBatch(urls)
    transaction.on_commit(batch.purge)


# --- Receivers (thin: they hand the page to purge_for_page) -----------------------------------


def _published(sender, instance, **kwargs):
    purge_for_page(instance, reason="published")


def _unpublished(sender, instance, **kwargs):
    purge_for_page(instance, reason="unpublished")


def _moved(
    sender,
    instance,
    parent_page_before=None,
    url_path_before=None,
    url_path_after=None,
    **kwargs,
):
    if url_path_before == url_path_after:
        return  # reordered among its siblings: its listings are purged on publish
    purge_for_page(
        instance, old_url_path=url_path_before, old_parent=parent_page_before, reason="moved"
    )


def _slug_changed(sender, instance, instance_before=None, **kwargs):
    old = getattr(instance_before, "url_path", None)
    purge_for_page(instance, old_url_path=old, reason="slug changed")


def connect_signals():
    """Called from ``SiteCoreConfig.ready``."""
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    page_published.connect(_published, dispatch_uid="maillage_front_cache_published")
    page_unpublished.connect(_unpublished, dispatch_uid="maillage_front_cache_unpublished")
    post_page_move.connect(_moved, dispatch_uid="maillage_front_cache_moved")
    page_slug_changed.connect(_slug_changed, dispatch_uid="maillage_front_cache_slug")
