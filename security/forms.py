"""Forms of the admin's second factor."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SecondFactorCodeForm(forms.Form):
    """One field: a six-digit code from the application, or a recovery code."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        strip=True,
        help_text=_(
            "The six digits shown by your authentication application, or one of your recovery "
            "codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code.")},
    )


class EnrolmentCodeForm(SecondFactorCodeForm):
    """At enrolment only the application's six digits make sense."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = _("Code shown by the application")
        field.help_text = _("Six digits, which change every 30 seconds.")
        field.widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})
