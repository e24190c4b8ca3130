from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from site_core.public_address import absolute

register = template.Library()


@register.simple_tag
def nav_current(page, item):
    """aria-current for a navigation link: "page" on the page itself, "true" inside its section."""
    if page is None or not getattr(page, "path", None):
        return ""
    if page.pk == item.pk:
        return mark_safe(' aria-current="page"')  # noqa: S308 (constant string)
    if page.path.startswith(item.path):
        return mark_safe(' aria-current="true"')  # noqa: S308 (constant string)
    return ""


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context, page):
    """Canonical link, Open Graph and Twitter cards; every URL on SITE_BASE_URL, never the Host."""
    request = context.get("request")
    image = page.get_social_image() if hasattr(page, "get_social_image") else None
    rendition = image.get_rendition("fill-1200x630") if image is not None else None
    site = context.get("current_site")
    if site is None and request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    is_home = page.depth is not None and page.depth <= 2
    return {
        "title": page.seo_title or page.title,
        "text": page.get_social_text() if hasattr(page, "get_social_text") else "",
        "url": page.get_full_url(request) or "",
        "image_url": absolute(rendition.url) if rendition is not None else "",
        "image": rendition,
        "image_alt": getattr(image, "title", "") if image is not None else "",
        "site_name": getattr(site, "site_name", "") or "Maillage",
        "og_type": "website" if is_home else "article",
    }


@register.inclusion_tag("components/page_card.html")
def page_card(page, heading_level=3, show_type=True):
    return {"card": page, "heading_level": heading_level, "show_type": show_type}


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (None or "" removes them)."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def human_filesize(size):
    """A byte count in French units: 1,2 Mo."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    units = [_("B"), _("KB"), _("MB"), _("GB")]
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            if unit == units[0]:
                return f"{int(value)} {unit}"
            return f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    return ""


@register.filter
def file_extension(name):
    name = str(name or "")
    return name.rsplit(".", 1)[-1].upper() if "." in name else ""


@register.filter
def verbose_name_plural(model):
    return model._meta.verbose_name_plural


@register.filter
def french_time(value):
    """A time (or the local time of a datetime) as French typography writes it: 14 h, 14 h 30."""
    from site_core.dates import french_time as format_time

    return format_time(value)
