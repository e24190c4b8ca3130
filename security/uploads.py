"""Uploads refuse archives that inflate beyond reason (zip bombs dressed as .docx, .odt, .xlsx…).

Office documents are zip archives; text extraction (search) and previews would unpack them.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm

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
