"""wagtailmedia's upload form with our audio checks (settings WAGTAILMEDIA["MEDIA_FORM_BASE"])."""

from django.core.files.uploadedfile import UploadedFile
from wagtailmedia.forms import BaseMediaForm

from .audio import read_audio_facts


class AudioMediaForm(BaseMediaForm):
    """wagtailmedia's form (WAGTAILMEDIA["MEDIA_FORM_BASE"]): audio is checked and measured."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # Only a new upload is measured: an edit that keeps the file leaves it alone.
        if isinstance(uploaded, UploadedFile) and self.instance.type == "audio":
            facts = read_audio_facts(uploaded, uploaded.name)
            self.instance.duration = round(facts.duration, 2)
        return uploaded
