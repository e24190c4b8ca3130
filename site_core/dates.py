"""Dates and times the French way in the admin: 25/11/2026 and 20/01/2027 14:00.

Wagtail's date pickers follow `WAGTAIL_DATE_FORMAT` / `WAGTAIL_DATETIME_FORMAT` (settings); the
form fields below read those formats whatever the admin's language, and the picker no longer
replaces what it cannot read by today's date: the form refuses it with a French message and keeps
the rest of the input.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets.datetime import AdminDateInput, AdminDateTimeInput

# Also read: ISO dates (what imports, scripts and older drafts post) and common variants.
EXTRA_DATE_INPUT_FORMATS = ["%d/%m/%y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d"]
EXTRA_DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %Hh%M",
    "%d/%m/%Y %Hh",
    "%d/%m/%Y %H h %M",
    "%d/%m/%Y %H h",
    "%d/%m/%y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
]


def date_input_formats() -> list[str]:
    return [settings.WAGTAIL_DATE_FORMAT, *EXTRA_DATE_INPUT_FORMATS]


def datetime_input_formats() -> list[str]:
    return [settings.WAGTAIL_DATETIME_FORMAT, *EXTRA_DATETIME_INPUT_FORMATS]


class FrenchDateInput(AdminDateInput):
    """Wagtail's date picker, leaving text it cannot read for the form to refuse."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class FrenchDateTimeInput(AdminDateTimeInput):
    """Wagtail's date and time picker, leaving text it cannot read for the form to refuse."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def date_field_override(db_field):
    return {
        "widget": FrenchDateInput,
        "input_formats": date_input_formats(),
        "error_messages": {
            "invalid": _("Type the date as day/month/year, for example 25/11/2026."),
        },
    }


def datetime_field_override(db_field):
    return {
        "widget": FrenchDateTimeInput,
        "input_formats": datetime_input_formats(),
        "error_messages": {
            "invalid": _(
                "Type the date and time as day/month/year hours:minutes, "
                "for example 20/01/2027 14:00."
            ),
        },
    }


def register_admin_date_fields():
    """Every DateField / DateTimeField of the admin's model forms (called once, at start-up)."""
    register_form_field_override(models.DateField, override=date_field_override)
    register_form_field_override(models.DateTimeField, override=datetime_field_override)


def french_time(value) -> str:
    """« 14 h », « 14 h 30 » (local time, non-breaking spaces), as French typography writes it."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.time()
    if not isinstance(value, datetime.time):
        return ""
    if value.minute:
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
    return f"{value.hour}\u00a0h"
