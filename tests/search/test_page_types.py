"""Real page types through the index: working groups, minutes with PDFs (and broken PDFs)."""

import logging

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from search.service import run_search
from site_core.demo_tools import make_pdf
from tests.utils import add_child
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import MeetingMinutesDocument


def document(title, filename, content):
    doc = get_document_model()(title=title)
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


@pytest.fixture
def group(engine, home_page, publish_now):
    index = publish_now(add_child, home_page, WorkingGroupIndexPageFactory.build())
    return publish_now(
        add_child, index, WorkingGroupPageFactory.build(title="Tiers-lieux", slug="tiers-lieux")
    )


@pytest.fixture
def minutes_with(group, publish_now):
    def make(*documents, title="Rencontre de mars"):
        page = MeetingMinutesPageFactory.build(title=title)
        for doc in documents:
            page.documents.add(MeetingMinutesDocument(document=doc))
        return publish_now(add_child, group, page)

    return make


@pytest.mark.django_db
class TestMinutesAndGroups:
    def test_pdf_text_is_findable_and_the_hit_names_the_pdf(self, minutes_with):
        pdf = document(
            "Ordre du jour",
            "ordre-du-jour.pdf",
            make_pdf("Ordre du jour", ["Point sur la permaculture urbaine et le compost."]),
        )
        page = minutes_with(pdf)
        hit = run_search({"q": "permaculture"}).response.hits[0]
        assert hit.page_id == page.pk
        assert "Ordre du jour" in hit.source_label
        assert hit.source_url == pdf.url
        assert "<mark>permaculture</mark>" in hit.excerpt

    def test_unparseable_pdf_is_skipped_with_a_warning_and_the_page_indexed(
        self, minutes_with, caplog
    ):
        broken = document("Cassé", "casse.pdf", b"%PDF-1.4 this is not really a PDF")
        with caplog.at_level(logging.WARNING, logger="maillage.search"):
            page = minutes_with(broken, title="Rencontre de la permaculture")
        assert page.pk in {hit.page_id for hit in run_search({"q": "permaculture"}).response.hits}
        assert any("casse.pdf" in record.getMessage() for record in caplog.records)

    def test_huge_pdf_is_skipped_with_a_warning(self, minutes_with, settings, caplog):
        settings.SEARCH_MAX_PDF_BYTES = 200
        big = document("Gros", "gros.pdf", make_pdf("Gros", ["Lombricompost " * 40]))
        with caplog.at_level(logging.WARNING, logger="maillage.search"):
            page = minutes_with(big, title="Rencontre volumineuse")
        assert not run_search({"q": "lombricompost"}).response.total
        assert page.pk in {hit.page_id for hit in run_search({"q": "volumineuse"}).response.hits}
        assert any("over the 200 limit" in record.getMessage() for record in caplog.records)

    def test_group_facet_and_group_search_box(self, group, minutes_with, make_page, client):
        inside = minutes_with(title="Rencontre sur la mutualisation")
        outside = make_page("Mutualisation hors groupe", "Mutualisation.")
        outcome = run_search({"q": "mutualisation"})
        assert [(b.value, b.label, b.count) for b in outcome.response.facets["group"]] == [
            ("tiers-lieux", "Tiers-lieux", 1)
        ]
        within = {
            h.page_id
            for h in run_search({"q": "mutualisation", "group": "tiers-lieux"}).response.hits
        }
        assert within == {inside.pk}
        assert outside.pk not in within
        # The group page's own search box sends the group filter.
        group_html = client.get(group.url).content.decode()
        assert 'action="/recherche/"' in group_html
        assert 'name="group" value="tiers-lieux"' in group_html
        html = client.get("/recherche/", {"q": "mutualisation", "group": "tiers-lieux"}).content
        assert "Groupe de travail : Tiers-lieux" in html.decode()

    def test_meeting_minutes_type_facet(self, minutes_with):
        minutes_with(title="Rencontre sur le réemploi")
        buckets = run_search({"q": "réemploi"}).response.facets["type"]
        assert [b.value for b in buckets] == ["working_groups.meetingminutespage"]


@pytest.mark.django_db
class TestBatchedDocuments:
    """A rebuild reads the pages' relations for a whole batch: its queries do not grow with the
    number of pages, and what it reads is what each page gives on its own."""

    @pytest.fixture
    def full_minutes(self, group, publish_now):
        from working_groups.models import MeetingMinutesDecision, MeetingMinutesParticipant

        made = []

        def make(count):
            for _ in range(count):
                number = len(made) + 1
                page = MeetingMinutesPageFactory.build(title=f"Rencontre {number} sur le réemploi")
                page.participants = [
                    MeetingMinutesParticipant(name=f"Personne {number}-{n}", organisation="Relais")
                    for n in range(3)
                ]
                page.decisions = [MeetingMinutesDecision(what=f"Décision {number}", who="Léa")]
                content = make_pdf("Ordre du jour", [f"Point {number} : la ressourcerie."])
                page.documents.add(
                    MeetingMinutesDocument(document=document("Ordre", f"odj-{number}.pdf", content))
                )
                page.keywords.add(f"zèbre {number}", "atelier", f"abeille {number}")
                made.append(publish_now(add_child, group, page))
            return made

        return make

    def queries_for_every_document(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from search import indexing

        with CaptureQueriesContext(connection) as captured:
            documents = [doc for batch in indexing.document_batches() for doc in batch]
        return len(captured), documents

    def test_queries_do_not_grow_with_the_pages(self, full_minutes):
        full_minutes(2)
        few, documents = self.queries_for_every_document()
        full_minutes(6)
        many, more_documents = self.queries_for_every_document()
        assert len(more_documents) == len(documents) + 6
        assert many == few

    def test_batched_relations_are_the_pages_own(self, full_minutes):
        from search.documents import build_document

        pages = full_minutes(3)
        _, documents = self.queries_for_every_document()
        by_id = {doc.page_id: doc for doc in documents}
        for page in pages:
            alone = build_document(type(page).objects.get(pk=page.pk))
            batched = by_id[page.pk]
            assert batched.keywords == alone.keywords
            assert [name for _, name in batched.keywords][1] == "atelier"  # the page's order
            assert batched.body == alone.body
            assert "Personne" in batched.body
            assert [a.text for a in batched.attachments] == [a.text for a in alone.attachments]
            assert batched.checksum == alone.checksum


@pytest.mark.django_db
class TestExtractedTextPurge:
    def test_repair_purges_the_texts_no_page_attaches_any_more(self, minutes_with, publish_now):
        import io

        from django.core.management import call_command

        from search.models import ExtractedText

        kept = minutes_with(
            document("Gardé", "garde.pdf", make_pdf("Gardé", ["Le lombricompost du jardin."])),
            title="Rencontre gardée",
        )
        gone = minutes_with(
            document("Parti", "parti.pdf", make_pdf("Parti", ["La ressourcerie du quartier."])),
            title="Rencontre supprimée",
        )
        assert ExtractedText.objects.count() == 2
        publish_now(gone.delete)
        # A new version of the kept page's file: the old version's text is unused too.
        row = kept.documents.get()
        row.document.file.save("garde-v2.pdf", ContentFile(make_pdf("Gardé", ["Le compost."])))
        call_command("repair_search_index", stdout=io.StringIO())
        assert ExtractedText.objects.count() == 1  # the new version, read by the repair

        out = io.StringIO()
        call_command("repair_search_index", "--dry-run", stdout=out)
        assert "0 unused extracted file texts to purge." in out.getvalue()
        # Broken behind the index's back: a text no file has.
        ExtractedText.objects.create(key="f" * 32, text="Orpheline")
        out = io.StringIO()
        call_command("repair_search_index", "--dry-run", stdout=out)
        assert "1 unused extracted file texts to purge." in out.getvalue()
        assert ExtractedText.objects.filter(key="f" * 32).exists()  # a dry run deletes nothing
        out = io.StringIO()
        call_command("repair_search_index", stdout=out)
        assert "1 unused extracted file texts purged." in out.getvalue()
        (text,) = ExtractedText.objects.values_list("text", flat=True)
        assert "Le compost." in text and "lombricompost" not in text
        assert run_search({"q": "compost"}).response.total == 1
