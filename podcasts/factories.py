"""Factories for tests and scripts; audio is real (a WAV written with the standard library)."""

import io
import math
import struct
import wave

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtailmedia.models import get_media_model

from .models import PodcastEpisodePage, PodcastIndexPage, PodcastShowPage


def make_wav(seconds: float = 2.0, frequency: int = 440, rate: int = 8000) -> bytes:
    """A real mono 16-bit PCM WAV with a sine tone (deterministic)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(12000 * math.sin(2 * math.pi * frequency * i / rate)))
            for i in range(int(seconds * rate))
        )
        out.writeframes(frames)
    return buffer.getvalue()


def make_audio_media(title="Épisode test", seconds=2.0, filename="episode.wav"):
    Media = get_media_model()
    media = Media(title=title, type="audio", duration=seconds)
    media.file.save(filename, ContentFile(make_wav(seconds)), save=False)
    media.save()
    return media


class PodcastIndexPageFactory(wagtail_factories.PageFactory):
    title = "Podcasts"
    slug = "podcasts"

    class Meta:
        model = PodcastIndexPage


class PodcastShowPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Émission {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    description = "Les voix des réseaux de l'ESS."
    author = "Réseau Maillage"
    owner_name = "Comité éditorial"
    owner_email = "podcast@example.org"

    class Meta:
        model = PodcastShowPage


class PodcastEpisodePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Épisode {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    summary = "Un entretien."
    audio = factory.LazyFunction(make_audio_media)
    audio_duration = 2.0
    audio_size = factory.LazyAttribute(lambda obj: obj.audio.file.size)
    audio_mime_type = "audio/wav"
    season = 1
    number = factory.Sequence(lambda n: n + 1)

    class Meta:
        model = PodcastEpisodePage
