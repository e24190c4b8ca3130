"""Approved reactions under the page and counts in listings, with fixed query counts."""

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from contributions import counters
from contributions.choices import ReactionStatus
from contributions.models import Reaction
from tests.contributions.conftest import reaction_data


def add_reactions(page, count, status=ReactionStatus.APPROVED, start=0):
    Reaction.objects.bulk_create(
        Reaction(
            page=page,
            author_name=f"Lectrice {n}",
            author_email=f"lectrice{n}@example.org",
            body=f"Réaction {n}\nseconde ligne",
            status=status,
        )
        for n in range(start, start + count)
    )
    counters.refresh(page.pk)  # bulk_create sends no signal: what a bulk import must do


@pytest.mark.django_db
class TestDisplay:
    def test_approved_reactions_show_name_date_and_line_breaks_never_email(self, client, minutes_a):
        add_reactions(minutes_a, 2)
        add_reactions(minutes_a, 1, status=ReactionStatus.REJECTED, start=10)
        add_reactions(minutes_a, 1, status=ReactionStatus.SPAM, start=20)
        add_reactions(minutes_a, 1, status=ReactionStatus.PENDING, start=30)
        html = client.get(minutes_a.url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        section = soup.find(id="reactions")
        assert section.find("h2").get_text(" ", strip=True) == "Réactions (2)"
        items = section.select("ol.reactions__list > li")
        assert [item.select_one(".reaction__author").get_text() for item in items] == [
            "Lectrice 0",
            "Lectrice 1",
        ]
        assert items[0].find("time")["datetime"]
        assert items[0].find("time").get_text().startswith("le ")
        assert (
            str(items[0].select_one(".reaction__body p")) == "<p>Réaction 0<br/>seconde ligne</p>"
        )
        assert "@example.org" not in html
        for hidden in ("Lectrice 10", "Lectrice 20", "Lectrice 30"):
            assert hidden not in html

    def test_count_on_cards_in_listings_with_fixed_queries(
        self, client, home_page, minutes_a, minutes_b, django_assert_max_num_queries
    ):
        from site_core.models import HomePageFeatured

        # The home page shows its editors' picks as cards (issue 14's home).
        for order, minutes in enumerate([minutes_a, minutes_b]):
            HomePageFeatured.objects.create(home=home_page, page=minutes, sort_order=order)
        add_reactions(minutes_a, 3)
        client.get("/")
        with django_assert_max_num_queries(80) as few:
            html = client.get("/").content.decode()
        assert "3 réactions" in html
        add_reactions(minutes_b, 1)
        add_reactions(minutes_a, 40, start=3)
        with django_assert_max_num_queries(len(few.captured_queries)):
            html = client.get("/").content.decode()
        assert "43 réactions" in html
        assert "1 réaction<" in html


@pytest.mark.django_db
class TestClosedReactions:
    def test_closed_page_has_no_form_and_refuses_a_post(self, client, minutes_a):
        add_reactions(minutes_a, 1)
        minutes_a.reactions_open = False
        minutes_a.save_revision().publish()
        html = client.get(minutes_a.url).content.decode()
        assert 'id="reactions-form"' not in html
        assert "Les réactions sont fermées sur cette page." in html
        assert "Lectrice 0" in html  # what was approved stays visible
        response = client.post(
            reverse("contributions:post", args=[minutes_a.pk]),
            reaction_data(minutes_a, client),
            follow=True,
        )
        assert response.redirect_chain[-1][0] == minutes_a.url + "#reactions"
        assert "la vôtre n'a pas été enregistrée" in unescape(response.content.decode())
        assert 'id="reactions-form"' not in response.content.decode()
        assert Reaction.objects.count() == 1

    def test_type_flag_and_white_paper_style_override_close_the_form(self, minutes_a):
        from contributions.display import reactions_section

        minutes_a.reactions_allowed = lambda: False  # as a white paper outside consultation
        assert 'id="reactions-form"' not in reactions_section(minutes_a, None)
