from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .choices import Origin


class MethodSheetForm(WagtailAdminPageForm):
    origins = forms.MultipleChoiceField(
        label=_("origins"),
        choices=Origin.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The traditions this method comes from."),
    )


class WhitePaperForm(WagtailAdminPageForm):
    def clean_pdf(self):
        document = self.cleaned_data.get("pdf")
        if document is not None and document.file_extension.lower() != "pdf":
            raise forms.ValidationError(
                _("The downloadable version must be a PDF file (this one is “%(ext)s”)."),
                params={"ext": document.file_extension or "?"},
            )
        return document
