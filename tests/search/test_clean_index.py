"""Issue 17.1: the index holds what people wrote, once — per page type, through every engine."""

import itertools

import pytest
from django.core.files.base import ContentFile
from django.db import models
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.models import get_page_models
from wagtail.search import index

from search.service import run_search
from site_core.models import BasePage
from tests.utils import add_child
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)

_words = itertools.count()


def token() -> str:
    """A made-up word no page contains (letters only: « zqvmotb »…)."""
    number = next(_words)
    letters = ""
    while True:
        letters += "bcdfghjklmnpqrstvwxz"[number % 20]
        number //= 20
        if not number:
            break
    return f"zqv{letters}mot"


def text_fields(model):
    """The declared plain-text and rich-text fields of a page type that go to the body."""
    found = []
    for declared in model.search_fields:
        if not isinstance(declared, index.SearchField) or isinstance(
            declared, index.AutocompleteField
        ):
            continue
        if declared.field_name in model.search_body_skip:
            continue
        field = next((f for f in model._meta.get_fields() if f.name == declared.field_name), None)
        if isinstance(field, models.CharField | models.TextField | RichTextField):
            found.append(field)
    return found


PAGE_TYPES = [
    model for model in get_page_models() if issubclass(model, BasePage) and text_fields(model)
]


@pytest.mark.django_db
class TestOneDeclaration:
    @pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
    def test_every_declared_text_field_reaches_the_body(self, model):
        page = model(title="Titre")
        expected = {}
        for field in text_fields(model):
            word = token()
            expected[field.name] = word
            value = f"<p>{word}</p>" if isinstance(field, RichTextField) else word
            setattr(page, field.name, value)
        body = page.get_search_body()
        missing = [name for name, word in expected.items() if word not in body]
        assert not missing, (model.__name__, missing)
        assert "<p>" not in body

    def test_drifted_fields_are_declared(self):
        from articles.models import MethodSheetPage
        from podcasts.models import PodcastShowPage

        for model, names in [
            (MethodSheetPage, {"facilitation_tips", "variants"}),
            (PodcastShowPage, {"description", "author"}),
        ]:
            assert names <= {field.name for field in text_fields(model)}


def document(title, filename, content):
    doc = get_document_model()(title=title)
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


@pytest.mark.django_db
class TestNothingButWhatPeopleWrote:
    @pytest.fixture
    def group(self, engine, home_page, publish_now):
        index_page = publish_now(add_child, home_page, WorkingGroupIndexPageFactory.build())
        return publish_now(add_child, index_page, WorkingGroupPageFactory.build(title="Habitat"))

    def test_template_labels_entities_and_file_sizes_are_not_indexed(self, group, publish_now):
        pdf = document("Charte", "charte.pdf", b"%PDF-1.4 not really" * 200)
        page = MeetingMinutesPageFactory.build(
            title="Rencontre d'avril",
            summary="",
            body=[
                (
                    "question",
                    {"question": "L'entraide tient-elle ?", "answered": False, "answer": ""},
                ),
                ("document", {"document": pdf, "title": "La charte"}),
            ],
        )
        page = publish_now(add_child, group, page)
        body = page.get_search_body()
        assert "entraide" in body and "La charte" in body
        for absent in ("soulevée", "ouverte", "x27", "&#", "Vote", "PDF", "Ko", "Mo"):
            assert absent not in body, absent
        for query in ("soulevée", "x27", "ouverte", "Ko"):
            assert page.pk not in {h.page_id for h in run_search({"q": query}).response.hits}
        assert page.pk in {h.page_id for h in run_search({"q": "entraide"}).response.hits}

    def test_excerpt_is_escaped_exactly_once(self, engine, make_page, client):
        make_page("Le risque", "Le risque qu'on ne nomme pas & ce qu'il coûte.")
        hit = run_search({"q": "risque"}).response.hits[0]
        assert "qu&#x27;on" in hit.excerpt and "&amp;#x27;" not in hit.excerpt
        html = client.get("/recherche/", {"q": "risque"}).content.decode()
        assert "qu&#x27;on ne nomme pas" in html and "&amp;#x27;" not in html
        assert "&amp;amp;" not in html

    def test_summary_is_indexed_once(self, engine, make_page):
        page = make_page("Une page", "Le corps.", summary="Le résumé parle de compost.")
        assert "compost" not in page.get_search_body()
        assert page.pk in {h.page_id for h in run_search({"q": "compost"}).response.hits}

    def test_group_name_is_a_facet_not_a_tag(self, group, publish_now):
        page = publish_now(
            add_child, group, MeetingMinutesPageFactory.build(title="Rencontre", summary="")
        )
        assert page.pk not in {h.page_id for h in run_search({"q": "habitat"}).response.hits}
        assert page.pk in {h.page_id for h in run_search({"group": group.slug}).response.hits}
