import datetime
from html import unescape
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

from articles.factories import (
    MethodSheetPageFactory,
    MethodSheetStepFactory,
    WhitePaperPageFactory,
    WhitePaperSourceFactory,
)
from articles.models import MethodSheetRelated
from site_core.models import StandardPage
from tests.utils import add_child, make_private, publish
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)


@pytest.mark.django_db
class TestMethodSheet:
    def test_steps_render_in_order_with_the_total_duration(self, client, resources):
        sheet = MethodSheetPageFactory(parent=resources, title="Le théâtre-forum", slug="forum")
        MethodSheetStepFactory(sheet=sheet, title="Échauffement", duration_minutes=20, sort_order=0)
        MethodSheetStepFactory(sheet=sheet, title="Le forum", duration_minutes=60, sort_order=1)
        MethodSheetStepFactory(sheet=sheet, title="Retour", duration_minutes=25, sort_order=2)
        publish(sheet)

        html = client.get(sheet.url).content.decode()

        assert html.index("Échauffement") < html.index("Le forum") < html.index("Retour")
        assert "(20\u00a0min)" in html
        assert "Total\u00a0: 1\u00a0h\u00a045" in html
        assert '<ol class="steps">' in html
        assert sheet.total_duration == 105

    def test_origins_are_checked_and_shown_in_french(self, client, resources):
        sheet = MethodSheetPageFactory(
            parent=resources, origins=["theatre_oppressed", "popular_education"]
        )
        html = unescape(client.get(sheet.url).content.decode())
        assert "Théâtre de l’opprimé, Éducation populaire" in html
        sheet.origins = ["astrology"]
        with pytest.raises(ValidationError) as error:
            sheet.full_clean()
        assert "Origine inconnue" in str(error.value)

    def test_group_size_must_make_sense(self, resources):
        sheet = MethodSheetPageFactory(parent=resources, group_size_min=4, group_size_max=12)
        sheet.group_size_min, sheet.group_size_max = 12, 4
        with pytest.raises(ValidationError) as error:
            sheet.full_clean()
        assert "ne peut pas être plus petit" in str(error.value)

    def test_print_stylesheet_is_linked_and_served(self, client, resources):
        sheet = MethodSheetPageFactory(parent=resources)
        html = client.get(sheet.url).content.decode()
        assert 'href="/static/articles/css/print-sheet.css" media="print"' in html
        path = finders.find("articles/css/print-sheet.css")
        css = Path(path).read_text()
        assert "size: A4" in css
        assert "break-inside: avoid" in css
        response = client.get("/static/articles/css/print-sheet.css")
        assert response.status_code == 200

    def test_related_sheets_skip_unpublished_and_private_ones(self, client, resources):
        sheet = MethodSheetPageFactory(parent=resources)
        live = MethodSheetPageFactory(parent=resources, title="Récits de vie")
        gone = MethodSheetPageFactory(parent=resources, title="Fiche retirée")
        MethodSheetRelated.objects.create(page=sheet, sheet=live, sort_order=0)
        MethodSheetRelated.objects.create(page=sheet, sheet=gone, sort_order=1)
        hidden = MethodSheetPageFactory(parent=resources, title="Fiche réservée")
        MethodSheetRelated.objects.create(page=sheet, sheet=hidden, sort_order=2)
        gone.unpublish()
        make_private(hidden)
        html = client.get(sheet.url).content.decode()
        assert "Fiches liées" in html
        assert "Récits de vie" in html
        assert "Fiche retirée" not in html
        assert "Fiche réservée" not in html


@pytest.mark.django_db
class TestWhitePaper:
    def test_table_of_contents_links_to_chapter_anchors(self, client, resources):
        paper = WhitePaperPageFactory(
            parent=resources,
            chapters=[
                ("chapter", {"heading": "Ce que nous avons observé", "anchor": "", "body": []}),
                ("chapter", {"heading": "Cinq repères", "anchor": "reperes", "body": []}),
            ],
        )
        html = client.get(paper.url).content.decode()
        assert 'href="#ce-que-nous-avons-observe"' in html
        assert 'id="ce-que-nous-avons-observe"' in html
        assert 'href="#reperes"' in html and 'id="reperes"' in html
        assert "Sommaire" in html

    def test_repeated_titles_and_the_pages_own_ids_never_give_duplicate_anchors(
        self, client, resources
    ):
        def chapter(heading, anchor=""):
            return ("chapter", {"heading": heading, "anchor": anchor, "body": []})

        paper = WhitePaperPageFactory(
            parent=resources,
            chapters=[
                chapter("Synthèse"),
                chapter("Synthèse"),
                chapter("Contributeurs", anchor="contributors-title"),
                chapter("???"),
            ],
        )
        assert [anchor for anchor, _ in paper.table_of_contents()] == [
            "synthese",
            "synthese-2",
            "contributors-title-2",
            "chapitre-4",
        ]
        html = client.get(paper.url).content.decode()
        for anchor in ("synthese", "synthese-2", "contributors-title-2", "chapitre-4"):
            assert f'href="#{anchor}"' in html
            assert html.count(f'id="{anchor}"') == 1

    def test_closing_date_must_follow_the_opening_date(self, resources):
        paper = WhitePaperPageFactory(parent=resources)
        paper.consultation_opens = datetime.date(2026, 5, 1)
        paper.consultation_closes = datetime.date(2026, 4, 1)
        with pytest.raises(ValidationError) as error:
            paper.full_clean()
        assert "La consultation doit se clore après son ouverture (01/05/2026)." in str(error.value)

    @pytest.mark.parametrize(
        ("opens", "closes", "wording", "reactions"),
        [
            (-10, 30, "Consultation ouverte jusqu’au", True),
            (5, 30, "La consultation ouvrira le", False),
            (-30, -1, "Consultation close le", False),
        ],
    )
    def test_consultation_wording_and_reactions_follow_the_dates(
        self, client, resources, opens, closes, wording, reactions
    ):
        today = timezone.localdate()
        paper = WhitePaperPageFactory(
            parent=resources,
            consultation_opens=today + datetime.timedelta(days=opens),
            consultation_closes=today + datetime.timedelta(days=closes),
        )
        html = client.get(paper.url).content.decode()
        assert wording in html
        assert paper.reactions_allowed() is reactions

    def test_the_open_wording_gives_the_closing_date_in_french(self, client, resources):
        paper = WhitePaperPageFactory(
            parent=resources,
            consultation_opens=datetime.date(2026, 1, 5),
            consultation_closes=datetime.date(2026, 3, 1),
        )
        today = paper.consultation_state
        assert today(datetime.date(2026, 1, 4)) == "upcoming"
        assert today(datetime.date(2026, 1, 5)) == "open"
        assert today(datetime.date(2026, 3, 1)) == "open"
        assert today(datetime.date(2026, 3, 2)) == "closed"
        paper.consultation_closes = None
        assert today(datetime.date(2030, 1, 1)) == "open"
        paper.save_revision().publish()
        html = client.get(paper.url).content.decode()
        assert "Consultation ouverte</strong>" in html and "jusqu" not in html
        paper.consultation_opens = None
        assert today(datetime.date(2030, 1, 1)) == "none"
        assert not paper.reactions_allowed()

        window = WhitePaperPageFactory(
            parent=resources,
            consultation_opens=timezone.localdate() - datetime.timedelta(days=1),
            consultation_closes=datetime.date(2099, 3, 1),
        )
        html = unescape(client.get(window.url).content.decode())
        assert "Consultation ouverte jusqu’au 1 mars 2099" in html

    def test_pdf_must_be_a_pdf_and_the_rest_is_kept(self, client, resources, superuser):
        from django.core.files.base import ContentFile
        from wagtail.documents.models import Document
        from wagtail.test.utils.form_data import (
            inline_formset,
            nested_form_data,
            rich_text,
            streamfield,
        )

        text = Document(title="Notes de travail")
        text.file.save("notes.odt", ContentFile(b"not a pdf"), save=False)
        text.save()
        paper = WhitePaperPageFactory(parent=resources, title="Livre blanc", slug="livre-blanc")
        client.force_login(superuser)
        data = nested_form_data(
            {
                "title": "Un nouveau titre à garder",
                "slug": "livre-blanc",
                "summary": "Mon résumé précieux",
                "abstract": rich_text("<p>Résumé long</p>"),
                "chapters": streamfield([]),
                "contributors": inline_formset([]),
                "sources": inline_formset([]),
                "comments": inline_formset([]),
                "pdf": text.pk,
                "keywords": "",
            }
        )
        response = client.post(f"/admin/pages/{paper.pk}/edit/", data)

        html = response.content.decode()
        assert response.status_code == 200
        assert "doit être un fichier PDF" in html
        assert "Un nouveau titre à garder" in html
        assert "Mon résumé précieux" in html
        paper.refresh_from_db()
        assert paper.title == "Livre blanc"


@pytest.mark.django_db
class TestProvenance:
    @pytest.fixture
    def minutes(self, home_page):
        index = WorkingGroupIndexPageFactory(parent=home_page)
        group = WorkingGroupPageFactory(parent=index, short_name="GT3")
        return MeetingMinutesPageFactory(parent=group, title="Rencontre d'automne")

    def test_provenance_shows_on_both_sides(self, client, resources, minutes):
        paper = WhitePaperPageFactory(parent=resources, title="Prévenir l'usure")
        WhitePaperSourceFactory(paper=paper, source=minutes, note="atelier du matin")

        paper_html = client.get(paper.url).content.decode()
        source_html = client.get(minutes.url).content.decode()

        assert "Construit à partir de" in paper_html
        assert f'href="{minutes.url}"' in paper_html
        assert "atelier du matin" in paper_html
        assert "A nourri" in source_html
        assert f'href="{paper.url}"' in source_html

    def test_back_link_disappears_when_the_paper_is_unpublished_or_private(
        self, client, resources, minutes
    ):
        paper = WhitePaperPageFactory(parent=resources, title="Prévenir l'usure")
        WhitePaperSourceFactory(paper=paper, source=minutes)
        paper.unpublish()
        assert "A nourri" not in client.get(minutes.url).content.decode()
        publish(paper)
        assert "A nourri" in client.get(minutes.url).content.decode()
        make_private(paper)
        assert "A nourri" not in client.get(minutes.url).content.decode()

    def test_unpublished_source_is_not_linked_from_the_paper(self, client, resources, minutes):
        paper = WhitePaperPageFactory(parent=resources)
        WhitePaperSourceFactory(paper=paper, source=minutes)
        minutes.unpublish()
        assert f'href="{minutes.url}"' not in client.get(paper.url).content.decode()


@pytest.mark.django_db
class TestResourceIndex:
    @pytest.fixture
    def catalogue(self, resources):
        from site_core.models import Theme

        popular = Theme.objects.create(name="Éducation populaire")
        governance = Theme.objects.create(name="Gouvernance partagée")
        secret = Theme.objects.create(name="Seulement sur des pages cachées")
        sheet_pop = MethodSheetPageFactory(parent=resources, title="Entraînement mental")
        sheet_pop.themes = [popular]
        sheet_pop.keywords.add("décision")
        publish(sheet_pop)
        sheet_gov = MethodSheetPageFactory(parent=resources, title="Décision par consentement")
        sheet_gov.themes = [governance]
        sheet_gov.keywords.add("décision")
        publish(sheet_gov)
        paper_pop = WhitePaperPageFactory(parent=resources, title="Livre blanc populaire")
        paper_pop.themes = [popular]
        publish(paper_pop)
        draft = MethodSheetPageFactory(parent=resources, title="Brouillon populaire")
        draft.themes = [popular, secret]
        draft.keywords.add("décision", "brouillon-secret")
        publish(draft)  # the rows exist in the database: only `live` keeps it out
        draft.unpublish()
        private = MethodSheetPageFactory(parent=resources, title="Fiche privée")
        private.themes = [popular, secret]
        private.keywords.add("décision", "confidentiel")
        publish(private)
        make_private(private)
        return {"popular": popular, "governance": governance}

    def titles(self, response):
        return [page.title for page in response.context["resources"]]

    def test_lists_live_public_resources_only(self, client, resources, catalogue):
        titles = self.titles(client.get(resources.url))
        assert sorted(titles) == [
            "Décision par consentement",
            "Entraînement mental",
            "Livre blanc populaire",
        ]

    def test_filters_combine_and_can_be_removed(self, client, resources, catalogue):
        by_theme = client.get(resources.url, {"theme": "education-populaire"})
        assert sorted(self.titles(by_theme)) == ["Entraînement mental", "Livre blanc populaire"]
        both = client.get(resources.url, {"theme": "education-populaire", "type": "fiche"})
        assert self.titles(both) == ["Entraînement mental"]
        by_keyword = client.get(resources.url, {"keyword": "decision", "type": "fiche"})
        assert sorted(self.titles(by_keyword)) == [
            "Décision par consentement",
            "Entraînement mental",
        ]
        html = both.content.decode()
        assert "retirer ce filtre" in html
        assert 'href="?type=fiche"' in html  # removing the theme keeps the type

    def test_filter_links_offer_only_what_visible_resources_carry(
        self, client, resources, catalogue
    ):
        context = client.get(resources.url).context
        assert {t.name for t in context["themes"]} == {
            "Gouvernance partagée",
            "Éducation populaire",
        }
        assert [k.name for k in context["keywords"]] == ["décision"]
        html = client.get(resources.url).content.decode()
        assert "brouillon-secret" not in html and "confidentiel" not in html
        assert "Seulement sur des pages cachées" not in html
        by_draft_theme = client.get(resources.url, {"theme": "seulement-sur-des-pages-cachees"})
        assert self.titles(by_draft_theme) == []

    def test_unknown_filters_are_ignored(self, client, resources, catalogue):
        response = client.get(resources.url, {"theme": "inconnue", "type": "zzz", "page": "x"})
        assert response.status_code == 200
        assert len(self.titles(response)) == 3

    def test_paginates_with_a_fixed_number_of_queries(
        self, client, resources, django_assert_max_num_queries
    ):
        for i in range(5):
            MethodSheetPageFactory(parent=resources, title=f"Fiche {i:02d}")
        client.get(resources.url)
        with django_assert_max_num_queries(40) as few:
            client.get(resources.url)
        for i in range(5, 30):
            MethodSheetPageFactory(parent=resources, title=f"Fiche {i:02d}")
        with django_assert_max_num_queries(len(few.captured_queries)):
            first = client.get(resources.url)
        assert len(first.context["resources"]) == 12
        third = client.get(resources.url, {"page": 3})
        assert len(third.context["resources"]) == 6


@pytest.mark.django_db
class TestRelatedResources:
    def test_ordered_by_shared_themes_and_keywords_excluding_self_drafts_and_private(
        self, client, resources, home_page
    ):
        from site_core.listing import related_pages
        from site_core.models import Theme

        a, b = Theme.objects.create(name="Accompagnement"), Theme.objects.create(name="Santé")
        me = MethodSheetPageFactory(parent=resources, title="Moi")
        me.themes = [a, b]
        me.keywords.add("écoute", "posture")
        publish(me)

        def sheet(title, themes=(), keywords=(), live=True):
            page = MethodSheetPageFactory(parent=resources, title=title)
            page.themes = list(themes)
            page.keywords.add(*keywords)
            publish(page)
            if not live:
                page.unpublish()
            return page

        one_theme = sheet("Un point commun", themes=[a])
        sheet("Trois points communs", themes=[a, b], keywords=["écoute"])
        sheet("Deux points communs", keywords=["écoute", "posture"])
        sheet("Brouillon très proche", themes=[a, b], keywords=["écoute", "posture"], live=False)
        private = sheet("Privée très proche", themes=[a, b], keywords=["écoute", "posture"])
        make_private(private)
        sheet("Aucun rapport")
        other_type = add_child(home_page, StandardPage(title="Page simple liée", slug="simple"))
        other_type.keywords.add("posture")
        publish(other_type)
        # Equal scores: the most recently published first.
        Page.objects.filter(pk=one_theme.pk).update(
            first_published_at=timezone.now() - datetime.timedelta(days=30)
        )

        titles = [page.title for page in related_pages(me, limit=10)]

        assert titles == [
            "Trois points communs",
            "Deux points communs",
            "Page simple liée",
            "Un point commun",
        ]
        assert "Moi" not in titles
        assert "Brouillon très proche" not in titles
        assert "Privée très proche" not in titles
        assert "Aucun rapport" not in titles
        assert "Page simple liée" in titles
        html = client.get(me.url).content.decode()
        related = html[html.index("Ressources liées") :]
        # The page's « related » block never lists plain pages (issue 14), the rest keep their order.
        shown = [title for title in titles if title != "Page simple liée"]
        positions = [related.index(title) for title in shown]
        assert positions == sorted(positions)
        assert "Page simple liée" not in related
        assert "Aucun rapport" not in related and "Brouillon très proche" not in related

    def test_related_resources_use_a_fixed_number_of_queries(
        self, resources, django_assert_max_num_queries
    ):
        from site_core.listing import related_pages
        from site_core.models import Theme

        theme = Theme.objects.create(name="Commun")
        me = MethodSheetPageFactory(parent=resources, title="Moi")
        me.themes = [theme]
        publish(me)
        for i in range(3):
            other = MethodSheetPageFactory(parent=resources, title=f"Autre {i}")
            other.themes = [theme]
            publish(other)
        with django_assert_max_num_queries(12) as few:
            related_pages(me)
        for i in range(3, 20):
            other = MethodSheetPageFactory(parent=resources, title=f"Autre {i}")
            other.themes = [theme]
            publish(other)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(related_pages(me)) == 4
