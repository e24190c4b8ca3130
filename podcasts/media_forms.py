"""wagtailmedia's upload form with our audio checks (settings WAGTAILMEDIA["MEDIA_FORM_BASE"])."""

from wagtailmedia.forms import BaseMediaForm

from .audio import read_audio_facts


class AudioMediaForm(BaseMediaForm):
    """wagtailmedia's form (WAGTAILMEDIA["MEDIA_FORM_BASE"]): audio is checked and measured."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and self.instance.type == "audio" and hasattr(uploaded, "read"):
            facts = read_audio_facts(uploaded, uploaded.name)
            self.instance.duration = round(facts.duration, 2)
        return uploaded
