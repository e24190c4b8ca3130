"""Uploads refuse archives that inflate beyond reason (zip bombs dressed as .docx, .odt, .xlsx…).

Office documents are zip archives; text extraction (search) and previews would unpack them.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

# Real office documents inflate 2 to 30 times; a bomb, thousands of times.
MAX_INFLATE_RATIO = 100
# Below this, any ratio is harmless (an almost empty spreadsheet compresses very well).
RATIO_FREE_BYTES = 10 * 1024 * 1024
MAX_INFLATED_BYTES = 500 * 1024 * 1024
MAX_MEMBERS = 10_000


def check_archive(fileobj) -> None:
    """Raise ValidationError when `fileobj` is a zip archive that inflates beyond the limits."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        if not zipfile.is_zipfile(fileobj):
            return
        fileobj.seek(0, 2)
        packed = max(fileobj.tell(), 1)
        fileobj.seek(0)
        try:
            with zipfile.ZipFile(fileobj) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ValidationError(_("This archive is damaged and cannot be read.")) from exc
        inflated = sum(member.file_size for member in members)
        if (
            len(members) > MAX_MEMBERS
            or inflated > MAX_INFLATED_BYTES
            or (inflated > RATIO_FREE_BYTES and inflated > MAX_INFLATE_RATIO * packed)
        ):
            raise ValidationError(
                _(
                    "This file unpacks to %(size)s MB, far more than its own size: it is refused "
                    "as a possible « zip bomb ». Save it again from your office suite."
                )
                % {"size": inflated // (1024 * 1024)}
            )
    finally:
        fileobj.seek(position)


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE) with the archive check."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "seek") and "file" in self.changed_data:
            check_archive(uploaded)
        return uploaded


# --- Original image files -------------------------------------------------------------------------
# Wagtail already refuses a file whose content is not the image format its extension names, and
# images over WAGTAILIMAGES_MAX_IMAGE_PIXELS (a decompression bomb). We add a side limit (a
# 100 000 × 10 strip is few pixels but breaks renditions) and a frame limit (animated bombs).
MAX_IMAGE_SIDE = 12_000
MAX_IMAGE_FRAMES = 300


def check_image(fileobj) -> None:
    """Raise ValidationError for an image too wide or tall, with too many frames, or that Pillow
    cannot read at all (a file disguised as an image)."""
    from PIL import Image, UnidentifiedImageError

    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    try:
        fileobj.seek(0)
        try:
            with Image.open(fileobj) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
        except Image.DecompressionBombError as exc:
            raise ValidationError(
                _("This image has far too many pixels: it is refused as a possible bomb.")
            ) from exc
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise ValidationError(
                _("This file is not an image that can be read (JPEG, PNG, GIF, WebP or AVIF).")
            ) from exc
        if max(width, height) > MAX_IMAGE_SIDE:
            raise ValidationError(
                _(
                    "This image measures %(width)s × %(height)s pixels: the longest side may not "
                    "exceed %(limit)s pixels. Reduce it before sending it."
                )
                % {"width": width, "height": height, "limit": MAX_IMAGE_SIDE}
            )
        if frames > MAX_IMAGE_FRAMES:
            raise ValidationError(
                _("This animation has %(frames)s frames: at most %(limit)s are accepted.")
                % {"frames": frames, "limit": MAX_IMAGE_FRAMES}
            )
    finally:
        fileobj.seek(position)


class SafeImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the checks above."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "seek") and "file" in self.changed_data:
            check_image(uploaded)
        return uploaded
