"""A fixed-window rate limit per address in the cache (a shared cache such as Redis makes it hold
across processes). The address is REMOTE_ADDR: X-Forwarded-For is not trusted."""

import hashlib

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(namespace: str, ip: str, *, limit: int, window: int) -> bool:
    """Count one request from `ip` in `namespace`; True when it goes past `limit` per `window`."""
    key = f"{namespace}:rate:" + hashlib.sha256(ip.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
