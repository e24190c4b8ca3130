"""Spam defences that need no outside service.

- a honeypot field that people never see and robots fill in;
- a signed, single-use fill-time token: it carries the page, the time the form was shown, a hash
  of the reader's nonce (a random value in a signed cookie of its own, `NONCE_COOKIE`: no session,
  no database write to show the form) and an id of its own. A form sent sooner than
  `REACTIONS_MIN_FILL_SECONDS` after it was shown, or whose token is missing, altered, made for
  another page or another reader's nonce, or older than `TOKEN_MAX_AGE`, is a robot's; a token
  used once is spent (its id is stored in the database, `SpentFormToken`, until it would expire
  anyway, so that every worker refuses a replay whatever the cache). Every response that shows
  the form gives a fresh token (the form is a per-reader fragment of cached pages). With the
  cookie sent SameSite=Lax, a cross-site post carries no nonce: the token is also the form's
  protection against cross-site requests;
- two rate limits per address in the cache: `REACTIONS_RATE_LIMIT` per `REACTIONS_RATE_WINDOW`
  seconds on one page (high enough for a room of people behind one connection) and
  `REACTIONS_SITE_RATE_LIMIT` per `REACTIONS_SITE_RATE_WINDOW` across the site (a shared cache such
  as Redis makes them hold across processes);
- at most `MAX_LINKS` links and `MAX_LENGTH` characters.

`screen()` returns the reason a submission is refused, or "" when it may wait for moderation.
The caller stores the reaction either way.
"""

import datetime
import hashlib
import hmac
import re
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction

from site_core import fragments

from .choices import SpamReason
from .models import SpentFormToken

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


# --- Signed, single-use token -----------------------------------------------------------------
# The reader's nonce lives in a cookie of its own, signed, so that showing the form to a new
# reader (a page served whole from the page cache) writes nothing to the database: a session
# would be one row per first visit.
NONCE_COOKIE = "maillage_lecteur"
NONCE_SALT = "contributions.reader-nonce"
NONCE_MAX_AGE = 7 * 24 * 3600  # longer than a token lives (TOKEN_MAX_AGE)
_NONCE_ATTRIBUTE = "_contributions_nonce"
_NONCE_FORMAT = re.compile(r"[A-Za-z0-9_-]{24}")


def nonce_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=NONCE_SALT)


def reader_nonce(request) -> str:
    """The nonce of the reader's signed cookie; "" without one (refused, altered or expired)."""
    value = request.COOKIES.get(NONCE_COOKIE, "") if request is not None else ""
    try:
        nonce = nonce_signer().unsign(value, max_age=NONCE_MAX_AGE) if value else ""
    except signing.BadSignature:
        return ""
    return nonce if _NONCE_FORMAT.fullmatch(nonce) else ""


def form_nonce(request) -> str:
    """The nonce a form shown now binds its token to: the reader's, or a new one that the
    response sets in the reader's cookie (HttpOnly, SameSite=Lax, Secure when sessions are)."""
    nonce = getattr(request, _NONCE_ATTRIBUTE, "") or reader_nonce(request)
    if not nonce:
        nonce = secrets.token_urlsafe(18)
        fragments.set_cookie(
            request,
            NONCE_COOKIE,
            nonce_signer().sign(nonce),
            max_age=NONCE_MAX_AGE,
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
            samesite="Lax",
        )
    setattr(request, _NONCE_ATTRIBUTE, nonce)
    return nonce


def _nonce_digest(nonce: str) -> str:
    return hashlib.sha256(("contributions:" + (nonce or "")).encode()).hexdigest()[:24]


def make_token(page_id: int, nonce: str, *, now: float | None = None) -> str:
    """A token for one form shown on `page_id` to the reader holding `nonce`."""
    shown_at = time.time() if now is None else now
    data = {"p": int(page_id), "t": shown_at, "s": _nonce_digest(nonce), "j": secrets.token_hex(8)}
    return signing.dumps(data, salt=TOKEN_SALT, compress=False)


def _spend(token_id: str, shown_at: float) -> bool:
    """Mark a token as used; False if it already was (one insert: of two simultaneous posts of
    one token, the unique id lets only one in)."""
    expires_at = datetime.datetime.fromtimestamp(shown_at + TOKEN_MAX_AGE, tz=datetime.UTC)
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(token_id=token_id[:32], expires_at=expires_at)
    except IntegrityError:
        return False
    return True


def token_reason(token: str, page_id: int, nonce: str, *, now: float | None = None) -> str:
    """SpamReason for a bad, replayed or too quick token, else "". A valid token is spent."""
    now = time.time() if now is None else now
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        shown_at = float(data["t"])
        token_page = int(data["p"])
        digest = str(data["s"])
        token_id = str(data["j"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return SpamReason.BAD_TOKEN
    if token_page != page_id or now - shown_at > TOKEN_MAX_AGE:
        return SpamReason.BAD_TOKEN
    if not nonce or not hmac.compare_digest(digest, _nonce_digest(nonce)):
        return SpamReason.BAD_TOKEN
    if not _spend(token_id, shown_at):
        return SpamReason.REPLAYED
    if now - shown_at < settings.REACTIONS_MIN_FILL_SECONDS:
        return SpamReason.TOO_FAST
    return ""


# --- Rate limits -------------------------------------------------------------------------------
def client_ip(request) -> str | None:
    """The address the request came from. X-Forwarded-For is not trusted: behind a proxy, the
    proxy must set REMOTE_ADDR (gunicorn's --forwarded-allow-ips, or a middleware of the host)."""
    return request.META.get("REMOTE_ADDR") or None


def _rate_key(scope: str, ip: str | None) -> str:
    digest = hashlib.sha256((ip or "unknown").encode()).hexdigest()[:32]
    return f"contributions:rate:{scope}:{digest}"


def count_hit(scope: str, ip: str | None, *, window: int) -> int | None:
    """Count one event from `ip` in `scope` for `window` seconds; None if the cache is down."""
    key = _rate_key(scope, ip)
    try:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1
    except Exception:  # noqa: BLE001 (the cache is down: no counting, let it in)
        return None


def rate_reason(ip: str | None, page_id: int) -> str:
    """Count one submission from `ip` on `page_id`; the reason when it goes past a limit."""
    on_page = count_hit(f"page{page_id}", ip, window=settings.REACTIONS_RATE_WINDOW)
    on_site = count_hit("site", ip, window=settings.REACTIONS_SITE_RATE_WINDOW)
    if on_site is not None and on_site > settings.REACTIONS_SITE_RATE_LIMIT:
        return SpamReason.SITE_RATE_LIMITED
    if on_page is not None and on_page > settings.REACTIONS_RATE_LIMIT:
        return SpamReason.RATE_LIMITED
    return ""


# --- All together ------------------------------------------------------------------------------
def screen(
    *, honeypot: str, token: str, nonce: str, page_id: int, ip: str | None, name: str, body: str
) -> str:
    """The reason to refuse this submission ("" if none). Counts it against the rate limits."""
    over_limit = rate_reason(ip, page_id)
    if honeypot.strip():
        return SpamReason.HONEYPOT
    reason = token_reason(token, page_id, nonce)
    if reason:
        return reason
    if over_limit:
        return over_limit
    if len(body) > MAX_LENGTH:
        return SpamReason.TOO_LONG
    if count_links(name, body) > MAX_LINKS:
        return SpamReason.TOO_MANY_LINKS
    return ""
