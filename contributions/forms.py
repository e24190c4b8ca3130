from django import forms
from django.utils.translation import gettext_lazy as _

from .spam import MAX_LENGTH, make_token


class ReactionForm(forms.Form):
    """The public form. Length and links are checked by `spam.screen` (the reaction is then kept
    with its reason), so the body has no `max_length` validator here."""

    author_name = forms.CharField(
        label=_("Your name (shown with your reaction)"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    author_email = forms.EmailField(
        label=_("Your e-mail (optional, never shown)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField(
        label=_("Your reaction"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, at most %(max)s characters and two links.") % {"max": MAX_LENGTH},
    )
    # Honeypot: hidden from people (off-screen, out of the tab order), filled in by robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        if not self.is_bound and page is not None:
            self.initial["token"] = make_token(page.pk)

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        if not body.strip():
            raise forms.ValidationError(_("Write your reaction."))
        return body
