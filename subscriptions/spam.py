"""The reactions' spam defences, re-implemented for the subscription form (no import of
`contributions`): a honeypot, a signed timestamp (too quick or altered is a robot) and a rate
limit per address in the cache."""

import time

from django.conf import settings

from site_core import ratelimit

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
    return ratelimit.client_ip(request)


def hit_rate_limit(ip: str) -> bool:
    """Count one submission from `ip`; True past SUBSCRIPTIONS_RATE_LIMIT per hour."""
    return ratelimit.hit("subscriptions", ip, limit=settings.SUBSCRIPTIONS_RATE_LIMIT, window=3600)
