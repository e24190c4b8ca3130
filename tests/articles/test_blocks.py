import pytest
from wagtail.blocks import StructBlockValidationError

from articles.blocks import ChapterBlock

PARAGRAPH = [{"type": "paragraph", "value": "<p>Texte</p>"}]


class TestChapterBlock:
    def test_an_anchor_must_be_a_slug_and_the_error_suggests_one(self):
        block = ChapterBlock()
        value = block.to_python(
            {"heading": "Nos constats", "anchor": "Nos Constats!", "body": PARAGRAPH}
        )
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(value)
        assert list(error.value.block_errors) == ["anchor"]
        message = str(error.value.block_errors["anchor"].messages[0])
        assert message.startswith("Une ancre ne contient que des minuscules")
        assert "nos-constats" in message

    def test_a_slug_anchor_or_none_is_accepted(self):
        block = ChapterBlock()
        for anchor in ("nos-constats", ""):
            value = block.to_python(
                {
                    "heading": "Nos constats",
                    "anchor": anchor,
                    "body": [{"type": "paragraph", "value": "<p>Texte</p>"}],
                }
            )
            assert block.clean(value)["anchor"] == anchor

    def test_renders_its_heading_with_the_anchor_as_id(self):
        block = ChapterBlock()
        value = block.to_python({"heading": "Cinq repères", "anchor": "", "body": []})
        html = block.render(value)
        assert 'id="cinq-reperes"' in html and 'aria-labelledby="cinq-reperes"' in html
        assert "<h2" in html and "Cinq repères" in html
