"""Per-reader holes in pages cached for anonymous readers.

A cached page is one HTML document served to every anonymous reader, so it must not hold one
reader's tokens, messages or pending reactions. Such parts are written in templates as

    {% load fragment_tags %}
    {% uncached_fragment "contributions.reactions" page.pk %}

and rendered by a function that a feature app registers with the Wagtail hook
``maillage_uncached_fragment``::

    @hooks.register("maillage_uncached_fragment")
    def reactions_fragment():
        return "contributions.reactions", render_reactions   # render(request, *args) -> str (HTML)

Outside the page cache the tag renders the fragment in place. When the page cache renders a page
to store it, it sets ``request.defer_fragments = True``: the tag then writes a placeholder comment
instead, and the cache calls :func:`fill` on every response it serves (the first one included), so
each reader gets a fragment of their own. Arguments are plain values (ints or strings): they are
written into the placeholder and given back to the renderer as strings.

A renderer that needs a cookie of its own (the reaction form's nonce) asks for it with
:func:`set_cookie` rather than on a response it does not hold: ``PageCacheMiddleware`` sets it on
the response the reader gets and makes that response private. A cookie asked for while the page
itself is rendered, outside a placeholder, keeps the page out of the cache (it is one reader's).

``site_core`` knows no feature app: it only knows the names registered through the hook.
"""

import re
from urllib.parse import quote, unquote

from django.utils.cache import patch_cache_control
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from wagtail import hooks

HOOK = "maillage_uncached_fragment"
DEFER_ATTRIBUTE = "defer_fragments"
COOKIES_ATTRIBUTE = "_fragment_cookies"
_NAME = re.compile(r"[A-Za-z0-9_.-]+")
_PLACEHOLDER = re.compile(r"<!--maillage-fragment ([A-Za-z0-9_.-]+)((?: [^ >]*)*)-->")


_tables: dict = {}


def renderers() -> dict:
    """{name: render(request, *args) -> str} from every ``maillage_uncached_fragment`` hook.

    Built once per set of registered hooks (Wagtail loads them all at the first ``get_hooks``;
    ``hooks.register_temporarily`` in a test makes a new set), not on every fill."""
    registered = tuple(hooks.get_hooks(HOOK))
    table = _tables.get(registered)
    if table is None:
        if len(_tables) > 8:  # temporary registrations in tests: keep the memo small
            _tables.clear()
        table = _tables[registered] = dict(hook() for hook in registered)
    return table


def placeholder(name: str, args) -> SafeString:
    if not _NAME.fullmatch(name):
        raise ValueError(f"Bad fragment name: {name!r}")
    encoded = "".join(" " + quote(str(arg), safe="") for arg in args)
    return format_html("<!--maillage-fragment {}{}-->", name, encoded)


def render(request, name: str, args) -> SafeString:
    """The fragment's HTML for this request; an unknown name renders nothing."""
    renderer = renderers().get(name)
    if renderer is None:
        return SafeString("")
    # A renderer returns safe HTML (render_to_string does); a plain str is escaped.
    return conditional_escape(renderer(request, *[str(arg) for arg in args]))


def in_place(request, name: str, args) -> SafeString:
    """What the template tag writes: the fragment itself, or its placeholder for the cache."""
    if request is not None and getattr(request, DEFER_ATTRIBUTE, False):
        return placeholder(name, args)
    return render(request, name, args)


def has_placeholders(html: str) -> bool:
    return "<!--maillage-fragment " in html


def fill(request, html: str) -> str:
    """Replace every placeholder in ``html`` by the fragment rendered for ``request``."""
    if not has_placeholders(html):
        return html
    table = renderers()

    def replace(match):
        renderer = table.get(match.group(1))
        if renderer is None:
            return ""
        args = [unquote(arg) for arg in match.group(2).split(" ") if arg]
        return str(conditional_escape(renderer(request, *args)))

    return _PLACEHOLDER.sub(replace, html)


# --- Cookies asked for by fragments -------------------------------------------------------------


def set_cookie(request, key: str, value: str, **options) -> None:
    """Ask for a cookie on the response this request gets (``HttpResponse.set_cookie`` options)."""
    asked = getattr(request, COOKIES_ATTRIBUTE, None)
    if asked is None:
        asked = {}
        setattr(request, COOKIES_ATTRIBUTE, asked)
    asked[key] = (value, options)


def asked_cookies(request) -> dict:
    """{name: (value, options)} asked for so far while answering ``request``."""
    return getattr(request, COOKIES_ATTRIBUTE, None) or {}


def apply_cookies(request, response) -> None:
    """Set the cookies the fragments asked for; such a response is this reader's alone."""
    asked = asked_cookies(request)
    if not asked:
        return
    for key, (value, options) in asked.items():
        response.set_cookie(key, value, **options)
    patch_cache_control(response, private=True)
