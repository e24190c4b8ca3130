"""One public address: SITE_BASE_URL drives the Wagtail Site record and every absolute URL.

Absolute URLs never come from the request's Host header (`request.build_absolute_uri`): a site
reached through a proxy, a second domain or an IP address would otherwise hand out as many
addresses as it has names. Pages use `page.get_full_url()` (the Site record, kept in step by
`sync_site()`); other paths (images, audio, feeds, the sitemap) go through `absolute()`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def base_url() -> str:
    """SITE_BASE_URL without a trailing slash: `https://example.org`, `http://127.0.0.1:8000`."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url: str | None) -> str:
    """`url` made absolute on the public address; URLs already absolute (object storage) kept."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(base_url()).scheme}:{url}"
    return base_url() + (url if url.startswith("/") else f"/{url}")


def parse_base_url(value: str) -> tuple[str, str, int]:
    """(scheme, hostname, port) of a SITE_BASE_URL; a clear error for anything else."""
    parts = urlsplit(value or "")
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_BASE_URL must look like https://example.org or http://127.0.0.1:8000, "
            f"got {value!r}"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"SITE_BASE_URL must not have a path, got {value!r}")
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if parts.scheme == "https" and port != 443:
        # Wagtail's Site.root_url writes https only for port 443.
        raise ImproperlyConfigured(
            f"SITE_BASE_URL: HTTPS is only supported on port 443 ({value!r})"
        )
    return parts.scheme, parts.hostname, port


def sync_site(using: str = "default"):
    """Make the default Wagtail Site answer at SITE_BASE_URL; returns it (None before a home
    page exists). Idempotent: saves only when something differs, which clears Wagtail's cache
    of site root paths."""
    from wagtail.models import Page, Site

    __, hostname, port = parse_base_url(base_url())
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.using(using).order_by("pk").first()
    if site is None:
        root = Page.objects.using(using).filter(depth=2).order_by("path").first()
        if root is None:
            return None
        site = Site(root_page=root, site_name=settings.WAGTAIL_SITE_NAME)
    if (site.hostname, site.port, site.is_default_site) == (hostname, port, True) and site.pk:
        return site
    site.hostname, site.port, site.is_default_site = hostname, port, True
    site.save(using=using)
    return site
