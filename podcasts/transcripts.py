"""Transcript files (WebVTT or SRT): checks before an episode uses one, plain text for search."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TIMING_RE = re.compile(
    r"^\s*(\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}\s+-->\s+(\d{1,2}:)?\d{2}:\d{2}[.,]\d{3}"
)
MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024


def transcript_mime_type(name: str) -> str:
    return "text/vtt" if name.lower().endswith(".vtt") else "application/x-subrip"


def read_subtitles(document) -> str:
    with document.open_file() as handle:
        data = handle.read(MAX_TRANSCRIPT_BYTES + 1)
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise ValidationError(_("This transcript file is larger than 5 MB."), code="too_large")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("The transcript file must be UTF-8 text (save it again as UTF-8)."), code="encoding"
        ) from exc


def check_subtitles(name: str, text: str) -> None:
    """A WebVTT file starts with "WEBVTT"; both formats need at least one timed cue."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in {"vtt", "srt"}:
        raise ValidationError(
            _("The transcript file must be a WebVTT (.vtt) or SRT (.srt) file."), code="format"
        )
    if extension == "vtt" and not text.lstrip().startswith("WEBVTT"):
        raise ValidationError(
            _("This .vtt file does not start with “WEBVTT”: it is not a WebVTT file."),
            code="format",
        )
    if not any(TIMING_RE.match(line) for line in text.splitlines()):
        raise ValidationError(
            _(
                "This transcript file has no timed cue (a line like “00:00:01.000 --> 00:00:04.000”)."
            ),
            code="no_cue",
        )


def subtitles_to_text(text: str) -> str:
    """The spoken text of a WebVTT/SRT file: no header, cue numbers, timings or notes."""
    lines, skip_block, block_start = [], False, 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            skip_block, block_start = False, len(lines)
            continue
        if skip_block:
            continue
        if line.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            skip_block = True
            continue
        if TIMING_RE.match(line):
            del lines[block_start:]  # a cue identifier ("1", "intro") precedes its timing
            continue
        lines.append(re.sub(r"<[^>]+>", "", line))
    return "\n".join(lines)
