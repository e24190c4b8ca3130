"""A group's dossier and a theme's booklet, read back with pypdf."""

import io

import pytest
from pypdf import PdfReader
from wagtail.models import Site

from articles.factories import ResourceIndexPageFactory, WhitePaperPageFactory
from articles.models import WhitePaperSource
from site_core.models import SiteSettings
from tests.working_groups.capital_data import build_network


def logo_image():
    """A real PNG stored as a Wagtail image: a brick-red square on white."""
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (800, 400), (122, 46, 14)).save(buffer, "PNG")
    image = get_image_model()(title="Logo du réseau")
    image.file.save("logo-reseau.png", ImageFile(buffer, name="logo-reseau.png"), save=False)
    image.save()
    return image


def outline_titles(reader):
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


@pytest.fixture(scope="class")
def books(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the network once, fetch the dossier and a booklet once, for every test here."""
    from django.test import Client, override_settings

    from tests.utils import ensure_site_tree

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        from django.db import transaction

        with transaction.atomic():
            home = ensure_site_tree()
            network = build_network(home)
            resources = ResourceIndexPageFactory(parent=home)
            paper = WhitePaperPageFactory(parent=resources, title="Livre blanc de l'accueil")
            WhitePaperSource.objects.create(paper=paper, source=network["m2"])
            for name in ("m3", "s1", "draft", "private"):
                network[name].keywords.add("Tiers-lieux")
                network[name].save()
            settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
            settings_row.logo = logo_image()
            settings_row.save()
            client = Client()
            first = client.get("/groupes-de-travail/praxis/dossier.pdf")
            again = client.get("/groupes-de-travail/praxis/dossier.pdf")
            group_page = client.get("/groupes-de-travail/praxis/")
            booklet = client.get("/livrets/thematique/gouvernance-partagee.pdf")
            missing = client.get("/livrets/thematique/inconnue.pdf")
            keyword_booklet = client.get("/livrets/mot-cle/tiers-lieux.pdf")
            data = {
                "first": first,
                "again": again,
                "group_page": group_page,
                "booklet": booklet,
                "missing": missing,
                "dossier": b"".join(first.streaming_content),
                "again_bytes": b"".join(again.streaming_content),
                "booklet_bytes": b"".join(booklet.streaming_content),
                "keyword_bytes": b"".join(keyword_booklet.streaming_content),
            }
            transaction.set_rollback(True)
    return data


@pytest.mark.django_db
class TestDossier:
    def test_dossier_holds_every_published_minutes_in_order_and_no_draft(self, books):
        assert books["first"]["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(books["dossier"]))
        text = "\n".join(page.extract_text() for page in reader.pages)
        # The minutes chapters: after the contents, before the register.
        body = "\n".join(page.extract_text() for page in reader.pages[2:])
        body = body[: body.index("Registre des décisions et actions")]
        positions = [
            body.index(title)
            for title in [
                "Première rencontre PRAXIS",
                "Deuxième rencontre PRAXIS",
                "Troisième rencontre PRAXIS",
            ]
        ]
        assert positions == sorted(positions)
        assert "Rencontre en brouillon" not in text
        assert "Rencontre réservée" not in text
        assert "Action privée du bureau" not in text
        assert "Coopérative Ouest" in text and "Awa Diallo" in text
        assert "Registre des décisions et actions" in text
        assert "Livre blanc de l'accueil" in text  # built from the second meeting
        assert "Santé au travail" not in text
        assert len(reader.pages) >= 7
        metadata = reader.metadata
        assert metadata.title.startswith("Pratiques d'accompagnement")

    def test_outline_and_table_of_contents(self, books):
        reader = PdfReader(io.BytesIO(books["dossier"]))
        titles = outline_titles(reader)
        for expected in [
            "Sommaire",
            "Mission et organisations membres",
            "Comptes-rendus des rencontres",
            "Première rencontre PRAXIS",
            "Troisième rencontre PRAXIS",
            "Registre des décisions et actions",
        ]:
            assert expected in titles
        toc = reader.pages[1].extract_text()
        assert "Première rencontre PRAXIS" in toc
        # The running header carries the group's name from the third page on.
        assert "Pratiques d'accompagnement" in reader.pages[3].extract_text()
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "fr"
        assert "/StructTreeRoot" in root  # tagged PDF

    def test_cached_until_next_publish_and_linked_from_the_group_page(self, books):
        assert books["again_bytes"] == books["dossier"]
        html = books["group_page"].content.decode()
        assert "/groupes-de-travail/praxis/dossier.pdf" in html
        assert "Ko" in html or "Mo" in html

    def test_theme_booklet(self, books):
        assert books["missing"].status_code == 404
        reader = PdfReader(io.BytesIO(books["booklet_bytes"]))
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert "Gouvernance partagée" in text
        assert "Première rencontre PRAXIS" in text
        assert "Deuxième rencontre PRAXIS" not in text  # not in the theme

    def test_keyword_booklet_gathers_the_tagged_public_minutes_of_every_group(self, books):
        reader = PdfReader(io.BytesIO(books["keyword_bytes"]))
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert "Tiers-lieux" in reader.pages[0].extract_text()
        body = "\n".join(page.extract_text() for page in reader.pages[2:])  # after the contents
        assert "Troisième rencontre PRAXIS" in body
        assert "Santé au travail" in body  # a minutes page of the other group, with its group
        assert "Première rencontre PRAXIS" not in body  # not tagged
        assert "Rencontre en brouillon" not in text and "Rencontre réservée" not in text

    def test_the_cover_carries_the_networks_logo_as_a_small_rendition(self, books):
        reader = PdfReader(io.BytesIO(books["dossier"]))
        images = reader.pages[0].images
        assert len(images) == 1
        width, height = images[0].image.size
        assert (width, height) == (600, 300)  # the rendition, not the 800 × 400 upload


@pytest.mark.django_db
class TestLargeDossier:
    def test_a_large_dossier_is_left_to_a_task_with_a_french_message(
        self, client, home_page, settings, tmp_path, monkeypatch
    ):
        from django.tasks import default_task_backend

        from working_groups import dossier

        settings.MEDIA_ROOT = str(tmp_path)
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        monkeypatch.setattr(dossier, "SYNC_MAX_MINUTES", 1)
        network = build_network(home_page)
        response = client.get(network["praxis"].url + "dossier.pdf")
        assert response.status_code == 503 and response["Retry-After"] == "60"
        assert "en cours de préparation" in response.content.decode()
        result = default_task_backend.results[-1]
        assert result.task.name == "build_dossier" and result.args == [network["praxis"].pk]


@pytest.mark.django_db
class TestBookAnchors:
    def test_every_minutes_page_gives_its_headings_ids_of_its_own(
        self, home_page, settings, tmp_path, caplog
    ):
        import logging
        import re

        from django.template.loader import render_to_string

        from working_groups import dossier
        from working_groups.register import public_minutes

        settings.MEDIA_ROOT = str(tmp_path)
        network = build_network(home_page)
        body = [
            ("heading", {"text": "Tour de table", "level": "h2"}),
            ("heading", {"text": "Suites à donner", "level": "h3"}),
        ]
        for name in ("m1", "m2", "m3"):
            page = network[name]
            page.body = body
            page.save_revision().publish()
        group = network["praxis"]
        minutes_list = dossier.minutes_for_book(public_minutes(None, group))
        context = dossier.book_context(
            None, title=group.title, subtitle="", minutes_list=minutes_list, group=group
        )
        html = render_to_string("working_groups/dossier/book.html", context)
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids))
        for name in ("m1", "m3"):
            assert f'id="minutes-{network[name].pk}-tour-de-table"' in html
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            pdf = dossier.build_group_dossier(group)
        assert "Anchor defined twice" not in caplog.text
        assert "Tour de table" in "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages
        )
        # A page alone keeps its plain anchors (links to #tour-de-table still work).
        from django.test import Client

        page_html = Client().get(network["m1"].url).content.decode()
        assert 'id="tour-de-table"' in page_html


@pytest.mark.django_db
class TestBacklinksInBatch:
    @pytest.fixture
    def linked(self, home_page, settings, tmp_path):
        from podcasts.factories import (
            PodcastEpisodePageFactory,
            PodcastIndexPageFactory,
            PodcastShowPageFactory,
        )
        from podcasts.models import EpisodeFurtherLink

        settings.MEDIA_ROOT = str(tmp_path)
        network = build_network(home_page)
        resources = ResourceIndexPageFactory(parent=home_page)
        paper = WhitePaperPageFactory(parent=resources, title="Livre blanc de l'accueil")
        WhitePaperSource.objects.create(paper=paper, source=network["m1"])
        WhitePaperSource.objects.create(paper=paper, source=network["m2"])
        show = PodcastShowPageFactory(parent=PodcastIndexPageFactory(parent=home_page))
        episode = PodcastEpisodePageFactory(parent=show, title="Épisode de l'accueil")
        EpisodeFurtherLink.objects.create(episode=episode, page=network["m3"], sort_order=0)
        episode.save_revision().publish()
        return network, paper, episode

    def test_a_fixed_number_of_queries_whatever_the_number_of_minutes(
        self, linked, django_assert_num_queries
    ):
        from working_groups.dossier import backlinked_pages
        from working_groups.factories import MeetingMinutesPageFactory
        from working_groups.register import public_minutes

        network, paper, episode = linked
        few = list(public_minutes(None, network["praxis"]))
        with django_assert_num_queries(2):  # one per hook (link rows joined to their pages)
            sections = dict(backlinked_pages(few, None))
        assert sections == {"A nourri": [paper], "Écouter aussi": [episode]}
        for number in range(10):
            MeetingMinutesPageFactory(parent=network["praxis"], title=f"Rencontre {number}")
        many = list(public_minutes(None, network["praxis"]))
        assert len(many) == len(few) + 10
        with django_assert_num_queries(2):
            assert dict(backlinked_pages(many, None)) == sections

    def test_a_hook_in_the_single_form_still_counts(self, linked, client):
        from wagtail import hooks

        from working_groups.dossier import backlinked_pages
        from working_groups.register import public_minutes

        network, paper, _episode = linked
        m3 = network["m3"]

        def single(page, request):
            return [("Voir aussi", [network["s1"]])] if page.pk == m3.pk else []

        with hooks.register_temporarily("maillage_backlinks", single):
            sections = dict(backlinked_pages(list(public_minutes(None, network["praxis"])), None))
            page_html = client.get(m3.url).content.decode()
        assert sections["Voir aussi"] == [network["s1"]]
        assert sections["A nourri"] == [paper]
        assert "Voir aussi" in page_html and "Écouter aussi" in page_html
        assert "Voir aussi" not in client.get(m3.url).content.decode()
