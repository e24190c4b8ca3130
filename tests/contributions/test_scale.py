"""Reactions cost the same at 10 or 1 000: paginated threads, a stored counter on cards, a fixed
number of queries; refused floods keep the table bounded, and are purged."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contributions import counters, services
from contributions.choices import ReactionStatus, SpamReason
from contributions.models import REFUSED_BODY_MAX, PageReactionCount, Reaction


def add_threads(page, count, *, start=0, replies_every=0):
    base = timezone.now() - datetime.timedelta(days=30)
    threads = Reaction.objects.bulk_create(
        Reaction(
            page=page,
            author_name=f"Lectrice {n}",
            body=f"Réaction {n}",
            status=ReactionStatus.APPROVED,
            created_at=base + datetime.timedelta(minutes=n),
        )
        for n in range(start, start + count)
    )
    if replies_every:
        Reaction.objects.bulk_create(
            Reaction(
                page=page,
                parent=thread,
                author_name=f"Réponse à {thread.author_name}",
                body="Merci, bonne idée.",
                status=ReactionStatus.APPROVED,
                created_at=thread.created_at + datetime.timedelta(seconds=30),
            )
            for thread in threads[::replies_every]
        )
    counters.refresh(page.pk)  # bulk_create sends no signal: what a bulk import must do


def items(html):
    section = BeautifulSoup(html, "html.parser").find(id="reactions")
    return [
        li.select_one(".reaction__author").get_text()
        for li in section.select("ol.reactions__list > li")
    ]


@pytest.mark.django_db
class TestPagination:
    def test_threads_are_paginated_oldest_or_newest_first(self, client, minutes_a, settings):
        settings.REACTIONS_PER_PAGE = 5
        add_threads(minutes_a, 12, replies_every=4)
        html = client.get(minutes_a.url).content.decode()
        assert items(html) == [f"Lectrice {n}" for n in range(5)]
        assert "Page 1 sur 3" in html
        assert "Réponse à Lectrice 0" in html  # a reply under its reaction
        html = client.get(minutes_a.url + "?reactions=3").content.decode()
        assert items(html) == ["Lectrice 10", "Lectrice 11"]
        html = client.get(minutes_a.url + "?ordre=recentes").content.decode()
        assert items(html) == [f"Lectrice {n}" for n in range(11, 6, -1)]
        # Nonsense parameters fall back to the first page, oldest first; never a 500.
        html = client.get(minutes_a.url + "?reactions=abc&ordre=%00").content.decode()
        assert items(html)[0] == "Lectrice 0"
        # The heading counts every approved reaction (12 threads + 3 replies).
        assert "Réactions (15)" in BeautifulSoup(html, "html.parser").find(
            id="reactions"
        ).h2.get_text(" ", strip=True)

    def test_fixed_query_count_from_10_to_1000_reactions(
        self, client, minutes_a, django_assert_num_queries
    ):
        add_threads(minutes_a, 10, replies_every=2)
        client.get(minutes_a.url)  # warm Wagtail's caches (site root paths)
        with CaptureQueriesContext(connection) as few:
            client.get(minutes_a.url)
        small = len(few.captured_queries)
        add_threads(minutes_a, 990, start=10, replies_every=5)
        assert Reaction.objects.approved().count() > 1000
        with django_assert_num_queries(small):
            html = client.get(minutes_a.url).content.decode()
        assert len(items(html)) == 20
        assert "Page 1 sur 50" in html


@pytest.mark.django_db
class TestStoredCounter:
    def test_counter_follows_approval_and_its_withdrawal(self, minutes_a, editor_a):
        reaction = Reaction.objects.create(page=minutes_a, author_name="Léa", body="Merci")
        assert not PageReactionCount.objects.filter(page=minutes_a, approved__gt=0).exists()
        services.moderate([reaction], ReactionStatus.APPROVED, editor_a)
        assert PageReactionCount.objects.get(page=minutes_a).approved == 1
        services.moderate([reaction], ReactionStatus.REJECTED, editor_a)
        assert PageReactionCount.objects.get(page=minutes_a).approved == 0
        services.moderate([reaction], ReactionStatus.APPROVED, editor_a)
        reaction.delete()
        assert PageReactionCount.objects.get(page=minutes_a).approved == 0

    def test_refused_and_pending_reactions_never_touch_the_counter(
        self, minutes_a, django_assert_num_queries
    ):
        # Storing a pending reaction: one INSERT, no recount.
        with django_assert_num_queries(1):
            Reaction.objects.create(page=minutes_a, author_name="Léa", body="En attente")

    def test_cards_read_the_counter_in_one_query_whatever_the_number(
        self, client, home_page, minutes_a, minutes_b, django_assert_num_queries
    ):
        from site_core.models import HomePageFeatured

        for order, minutes in enumerate([minutes_a, minutes_b]):
            HomePageFeatured.objects.create(home=home_page, page=minutes, sort_order=order)
        add_threads(minutes_a, 3)
        client.get("/")
        with CaptureQueriesContext(connection) as few:
            html = client.get("/").content.decode()
        assert "3 réactions" in html
        add_threads(minutes_a, 997, start=3)
        add_threads(minutes_b, 1)
        with django_assert_num_queries(len(few.captured_queries)):
            html = client.get("/").content.decode()
        assert (
            "1000 réactions" in html or "1\u202f000 réactions" in html or "1 000 réactions" in html
        )
        assert "1 réaction<" in html
        counter_queries = [
            q["sql"] for q in few.captured_queries if "contributions_pagereactioncount" in q["sql"]
        ]
        assert len(counter_queries) == 1
        assert not [q["sql"] for q in few.captured_queries if 'contributions_reaction"' in q["sql"]]

    def test_batch_of_cards(self, rf, minutes_a, minutes_b, django_assert_num_queries):
        from contributions.display import reaction_count_badges

        add_threads(minutes_a, 2)
        request = rf.get("/")
        with django_assert_num_queries(1):
            badges = reaction_count_badges([minutes_a, minutes_b], request)
        assert "2 réactions" in badges[minutes_a.pk]
        assert minutes_b.pk not in badges


@pytest.mark.django_db
class TestBoundedRefusals:
    def test_ten_thousand_refused_posts_keep_the_table_bounded(self, minutes_a, settings):
        keep = settings.REACTIONS_REFUSED_KEEP_PER_HOUR
        body = "casino " * 3000  # 21 000 characters each
        for _number in range(10_000):
            services.receive(
                minutes_a,
                {"author_name": "robot", "body": body, "website": "http://spam.example"},
                ip="203.0.113.99",
            )
        refused = Reaction.objects.filter(status=ReactionStatus.SPAM)
        assert refused.count() == keep
        assert set(refused.values_list("spam_reason", flat=True)) == {SpamReason.HONEYPOT}
        from django.db.models.functions import Length

        stored = refused.aggregate(total=Sum(Length("body")))["total"]
        assert stored == keep * REFUSED_BODY_MAX  # about 100 kB, not 210 MB
        assert all(length == len(body) for length in refused.values_list("body_length", flat=True))
        # Another address is still heard (its refused posts are kept for moderation).
        services.receive(
            minutes_a, {"author_name": "x", "body": "y", "website": "z"}, ip="198.51.100.1"
        )
        assert refused.count() == keep + 1

    def test_flood_does_not_stop_people(self, minutes_a):
        # A person's page view after a flood still gets a working form.
        html = Client().get(minutes_a.url).content.decode()
        assert 'id="reactions-form"' in html
