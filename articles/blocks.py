from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from site_core.blocks import BodyStreamBlock


class ChapterBlock(blocks.StructBlock):
    """A white paper chapter: a heading (anchor + table of contents entry) and its content."""

    heading = blocks.CharBlock(label=_("chapter title"), max_length=200)
    anchor = blocks.CharBlock(
        label=_("anchor"),
        max_length=80,
        required=False,
        help_text=_("Left empty, it is made from the title."),
    )
    body = BodyStreamBlock(label=_("content"))

    class Meta:
        icon = "doc-full"
        template = "articles/blocks/chapter_block.html"
        label = _("Chapter")
        description = _("A chapter of the white paper; it appears in the table of contents.")
        preview_value = {"heading": "Ce que nous avons appris", "body": []}

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from django.utils.text import slugify
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and slugify(anchor) != anchor:
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        _(
                            "An anchor uses only lower-case letters, digits and hyphens (e.g. “%(example)s”)."
                        ),
                        params={"example": slugify(anchor) or "chapitre-1"},
                    )
                }
            )
        return value


class ChaptersBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
