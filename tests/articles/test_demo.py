"""The demo's resources: a reader finds a method by theme, prints it, follows a paper to its minutes."""

import io
from html import unescape

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from articles.models import MethodSheetPage, ResourceIndexPage, WhitePaperPage
from site_core.typography import duree


@pytest.mark.django_db
class TestDemoResources:
    @pytest.fixture
    def demo(self, home_page):
        call_command("load_demo_content", stdout=io.StringIO())
        return ResourceIndexPage.objects.get()

    def test_the_section_with_six_sheets_one_of_them_inside_a_group(self, client, demo):
        assert demo.slug == "ressources" and demo.show_in_menus and demo.live
        sheets = list(MethodSheetPage.objects.live().specific())
        assert len(sheets) >= 6
        assert any(sheet.group_page is not None for sheet in sheets)
        titles = " ".join(sheet.title.lower() for sheet in sheets)
        for words in ("théâtre-forum", "entraînement mental", "socio-analyse", "récits de vie"):
            assert words in titles
        for sheet in sheets:
            steps = list(sheet.steps.all())
            assert len(steps) >= 3 and all(step.duration_minutes for step in steps), sheet.title
            html = unescape(client.get(sheet.url).content.decode())
            assert f"Total\u00a0: {duree(60 * sum(s.duration_minutes for s in steps))}" in html
            assert 'href="/static/articles/css/print-sheet.css" media="print"' in html
            assert sheet.origins and sheet.themes.exists()

        listing = client.get(demo.url).context
        assert (
            listing["page_obj"].paginator.count
            == len(sheets) + WhitePaperPage.objects.live().count()
        )
        theme = listing["themes"][0]
        by_theme = client.get(demo.url, {"theme": theme.slug, "type": "fiche"}).context
        assert by_theme["resources"]
        assert all(theme in page.themes.all() for page in by_theme["resources"])

    def test_white_papers_lead_back_to_the_minutes_that_fed_them(self, client, demo):
        papers = list(WhitePaperPage.objects.live().specific().order_by("path"))
        assert len(papers) >= 1
        open_papers = [paper for paper in papers if paper.consultation_is_open]
        assert open_papers and all(paper.reactions_allowed() for paper in open_papers)
        assert "Consultation ouverte jusqu’au" in unescape(
            client.get(open_papers[0].url).content.decode()
        )
        for paper in papers:
            with paper.pdf.file.open("rb") as handle:
                assert PdfReader(handle).pages[0].extract_text().strip()
            sources = [source for source, _ in paper.live_sources()]
            minutes = [s for s in sources if s.content_type.model == "meetingminutespage"]
            assert minutes, paper.title
            assert {m.get_parent().pk for m in minutes} == {minutes[0].get_parent().pk}
            html = unescape(client.get(paper.url).content.decode())
            assert "Construit à partir de" in html and "Sommaire" in html
            for source in sources:
                assert f'href="{source.url}"' in html
                back = unescape(client.get(source.url).content.decode())
                assert "A nourri" in back and f'href="{paper.url}"' in back

    def test_running_the_demo_again_adds_no_resource(self, demo):
        counts = (MethodSheetPage.objects.count(), WhitePaperPage.objects.count())
        call_command("load_demo_content", stdout=io.StringIO())
        assert (MethodSheetPage.objects.count(), WhitePaperPage.objects.count()) == counts
