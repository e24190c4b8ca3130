"""Spam defences that need no outside service.

- a honeypot field that people never see and robots fill in;
- a signed timestamp: a form sent sooner than `REACTIONS_MIN_FILL_SECONDS` after it was shown, or
  whose token is missing, altered, made for another page or older than `TOKEN_MAX_AGE`, is a
  robot's;
- a rate limit per address in the cache (`REACTIONS_RATE_LIMIT` per `REACTIONS_RATE_WINDOW`
  seconds; a shared cache such as Redis makes it hold across processes);
- at most `MAX_LINKS` links and `MAX_LENGTH` characters.

`screen()` returns the reason a submission is refused, or "" when it may wait for moderation.
The caller stores the reaction either way.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from .choices import SpamReason

MAX_LINKS = 2
MAX_LENGTH = 3000
TOKEN_MAX_AGE = 2 * 24 * 3600
TOKEN_SALT = "contributions.reaction-form"  # noqa: S105 (a signing namespace, not a secret)

# A link is a word that starts with a scheme ("https://"), with "www." or is a domain name with a
# usual top-level domain; words are split on spaces, quotes, brackets and angle brackets, so
# `<a href="https://x.org">` and `[url=https://x.org]` count once each.
WORD_SEPARATORS = re.compile(r"[\s<>\"'()\[\]{}]+")
LINK_WORD = re.compile(
    r"(?:^|[=:])(?:[a-z][a-z0-9+.-]{1,15}://|www\d?\.|[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*"
    r"\.(?:com|net|org|info|biz|fr|eu|io|ru|cn|xyz|top|site|online|shop|ly|coop)(?:[/:?#]|[.,;!]*$))",
    re.IGNORECASE,
)


def count_links(*texts: str) -> int:
    return sum(
        1
        for text in texts
        for word in WORD_SEPARATORS.split(text or "")
        if word and LINK_WORD.search(word)
    )


# --- Signed timestamp --------------------------------------------------------------------------
def make_token(page_id: int) -> str:
    """A token carrying the page and the time the form was shown, signed with SECRET_KEY."""
    return signing.dumps({"p": page_id, "t": time.time()}, salt=TOKEN_SALT, compress=False)


def token_reason(token: str, page_id: int, *, now: float | None = None) -> str:
    """SpamReason for a bad or too quick token, else ""."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        shown_at = float(data["t"])
        token_page = int(data["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return SpamReason.BAD_TOKEN
    if token_page != page_id or now - shown_at > TOKEN_MAX_AGE:
        return SpamReason.BAD_TOKEN
    if now - shown_at < settings.REACTIONS_MIN_FILL_SECONDS:
        return SpamReason.TOO_FAST
    return ""


# --- Rate limit --------------------------------------------------------------------------------
def client_ip(request) -> str | None:
    """The address the request came from. X-Forwarded-For is not trusted: behind a proxy, the
    proxy must set REMOTE_ADDR (gunicorn's --forwarded-allow-ips, or a middleware of the host)."""
    return request.META.get("REMOTE_ADDR") or None


def _rate_key(ip: str | None) -> str:
    digest = hashlib.sha256((ip or "unknown").encode()).hexdigest()[:32]
    return f"contributions:rate:{digest}"


def hit_rate_limit(ip: str | None) -> bool:
    """Count one submission from `ip`; True when it goes past the limit of the window."""
    key = _rate_key(ip)
    window = settings.REACTIONS_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count is None:  # the cache is down (django-redis ignoring errors): no counting, let it in
        return False
    return count > settings.REACTIONS_RATE_LIMIT


# --- All together ------------------------------------------------------------------------------
def screen(*, honeypot: str, token: str, page_id: int, ip: str | None, name: str, body: str) -> str:
    """The reason to refuse this submission ("" if none). Counts it against the rate limit."""
    over_limit = hit_rate_limit(ip)
    if honeypot.strip():
        return SpamReason.HONEYPOT
    reason = token_reason(token, page_id)
    if reason:
        return reason
    if over_limit:
        return SpamReason.RATE_LIMITED
    if len(body) > MAX_LENGTH:
        return SpamReason.TOO_LONG
    if count_links(name, body) > MAX_LINKS:
        return SpamReason.TOO_MANY_LINKS
    return ""
