"""What every public page shows of the site as a whole, read once rather than on every page.

The Wagtail ``Site`` of the request (with its root page, from which pages are routed), the
default site (absolute addresses, the site's name in feeds), the site settings (header and footer,
with their logo, favicon and linked pages), the top-level navigation and the paths under a view
restriction (Wagtail's privacy check before serving a page) make up a *bundle*:

- memoised on the request (fragments and template tags that ask again cost nothing);
- when the page cache is on, kept in the page cache's store under its generation stamp
  (site_core/page_cache.py), so a page rendered because it was not stored reads none of it from
  the database. Every event that makes stored pages stale (publish, move, privacy, site settings,
  the Site record, images…) changes the stamp, and the next request builds a new bundle.

``SiteDataMiddleware`` (after the page cache: stored pages never need it) hands the bundle to
Wagtail where it looks first: ``request._wagtail_site`` and the settings' per-request attribute.
The admin and the other paths the page cache skips read everything from the database, as before.

`kept(request, name, build)` keeps, under the same stamp, what a page shows of *other* pages and
that is the same for every reader: its « related resources » block, its backlinks, a minutes
page's previous and next meetings. A page rendered because it was not stored (or because the
reader has a session) then reads them from the store. Never in a preview (the previewed revision
may carry other themes or another date), never without the stamp (the page cache off: tests,
`PAGE_CACHE=false`), never outside the paths the page cache serves (the admin).
"""

import contextvars

from django.conf import settings
from django.core.cache import InvalidCacheBackendError
from django.db.models import prefetch_related_objects
from django.utils.translation import get_language
from wagtail.models import Site

from site_core import fragments, page_cache
from site_core.query import restricted_q

KEY_PREFIX = "site-data:"
KEPT_PREFIX = "site-data:kept:"
REQUEST_ATTRIBUTE = "_maillage_site_data"
GENERATION_ATTRIBUTE = page_cache.GENERATION_ATTRIBUTE
_MISSING = object()
_current = contextvars.ContextVar("maillage_site_data", default=None)


def _navigation_pages(root) -> list:
    """The live, public children of the site's root shown in menus."""
    return list(root.get_children().live().exclude(restricted_q()).in_menu().order_by("path"))


def _restricted_paths() -> frozenset:
    """Paths of the pages with a view restriction, and of the aliases of those pages."""
    from wagtail.models import PageViewRestriction

    paths = set()
    for path, alias_path in PageViewRestriction.objects.values_list(
        "page__path", "page__aliases__path"
    ):
        paths.update(p for p in (path, alias_path) if p)
    return frozenset(paths)


def _build(request) -> dict:
    from site_core.models import SiteSettings

    site = Site.find_for_request(request)
    default = site if site is not None and site.is_default_site else None
    if default is None:
        default = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return {
            "site": None,
            "default_site": default,
            "settings": None,
            "nav_pages": [],
            "restricted_paths": None,
        }
    root = site.root_page.localized.specific  # what Wagtail routes from, kept with the site
    site_settings = SiteSettings.for_site(site)
    images = [image for image in (site_settings.logo, site_settings.favicon) if image is not None]
    prefetch_related_objects(images, "renditions")
    return {
        "site": site,
        "default_site": default,
        "settings": site_settings,
        "nav_pages": _navigation_pages(root),
        "restricted_paths": _restricted_paths(),
    }


def _cached(request) -> dict:
    if not settings.PAGE_CACHE_ENABLED:
        return _build(request)
    try:
        generation = page_cache.current_generation()
        store = page_cache._cache()
    except InvalidCacheBackendError:
        return _build(request)
    if generation is None:
        return _build(request)
    setattr(request, GENERATION_ATTRIBUTE, generation)
    key = f"{KEY_PREFIX}{request.get_host()}:{generation}"
    bundle = store.get(key, _MISSING)
    if bundle is _MISSING:
        bundle = _build(request)
        store.set(key, bundle, timeout=settings.PAGE_CACHE_TIMEOUT)
    return bundle


def for_request(request) -> dict:
    """The bundle of this request (built or read once)."""
    bundle = getattr(request, REQUEST_ATTRIBUTE, None)
    if bundle is None:
        bundle = _cached(request)
        setattr(request, REQUEST_ATTRIBUTE, bundle)
    return bundle


def kept(request, name: str, build, *, keep_none: bool = True):
    """`build()`, or what it returned for the same `name` on this host under the current stamp.

    `name` must say everything the value depends on besides the site's content (the page's id,
    the ids it leaves out…); the value must be the same for every reader and picklable. When
    the page cache is off, in a preview, or outside the paths the page cache serves, this is
    `build()`. With `keep_none=False`, a `None` from `build()` is not kept (asked again)."""
    generation = getattr(request, GENERATION_ATTRIBUTE, None) if request is not None else None
    if (
        generation is None
        or getattr(request, "is_preview", False)
        or getattr(request, "is_dummy", False)
    ):
        return build()
    key = f"{KEPT_PREFIX}{request.get_host()}:{generation}:{get_language()}:{name}"
    store = page_cache._cache()
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        if value is not None or keep_none:
            store.set(key, value, timeout=settings.PAGE_CACHE_TIMEOUT)
    return value


def kept_html(request, name: str, render) -> str:
    """HTML that is the same for every reader, kept like `kept`, with the per-reader fragments
    inside it (`site_core.fragments`) kept as placeholders and filled for this reader.

    Rendered in place, never kept, for a request that may be signed in (it carries a session
    cookie or credentials): what an editor sees may differ from what readers see."""
    if request is None or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return str(render())
    if "HTTP_AUTHORIZATION" in request.META:
        return str(render())
    deferred = getattr(request, fragments.DEFER_ATTRIBUTE, False)

    def build():
        if deferred:
            return str(render())
        setattr(request, fragments.DEFER_ATTRIBUTE, True)
        try:
            return str(render())
        finally:
            setattr(request, fragments.DEFER_ATTRIBUTE, False)

    html = kept(request, name, build)
    return html if deferred else fragments.fill(request, html)


def default_site():
    """The default Wagtail Site: the current request's bundle's, else from the database."""
    bundle = _current.get()
    if bundle is not None and bundle["default_site"] is not None:
        return bundle["default_site"]
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def restricted_paths() -> frozenset | None:
    """Paths under a view restriction (see `_restricted_paths`) when this request has a bundle,
    else None (ask the database)."""
    bundle = _current.get()
    return bundle["restricted_paths"] if bundle is not None else None


def navigation(request) -> list | None:
    """The bundle's navigation when the middleware loaded one for this request, else None."""
    bundle = getattr(request, REQUEST_ATTRIBUTE, None)
    return bundle["nav_pages"] if bundle is not None else None


def _applies(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(
        tuple(settings.PAGE_CACHE_SKIPPED_PATHS)
    )


class SiteDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _applies(request):
            return self.get_response(request)
        from site_core.models import SiteSettings

        bundle = for_request(request)
        if bundle["site"] is not None:
            request._wagtail_site = bundle["site"]
            site_settings = bundle["settings"]
            site_settings._request = request  # as Wagtail's for_request does (page URLs)
            setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
        token = _current.set(bundle)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
