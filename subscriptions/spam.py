"""The reactions' spam defences, re-implemented for the subscription form (no import of
`contributions`): a honeypot, a signed timestamp (too quick or altered is a robot) and a rate
limit per address in the cache."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from . import tokens

TOKEN_MAX_AGE = 2 * 24 * 3600


def make_form_token() -> str:
    return tokens.make({"t": time.time()}, tokens.FORM_SALT)


def token_problem(token: str, *, now: float | None = None) -> str:
    """ "bad" for a missing or altered token, "fast" for a form sent too soon, else ""."""
    now = time.time() if now is None else now
    data = tokens.read(token, tokens.FORM_SALT, max_age=TOKEN_MAX_AGE)
    try:
        shown_at = float(data["t"])
    except (TypeError, KeyError, ValueError):
        return "bad"
    if now - shown_at < settings.SUBSCRIPTIONS_MIN_FILL_SECONDS:
        return "fast"
    return ""


def client_ip(request) -> str:
    """REMOTE_ADDR only (X-Forwarded-For is not trusted, as in contributions)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit_rate_limit(ip: str) -> bool:
    """Count one submission from `ip`; True past SUBSCRIPTIONS_RATE_LIMIT per hour."""
    key = "subscriptions:rate:" + hashlib.sha256(ip.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > settings.SUBSCRIPTIONS_RATE_LIMIT
