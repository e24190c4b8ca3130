"""Whole pages kept for anonymous readers, in the Django cache.

``PageCacheMiddleware`` sits inside the session, CSRF, authentication and message middleware
(it needs them to tell a reader from a visitor, and they must still run for the per-reader
fragments of a cached page) and outside everything that shapes the page itself (frame options,
Content-Security-Policy, redirects, French typography): what it stores is the finished page.

A request is served from the cache, or rendered and stored, when it is a GET or HEAD without a
session cookie, without a messages cookie, without an ``Authorization`` header, outside the
admin, the API and the file views, and with no query parameter other than those of
``PAGE_CACHE_QUERY_PARAMS`` (pagination). Anything else is rendered as usual and marked
``X-Page-Cache: bypass``.

A rendered page is stored only if its rendering kept to what every anonymous reader shares:
status 200, not streamed, no cookie set (nor asked for by a fragment), no ``Vary: Cookie``, no
private or no-store ``Cache-Control``, the session never read, the CSRF token never asked for and
no message shown outside a fragment (``{% uncached_fragment %}``, site_core/fragments.py). Otherwise the reader
gets their page and the cache keeps nothing (``bypass``). While rendering a page it may store,
the middleware sets ``request.defer_fragments``: per-reader parts become placeholders in the
stored HTML and :func:`site_core.fragments.fill` renders them for each reader, on the first
response as on every hit. A cookie a fragment asks for (the reaction form's nonce) is set by this
middleware on that reader's response only, never stored, and makes the response private.

Invalidation is site-wide: a generation stamp, changed by every event that can change what a
reader sees (Wagtail's page signals, ``post_save``/``post_delete`` of every page type, of the
rows that belong to a page through a ``ParentalKey``, and of the models named in
``PAGE_CACHE_INVALIDATING_MODELS``), makes every stored page stale at once. The stamp lives
in the cache (Redis: shared by every process) or, when the cache is local to one process, in the
file ``PAGE_CACHE_GENERATION_FILE`` that every process of the machine reads.
``site_core`` imports no feature app: models are named by label in the settings.

Responses shared by every reader carry ``Cache-Control: public, max-age, stale-while-revalidate``,
an ``ETag`` and a ``Last-Modified``, and conditional requests get 304. Pages with per-reader
fragments are ``private, no-cache`` for browsers and proxies (only this cache shares them).
"""

import functools
import hashlib
import logging
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import InvalidCacheBackendError, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
)
from django.utils.http import http_date

from site_core import fragments

logger = logging.getLogger("maillage.page_cache")

HEADER = "X-Page-Cache"
GENERATION_KEY = "page-cache:generation"
KEY_PREFIX = "page-cache:page:"
# Headers that belong to one response, never to the stored page.
_UNSTORED_HEADERS = {"content-length", "set-cookie", "x-page-cache", "date", "etag"}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- Generation --------------------------------------------------------------------------------


def _generation_file() -> Path | None:
    path = getattr(settings, "PAGE_CACHE_GENERATION_FILE", None)
    return Path(path) if path else None


def _new_stamp() -> str:
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def current_generation(cached_value=None) -> str | None:
    """The stamp the stored pages must carry to be fresh (``None``: the cache is unusable).

    ``cached_value`` is the stamp already read from the cache with the page (one round trip).
    """
    path = _generation_file()
    if path is not None:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return "none"
        return f"{stat.st_ino}.{stat.st_mtime_ns}.{stat.st_size}"
    if cached_value is not None:
        return cached_value
    cache = _cache()
    # Never start from a fixed value: a stamp evicted from the cache must not bring back the
    # pages stored under an older one.
    cache.add(GENERATION_KEY, _new_stamp(), timeout=None)
    return cache.get(GENERATION_KEY)


def _bump():
    try:
        _write_stamp()
    except InvalidCacheBackendError:
        # CACHES without the pages alias (a site configured by hand): nothing can be stored.
        logger.warning("page cache: no %r cache configured", settings.PAGE_CACHE_ALIAS)


def _write_stamp():
    path = _generation_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        temporary.write_text(_new_stamp())
        os.replace(temporary, path)  # a new inode: every process sees a new stamp
    else:
        _cache().set(GENERATION_KEY, _new_stamp(), timeout=None)


def invalidate(reason: str = "") -> None:
    """Make every stored page stale: now, and again once the current transaction commits.

    The second change covers a reader who renders the old content between the first one and the
    commit: the page they store carries the stamp that the commit replaces.
    """
    if not settings.PAGE_CACHE_ENABLED:
        return  # nothing is stored, nothing to make stale
    _bump()
    transaction.on_commit(_bump)
    logger.debug("page cache invalidated (%s)", reason)


# --- Signals -----------------------------------------------------------------------------------


@functools.cache
def _is_part_of_pages(model) -> bool:
    """A page type, or a row that belongs to a page (its ParentalKey: inline panels, tags)."""
    from modelcluster.fields import ParentalKey
    from wagtail.models import Page

    if issubclass(model, Page):
        return True
    return any(
        isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
        for field in model._meta.get_fields()
        if field.concrete
    )


def _model_changed(sender, **kwargs):
    label = sender._meta.label
    if label in settings.PAGE_CACHE_INVALIDATING_MODELS or _is_part_of_pages(sender):
        invalidate(f"{label} changed")


def _page_event(sender, **kwargs):
    invalidate(f"page event from {sender._meta.label}")


def connect_signals():
    """Called from ``SiteCoreConfig.ready``."""
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    post_save.connect(_model_changed, dispatch_uid="maillage_page_cache_save")
    post_delete.connect(_model_changed, dispatch_uid="maillage_page_cache_delete")
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_page_event, dispatch_uid=f"maillage_page_cache_{id(signal)}")


# --- Requests ----------------------------------------------------------------------------------


def bypass_reason(request) -> str | None:
    """Why this request must not be served from the cache (``None``: it may be)."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    if request.path.startswith(tuple(settings.PAGE_CACHE_SKIPPED_PATHS)):
        return "path"
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return "session"
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return "messages"
    if "HTTP_AUTHORIZATION" in request.META:
        return "authorization"
    allowed = settings.PAGE_CACHE_QUERY_PARAMS
    for name, values in request.GET.lists():
        if name not in allowed or len(values) != 1 or len(values[0]) > 20:
            return "query"
    return None


# The stamp a request is answered under, for what is kept beside the pages (site_data.kept).
GENERATION_ATTRIBUTE = "_maillage_site_generation"


def cache_key(request) -> str:
    query = "&".join(f"{name}={request.GET[name]}" for name in sorted(request.GET))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def unstorable_reason(request, response) -> str | None:
    """Why this rendered page must not be shared with other readers (``None``: it may be).

    Called before the fragments are filled: whatever a fragment uses is its own business.
    """
    if response.status_code != 200:
        return f"status {response.status_code}"
    if response.streaming:
        return "streaming"
    if response.cookies or fragments.asked_cookies(request):
        return "cookie"
    if has_vary_header(response, "Cookie") or has_vary_header(response, "*"):
        return "vary"
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return "cache-control"
    session = getattr(request, "session", None)
    if session is not None and (session.accessed or session.modified):
        return "session"
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return "csrf"
    storage = getattr(request, "_messages", None)
    if storage is not None and (storage._queued_messages or getattr(storage, "_loaded_data", [])):
        return "messages"
    return None


def _entry(response, generation) -> dict:
    content = response.content
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _UNSTORED_HEADERS
    ]
    per_reader = fragments.has_placeholders(content.decode(response.charset, errors="replace"))
    return {
        "generation": generation,
        "content": content,
        "charset": response.charset,
        "headers": headers,
        "per_reader": per_reader,
        "etag": f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"',
        "last_modified": int(time.time()),
    }


def _shared_headers(response, entry):
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["last_modified"])
    if "Cache-Control" not in response:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_MAX_AGE,
            stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        )


def _fill(request, response):
    charset = response.charset or "utf-8"
    html = response.content.decode(charset, errors="replace")
    response.content = fragments.fill(request, html).encode(charset)


def serve(request, entry, state):
    """The response for this reader: the stored page, its fragments filled, or a 304."""
    response = HttpResponse(entry["content"], headers=dict(entry["headers"]))
    response.charset = entry["charset"]
    if entry["per_reader"]:
        _fill(request, response)
        patch_cache_control(response, private=True, no_cache=True)
    else:
        _shared_headers(response, entry)
        conditional = get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=entry["last_modified"],
            response=response,
        )
        if conditional is not response:
            conditional[HEADER] = state
            return conditional
    response[HEADER] = state
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._respond(request)
        # Cookies the fragments asked for (site_core/fragments.py): set on this reader's response
        # only, after the page was stored or not, and never stored with it.
        fragments.apply_cookies(request, response)
        return response

    def _respond(self, request):
        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        reason = bypass_reason(request)
        if reason is not None:
            return self._bypass(request, self.get_response(request), reason)
        key = cache_key(request)
        if _generation_file() is None:
            found = _cache().get_many([GENERATION_KEY, key])
            generation = current_generation(found.get(GENERATION_KEY))
        else:
            found = {key: _cache().get(key)}
            generation = current_generation()
        if generation is None:
            return self._bypass(request, self.get_response(request), "cache-unavailable")
        entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            # The fragments filled in a stored page read what is kept under the same stamp.
            setattr(request, GENERATION_ATTRIBUTE, generation)
            return serve(request, entry, "hit")

        # No session cookie: the reader is anonymous, and saying so without reading the (empty)
        # session keeps `session.accessed` meaningful for the checks below.
        request.user = AnonymousUser()
        setattr(request, fragments.DEFER_ATTRIBUTE, True)
        response = self.get_response(request)
        reason = unstorable_reason(request, response)
        if reason is not None:
            if not response.streaming and hasattr(response, "content"):
                _fill(request, response)
            return self._bypass(request, response, reason)
        entry = _entry(response, generation)
        _cache().set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
        return serve(request, entry, "miss")

    @staticmethod
    def _bypass(request, response, reason):
        response[HEADER] = "bypass"
        logger.debug("page cache bypass for %s: %s", request.path, reason)
        # A page rendered for one reader (their session, their token) is theirs alone.
        if "Cache-Control" not in response and (
            response.cookies
            or has_vary_header(response, "Cookie")
            or reason in ("session", "messages", "authorization", "csrf")
        ):
            patch_cache_control(response, private=True)
        return response
