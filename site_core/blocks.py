"""Shared StreamField blocks: one body stream used by every page type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock as WagtailImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("title"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading (h2)")), ("h3", _("Subheading (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A section heading; it appears in the table of contents.")
        preview_value = {"text": "Ce que nous avons appris", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("author"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("Reported words, with their author.")
        preview_value = {
            "quote": "On ne coopère pas par décret : on apprend à coopérer en coopérant.",
            "attribution": "Une participante",
        }


class CaptionedImageBlock(blocks.StructBlock):
    image = WagtailImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        label = _("Image")
        description = _("An image with its alternative text and an optional caption.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("label"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        label = _("Document")
        description = _("A download link, with the file's type and size.")


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul", "ol"])
    url = blocks.URLBlock(label=_("link"), required=False)
    link_text = blocks.CharBlock(label=_("link text"), required=False, max_length=100)

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        label = _("Callout")
        description = _("A box that highlights a piece of information or a call to action.")
        preview_value = {
            "title": "À retenir",
            "text": "<p>La prochaine rencontre est ouverte à toutes et tous.</p>",
        }

    def clean(self, value):
        value = super().clean(value)
        if value.get("url") and not value.get("link_text"):
            raise StructBlockValidationError(
                block_errors={
                    "link_text": ValidationError(
                        _("Give the link a text: “Read more” does not say where it leads.")
                    )
                }
            )
        return value


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph_block.html",
        description=_("Formatted text."),
        preview_value="<p>Nous avons partagé nos pratiques d'accompagnement.</p>",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    callout = CalloutBlock()

    class Meta:
        block_counts = {}
