from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.admin.forms import WagtailAdminPageForm

from .audio import format_duration, read_audio_facts
from .transcripts import check_subtitles, read_subtitles

ARTWORK_MIN, ARTWORK_MAX = 1400, 3000


def check_artwork(image):
    """Apple and Podcasting 2.0: a square JPEG or PNG between 1400 and 3000 pixels."""
    if image is None:
        return
    try:
        with image.open_file() as handle, PILImage.open(handle) as picture:
            fmt, (width, height) = picture.format, picture.size
    except (OSError, ValueError) as exc:
        raise ValidationError(_("The artwork file cannot be read.")) from exc
    if fmt not in {"JPEG", "PNG"}:
        raise ValidationError(
            _("The artwork must be a JPEG or PNG image (this one is %(format)s)."),
            params={"format": fmt},
        )
    if width != height:
        raise ValidationError(
            _("The artwork must be square (this one is %(width)s × %(height)s px)."),
            params={"width": width, "height": height},
        )
    if not ARTWORK_MIN <= width <= ARTWORK_MAX:
        raise ValidationError(
            _("The artwork must measure between 1400 and 3000 px a side (this one: %(size)s px)."),
            params={"size": width},
        )


class PodcastShowForm(WagtailAdminPageForm):
    def clean_artwork(self):
        artwork = self.cleaned_data.get("artwork")
        check_artwork(artwork)
        return artwork


class PodcastEpisodeForm(WagtailAdminPageForm):
    def clean_audio(self):
        media = self.cleaned_data.get("audio")
        if media is None:
            return media
        if media.type != "audio":
            raise forms.ValidationError(_("Choose an audio file, not a video."))
        try:
            with media.file.open("rb") as handle:
                facts = read_audio_facts(handle, media.file.name)
        except FileNotFoundError as exc:
            raise forms.ValidationError(_("The audio file is missing from the server.")) from exc
        self.audio_facts = facts
        return media

    def clean_transcript_file(self):
        document = self.cleaned_data.get("transcript_file")
        if document is not None:
            try:
                check_subtitles(document.filename, read_subtitles(document))
            except FileNotFoundError as exc:
                raise forms.ValidationError(
                    _("The transcript file is missing from the server.")
                ) from exc
        return document

    def clean(self):
        cleaned_data = super().clean()
        facts = getattr(self, "audio_facts", None)
        chapters = self.formsets.get("chapters")
        if facts is not None and chapters is not None and chapters.is_valid():
            for form in chapters.forms:
                start = form.cleaned_data.get("start_seconds")
                if form.cleaned_data.get("DELETE") or start is None:
                    continue
                if start >= facts.duration:
                    form.add_error(
                        "start_seconds",
                        forms.ValidationError(
                            _("This chapter starts after the end of the audio (%(duration)s)."),
                            params={"duration": format_duration(facts.duration)},
                        ),
                    )
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=False)
        facts = getattr(self, "audio_facts", None)
        if facts is not None:
            page.audio_duration = facts.duration
            page.audio_size = facts.size
            page.audio_mime_type = facts.mime_type
        if commit:
            page.save()
            self.save_m2m()
        return page
