import datetime

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration_fr(value) -> str:
    """A cool-off delay in words: "15 minutes", "2 heures" (rounded up to the minute)."""
    if not isinstance(value, datetime.timedelta):
        return ""
    minutes = max(1, -(-int(value.total_seconds()) // 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}
