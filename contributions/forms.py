from django import forms
from django.utils.translation import gettext_lazy as _

from .spam import MAX_LENGTH


def page_chapters(page) -> list[tuple[str, str, str]]:
    """(block id, anchor, heading) of each chapter a reader may react to; [] for other pages.

    Pages expose their chapters through `chapters_with_anchors()` (white papers); the app only
    knows that method, never the page class.
    """
    method = getattr(page, "chapters_with_anchors", None)
    if method is None:
        return []
    return [(block.id, anchor, block.value["heading"]) for anchor, block in method() if block.id]


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
    chapter = forms.ChoiceField(label=_("You react to"), required=False)
    body = forms.CharField(
        label=_("Your reaction"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, at most %(max)s characters and two links.") % {"max": MAX_LENGTH},
    )
    notify_replies = forms.BooleanField(
        label=_("E-mail me when someone replies to my reaction"),
        help_text=_("Needs your e-mail address. Each message has a link to stop them."),
        required=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # Honeypot: hidden from people (off-screen, out of the tab order), filled in by robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page=None, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.parent_reaction = parent
        chapters = page_chapters(page) if page is not None else []
        if chapters and parent is None:
            self.fields["chapter"].choices = [("", _("The whole white paper"))] + [
                (key, heading) for key, _anchor, heading in chapters
            ]
        else:
            del self.fields["chapter"]
        if parent is not None:
            del self.fields["notify_replies"]
            self.fields["body"].label = _("Your reply")
            self.initial["parent"] = parent.pk

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        if not body.strip():
            raise forms.ValidationError(_("Write your reaction."))
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("notify_replies") and not cleaned.get("author_email"):
            self.add_error(
                "author_email",
                _("Give your e-mail address to be told of replies, or untick the box."),
            )
        return cleaned


class GroupAnswerForm(forms.Form):
    """An editor's answer in the name of the page's group (the admin's detail view)."""

    body = forms.CharField(
        label=_("Answer as the group"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_LENGTH,
    )

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        if not body.strip():
            raise forms.ValidationError(_("Write your answer."))
        return body


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
