"""The text people wrote in a page, read from the fields its `search_fields` declare.

One declaration per page type serves both Wagtail's admin search (`search_fields`) and the
public index (`BasePage.get_search_body()`). Nothing is rendered: stream blocks give their own
searchable content, rich text loses its tags and entities, and what is not prose (choice labels,
numbers, links, images, documents, anchors) is left out.
"""

from django.utils.encoding import force_str
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

# Block types whose searchable content is an interface label, a number or an address.
NOT_PROSE = (
    blocks.ChoiceBlock,
    blocks.MultipleChoiceBlock,
    blocks.BooleanBlock,
    blocks.IntegerBlock,
    blocks.FloatBlock,
    blocks.DecimalBlock,
    blocks.URLBlock,
    blocks.EmailBlock,
    blocks.DateBlock,
    blocks.TimeBlock,
    blocks.DateTimeBlock,
    blocks.ChooserBlock,
)
# Child blocks named so hold machine text (an anchor is made from the title).
NOT_PROSE_NAMES = frozenset({"anchor", "level", "url", "link", "id"})


def block_text(block, value) -> list[str]:
    """The prose of one block value, children first to last."""
    if value is None or isinstance(block, NOT_PROSE):
        return []
    if isinstance(block, blocks.StructBlock):
        found = []
        for name, child in block.child_blocks.items():
            if name not in NOT_PROSE_NAMES:
                found += block_text(child, value.get(name))
        return found
    if isinstance(block, blocks.StreamBlock):
        found = []
        for child in value:
            found += block_text(child.block, child.value)
        return found
    if isinstance(block, blocks.ListBlock):
        found = []
        for item in value:
            found += block_text(block.child_block, getattr(item, "value", item))
        return found
    if isinstance(block, blocks.RichTextBlock):
        return [
            get_text_for_indexing(force_str(value.source if hasattr(value, "source") else value))
        ]
    return [text for text in block.get_searchable_content(value) if text]


def field_text(obj, name: str) -> list[str]:
    value = getattr(obj, name, None)
    if callable(value):
        value = value()
    if value in (None, ""):
        return []
    # None for a property or a method declared in search_fields.
    model_field = next((f for f in obj._meta.get_fields() if f.name == name), None)
    if isinstance(model_field, StreamField):
        return block_text(model_field.stream_block, value)
    if isinstance(model_field, RichTextField):
        return [get_text_for_indexing(force_str(value))]
    return [force_str(value)]


def declared_text(obj, fields, skip=frozenset()) -> list[str]:
    """The text of `obj`'s declared `index.SearchField`s, following `index.RelatedFields`."""
    found = []
    for declared in fields:
        name = declared.field_name
        if name in skip:
            continue
        if isinstance(declared, index.RelatedFields):
            related = getattr(obj, name, None)
            if related is None:
                continue
            items = related.all() if hasattr(related, "all") else [related]
            for item in items:  # one line per related object: « Aïcha SCIC Terre »
                found.append(" ".join(declared_text(item, declared.fields)))
        elif isinstance(declared, index.SearchField):
            found += field_text(obj, name)
    return [text.strip() for text in found if text and text.strip()]
