"""Read the real facts of an audio file (duration, size, MIME type) with mutagen."""

from dataclasses import dataclass

import mutagen
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# mutagen's class name -> (MIME type, expected file extensions)
MIME_TYPES = {
    "MP3": ("audio/mpeg", {"mp3"}),
    "MP4": ("audio/mp4", {"m4a", "mp4"}),
    "OggVorbis": ("audio/ogg", {"ogg", "oga"}),
    "OggOpus": ("audio/ogg", {"opus", "ogg"}),
    "WAVE": ("audio/wav", {"wav"}),
    "FLAC": ("audio/flac", {"flac"}),
    "AAC": ("audio/aac", {"aac"}),
}


# File extension -> MIME type, for serving (the same types as the feed announces).
EXTENSION_MIME_TYPES = {
    extension: mime_type
    for mime_type, extensions in MIME_TYPES.values()
    for extension in extensions
}


def mime_type_for(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return EXTENSION_MIME_TYPES.get(extension, "application/octet-stream")


@dataclass(frozen=True)
class AudioFacts:
    duration: float  # seconds
    size: int  # bytes
    mime_type: str


def looks_like_audio(head: bytes) -> bool:
    """Whether the first bytes are those of an audio container (a renamed text file is not)."""
    return (
        head.startswith((b"ID3", b"OggS", b"fLaC"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WAVE")
        or head[4:8] == b"ftyp"
        or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)  # MPEG / ADTS frame sync
    )


def max_audio_bytes() -> int:
    return settings.MAX_AUDIO_MB * 1024 * 1024


def read_audio_facts(fileobj, name: str) -> AudioFacts:
    """Facts of an uploaded or stored audio file; ValidationError (French) when it is not usable."""
    size = getattr(fileobj, "size", None)
    if size is None:
        fileobj.seek(0, 2)
        size = fileobj.tell()
    if size > max_audio_bytes():
        raise ValidationError(
            _(
                "This file weighs %(size)s MB; the limit is %(limit)s MB. Export it at a lower bit rate (e.g. 96 kbit/s MP3)."
            ),
            code="too_large",
            params={"size": round(size / 1024 / 1024, 1), "limit": settings.MAX_AUDIO_MB},
        )
    if size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if not looks_like_audio(head):
        raise ValidationError(
            _(
                "This file is not a sound file that podcast apps can play (MP3, M4A, OGG, Opus, WAV or FLAC)."
            ),
            code="not_audio",
        )
    try:
        audio = mutagen.File(fileobj)
    except Exception as exc:  # mutagen raises many kinds of errors on damaged files  # noqa: BLE001
        raise ValidationError(
            _(
                "This audio file is damaged and cannot be read (%(error)s). Export it again from your editing software."
            ),
            code="corrupt",
            params={"error": exc.__class__.__name__},
        ) from exc
    finally:
        fileobj.seek(0)
    if audio is None or audio.info is None:
        raise ValidationError(
            _(
                "This file is not a sound file that podcast apps can play (MP3, M4A, OGG, Opus, WAV or FLAC)."
            ),
            code="not_audio",
        )
    kind = type(audio).__name__
    mime_type, extensions = MIME_TYPES.get(kind, (None, set()))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if mime_type is None:
        raise ValidationError(
            _("This audio format (%(kind)s) is not accepted by podcast apps: use MP3 or M4A."),
            code="unsupported",
            params={"kind": kind},
        )
    if extension not in extensions:
        raise ValidationError(
            _(
                "The file's name ends in “.%(extension)s” but it contains %(kind)s audio: rename it with the right extension."
            ),
            code="wrong_extension",
            params={"extension": extension, "kind": kind},
        )
    duration = float(getattr(audio.info, "length", 0) or 0)
    if duration <= 0:
        raise ValidationError(
            _("This audio file has no duration: it is probably damaged."), code="corrupt"
        )
    return AudioFacts(duration=duration, size=size, mime_type=mime_type)


def format_duration(seconds) -> str:
    """HH:MM:SS as itunes:duration and players show it."""
    seconds = int(round(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"
