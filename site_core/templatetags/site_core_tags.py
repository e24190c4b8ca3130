from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from site_core.public_address import absolute
from site_core.site_data import kept

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
    # The image's facts are the same for every reader: kept under the page cache's stamp (the
    # image and its rendition are two or three queries on every page that has one).
    image = (
        kept(request, f"social-image:{page.pk}", lambda: _social_image(page)) if page.pk else None
    )
    site = context.get("current_site")
    if site is None and request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    is_home = page.depth is not None and page.depth <= 2
    return {
        "title": page.seo_title or page.title,
        "text": page.get_social_text() if hasattr(page, "get_social_text") else "",
        "url": page.get_full_url(request) or "",
        "image_url": absolute(image["url"]) if image else "",
        "image": image,
        "image_alt": image["alt"] if image else "",
        "site_name": getattr(site, "site_name", "") or "Maillage",
        "og_type": "website" if is_home else "article",
    }


def _social_image(page) -> dict | None:
    image = page.get_social_image() if hasattr(page, "get_social_image") else None
    if image is None:
        return None
    rendition = image.get_rendition("fill-1200x630")
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.title or "",
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


@register.filter(needs_autoescape=True)
def typo(value, autoescape=True):
    """French typography on a value (rich text, a title): see ``site_core.typography``."""
    from django.utils.html import conditional_escape

    from site_core.typography import typographie

    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(typographie(str(text)))  # noqa: S308 (escaped above, spaces added only)


@register.filter
def heure_fr(value):
    """« 14 h », « 14 h 30 » from a time or a datetime (in the current time zone)."""
    import datetime

    from django.utils import timezone

    from site_core.typography import heure

    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return heure(value) if value else ""


@register.filter
def duree_fr(seconds):
    """A duration in words: « 1 h 20 », « 45 min », « 8 s » (from seconds or a timedelta)."""
    from site_core.typography import duree

    return duree(seconds) if seconds not in (None, "") else ""


@register.filter
def duree_minutes_fr(minutes):
    """« 2 h 50 », « 45 min » from a number of minutes."""
    from site_core.typography import duree

    try:
        return duree(int(minutes) * 60)
    except (TypeError, ValueError):
        return ""


@register.filter
def nombre_fr(value):
    """« 12 500 »: groups of three digits with narrow no-break spaces."""
    from site_core.typography import nombre

    return nombre(value)


@register.inclusion_tag("components/print_origin.html", takes_context=True)
def print_origin(context, page):
    """Where a printout comes from: its address, publication date and licence."""
    from site_core.models import SiteSettings

    request = context.get("request")
    site_settings = SiteSettings.for_request(request) if request is not None else None
    return {
        "url": page.get_full_url(request) if hasattr(page, "get_full_url") else "",
        "published": getattr(page, "first_published_at", None),
        "licence": site_settings.licence if site_settings else "",
    }


@register.inclusion_tag("components/citation.html", takes_context=True)
def citation(context, page, authors=""):
    """« Citer cette ressource »: authors (or the working group the page belongs to, or the
    site), title, site, publication date and address, the way French bibliographies cite."""
    return citation_facts(context, page, authors)


@register.inclusion_tag("components/byline.html", takes_context=True)
def byline(context, page, authors=""):
    """« Publié le 2 décembre 2026 par … » under a resource's title."""
    return citation_facts(context, page, authors)


def citation_facts(context, page, authors=""):
    """Computed once per page and request (the byline and the citation both show them)."""
    request = context.get("request")
    memo = getattr(page, "_citation_facts", None)
    if memo is not None and memo[0] == authors:
        return memo[1]
    if request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)  # memoised on the request by Wagtail
    else:
        site = page.get_site() if hasattr(page, "get_site") else None
    site_name = getattr(site, "site_name", "") or "Maillage"
    if not authors:
        # The ancestors `BasePage.route` met on its way, else one query.
        ancestors = getattr(page, "_route_ancestors", None)
        if ancestors is None:
            ancestors = list(page.get_ancestors())
        group = next(
            (
                ancestor
                for ancestor in reversed(ancestors)
                if getattr(ancestor.specific_class, "is_group_page", False)
            ),
            None,
        )
        authors = group.title if group is not None else site_name
    facts = {
        "authors": authors,
        "title": page.title,
        "site_name": site_name,
        "published": page.first_published_at or page.last_published_at,
        "url": page.get_full_url(request),
    }
    page._citation_facts = (authors, facts)
    return facts
