"""Shared StreamField blocks: one body stream used by every page type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock as WagtailImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Titre de section (h2)")), ("h3", _("Sous-titre (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Titre")
        description = _("Un titre de section ; il apparaît dans la table des matières.")
        preview_value = {"text": "Ce que nous avons appris", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur ou autrice"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Citation")
        description = _("Une parole rapportée, avec son auteur ou autrice.")
        preview_value = {
            "quote": "On ne coopère pas par décret : on apprend à coopérer en coopérant.",
            "attribution": "Une participante",
        }


class CaptionedImageBlock(blocks.StructBlock):
    image = WagtailImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("légende"), required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "blocks/captioned_image_block.html"
        label = _("Image")
        description = _("Une image avec son texte alternatif et une légende facultative.")


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("intitulé"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        label = _("Document")
        description = _("Un lien de téléchargement, avec le type et la taille du fichier.")


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("texte"), features=["bold", "italic", "link", "ul", "ol"])
    url = blocks.URLBlock(label=_("lien"), required=False)
    link_text = blocks.CharBlock(label=_("texte du lien"), required=False, max_length=100)

    class Meta:
        icon = "help"
        template = "blocks/callout_block.html"
        label = _("Encadré")
        description = _("Un encadré qui met en avant une information ou un appel à agir.")
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
                        _("Donnez un texte au lien : « Lire la suite » ne dit pas où il mène.")
                    )
                }
            )
        return value


RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        icon="pilcrow",
        features=RICH_TEXT_FEATURES,
        template="blocks/paragraph_block.html",
        description=_("Du texte mis en forme."),
        preview_value="<p>Nous avons partagé nos pratiques d'accompagnement.</p>",
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    callout = CalloutBlock()

    class Meta:
        block_counts = {}
