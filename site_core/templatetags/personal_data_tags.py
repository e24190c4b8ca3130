"""The retention periods on the site's « Données personnelles » page (SiteSettings.privacy_page)."""

from django import template
from django.template.loader import render_to_string

from site_core import personal_data
from site_core.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def retention_periods(context, page):
    """The table of retention periods, read from the live settings, under the privacy page only."""
    request = context.get("request")
    if request is None or page is None:
        return ""
    # Cached on the request: the footer has read the same settings already.
    site_settings = SiteSettings.for_request(request)
    if site_settings.privacy_page_id != page.pk:
        return ""
    return render_to_string(
        "components/retention_periods.html",
        {"periods": personal_data.retention_periods(), "site_settings": site_settings},
        request=request,
    )
