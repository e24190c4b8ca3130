"""Chapter start times typed as time codes (1:05, 00:01:05) and stored as seconds."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .audio import format_duration


def parse_timecode(value: str) -> int:
    """Seconds from "SS", "MM:SS" or "HH:MM:SS"; ValueError when it is not a time code."""
    parts = value.strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        raise ValueError(value)
    numbers = [int(part) for part in parts]
    if any(number >= 60 for number in numbers[1:]):
        raise ValueError(value)
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


class TimecodeFormField(forms.CharField):
    default_error_messages = {
        "invalid": _("Write the time as hours:minutes:seconds, e.g. 00:12:30 or 12:30."),
    }

    def __init__(self, *, min_value=None, max_value=None, step_size=None, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "00:12:30", "size": 10}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_duration(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_timecode(value)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class TimecodeField(models.PositiveIntegerField):
    """Seconds in the database, a time code in forms."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TimecodeFormField, **kwargs})
