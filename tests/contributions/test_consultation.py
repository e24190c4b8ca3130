"""Consultation by chapter of a white paper: posting to a chapter, counts in the contents."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.factories import ResourceIndexPageFactory, WhitePaperPageFactory
from contributions import services
from contributions.choices import ReactionStatus
from contributions.models import PageReactionCount, Reaction
from tests.contributions.conftest import reaction_data


@pytest.fixture
def paper(home_page):
    resources = ResourceIndexPageFactory(parent=home_page)
    today = timezone.localdate()
    page = WhitePaperPageFactory(
        parent=resources,
        consultation_opens=today - datetime.timedelta(days=1),
        consultation_closes=today + datetime.timedelta(days=10),
        chapters=[
            ("chapter", {"heading": "Ce que nous avons observé", "anchor": "", "body": []}),
            ("chapter", {"heading": "Cinq repères", "anchor": "reperes", "body": []}),
        ],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.mark.django_db
class TestConsultationByChapter:
    def test_a_reader_reacts_to_one_chapter_and_the_contents_count_it(
        self, client, paper, django_user_model
    ):
        chapters = list(paper.chapters)
        second = chapters[1].id
        html = client.get(paper.url + f"?chapitre={second}").content.decode()
        assert re.search(rf'<option value="{second}" selected>Cinq repères</option>', html)
        response = client.post(
            reverse("contributions:post", args=[paper.pk]),
            reaction_data(paper, client, chapter=second, body="Le repère 3 manque d'exemples."),
            follow=True,
        )
        assert "en attente de modération" in response.content.decode()
        reaction = Reaction.objects.get()
        assert reaction.chapter == second
        admin = django_user_model.objects.create_superuser("admin", "a@example.org", "x")
        services.moderate([reaction], ReactionStatus.APPROVED, admin)
        assert PageReactionCount.objects.get(page=paper).by_chapter == {second: 1}
        html = Client().get(paper.url).content.decode()
        toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
        assert "1 réaction" in toc and f"?chapitre={second}#reactions" in toc
        assert "sur le chapitre « Cinq repères »" in html
        # The chapter's own list.
        html = Client().get(paper.url + f"?chapitre={chapters[0].id}").content.decode()
        assert "Le repère 3 manque" not in html

    def test_an_unknown_chapter_is_refused_in_french(self, client, paper):
        response = client.post(
            reverse("contributions:post", args=[paper.pk]),
            reaction_data(paper, client, chapter="pas-un-chapitre"),
            follow=True,
        )
        assert "Sélectionnez un choix valide" in response.content.decode()
        assert not Reaction.objects.exists()
