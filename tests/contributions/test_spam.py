"""Each spam defence refuses in French, sends the reader back to the page with their text, and
keeps what moderation needs; fair limits let a room through and stop a flood; tokens are
single-use and bound to the page and the reader's nonce (its signed cookie)."""

import re
import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from contributions.choices import ReactionStatus, SpamReason
from contributions.models import REFUSED_BODY_MAX, Reaction, SpentFormToken
from contributions.spam import (
    MAX_LENGTH,
    TOKEN_MAX_AGE,
    _spend,
    count_links,
    make_token,
    token_reason,
)
from tests.contributions.conftest import aged_token, client_nonce, reaction_data


def post(client, page, **overrides):
    return client.post(
        reverse("contributions:post", args=[page.pk]),
        reaction_data(page, client, **overrides),
        follow=True,
    )


def form_token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def assert_back_on_page(response, page):
    assert response.status_code == 200
    url, status = response.redirect_chain[-1]
    assert status == 302
    assert url.startswith(page.url) and "/envoyer/" not in url


def assert_refused(response, page, reason, french, *, kept_text=None):
    assert_back_on_page(response, page)
    html = response.content.decode()
    assert french in html
    reaction = Reaction.objects.order_by("-pk").first()
    assert reaction.status == ReactionStatus.SPAM
    assert reaction.spam_reason == reason
    if kept_text is not None:
        textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S)
        assert kept_text in textarea.group(1)
    return reaction


@pytest.mark.django_db
class TestSpamDefences:
    def test_honeypot(self, client, minutes_a, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, minutes_a, website="http://casino.example")
        reaction = assert_refused(
            response,
            minutes_a,
            SpamReason.HONEYPOT,
            "ressemble à un envoi automatique",
            kept_text="Nous avons vécu la même chose",
        )
        assert reaction.body.startswith("Merci pour ce compte-rendu.")
        assert mailoutbox == []  # robots do not wake the editors up
        # The form given back is a fresh one, with an empty honeypot.
        assert 'name="website" value="http' not in response.content.decode()

    def test_form_sent_too_fast(self, client, minutes_a):
        token = form_token(client.get(minutes_a.url).content.decode())
        response = post(client, minutes_a, token=token)
        assert_refused(
            response,
            minutes_a,
            SpamReason.TOO_FAST,
            "comme le font les robots",
            kept_text="Nous avons vécu la même chose",
        )

    def test_token_for_another_page_or_altered_or_missing(self, client, minutes_a, minutes_b):
        for token in (
            aged_token(minutes_b, client),
            aged_token(minutes_a, client)[:-3] + "abc",
            "",
        ):
            response = post(client, minutes_a, token=token)
            assert_refused(response, minutes_a, SpamReason.BAD_TOKEN, "Le formulaire avait expiré")
        assert Reaction.objects.filter(spam_reason=SpamReason.BAD_TOKEN).count() == 3

    def test_expired_token(self, minutes_a):
        old = make_token(minutes_a.pk, "nonce", now=0)
        assert token_reason(old, minutes_a.pk, "nonce") == SpamReason.BAD_TOKEN

    def test_too_long_keeps_the_readers_text_and_only_the_start_is_stored(self, client, minutes_a):
        body = "Très long témoignage. " * 200
        response = post(client, minutes_a, body=body)
        reaction = assert_refused(
            response,
            minutes_a,
            SpamReason.TOO_LONG,
            f"Votre réaction est trop longue ({len(body.strip())} caractères, {MAX_LENGTH} au plus)",
            kept_text="Très long témoignage.",
        )
        # Moderation gets the first 2 000 characters and the length sent; the reader everything.
        assert reaction.body == body.strip()[:REFUSED_BODY_MAX]
        assert reaction.body_length == len(body.strip())
        textarea = re.search(
            r'<textarea name="body"[^>]*>(.*?)</textarea>', response.content.decode(), re.S
        )
        assert len(textarea.group(1).strip()) > REFUSED_BODY_MAX

    def test_too_many_links(self, client, minutes_a):
        body = "Voir https://a.example.org, www.b.coop et http://c.example.net/page"
        response = post(client, minutes_a, body=body)
        assert_refused(
            response,
            minutes_a,
            SpamReason.TOO_MANY_LINKS,
            "Votre réaction contient 3 liens ; 2 au plus sont acceptés.",
            kept_text="www.b.coop",
        )

    def test_two_links_are_accepted(self, client, minutes_a):
        body = "Nos ressources : https://a.example.org et www.b.coop"
        assert_back_on_page(post(client, minutes_a, body=body), minutes_a)
        assert Reaction.objects.get().status == ReactionStatus.PENDING

    def test_spam_is_never_shown(self, client, minutes_a):
        post(client, minutes_a, website="x", body="Piège à robots")
        post(client, minutes_a, token="", body="Jeton absent")
        post(client, minutes_a, body="x" * (MAX_LENGTH + 1))
        post(client, minutes_a, body="Bonne réaction")
        assert Reaction.objects.count() == 4
        assert Reaction.objects.filter(status=ReactionStatus.SPAM).count() == 3
        html = Client().get(minutes_a.url).content.decode()
        for text in ("Piège à robots", "Jeton absent", "xxxxxxxxxx", "Bonne réaction"):
            assert text not in html


@pytest.mark.django_db
class TestSingleUseToken:
    def test_a_replayed_token_is_refused(self, client, minutes_a):
        token = aged_token(minutes_a, client)
        first = post(client, minutes_a, token=token, body="Premier envoi")
        assert_back_on_page(first, minutes_a)
        assert Reaction.objects.get(body="Premier envoi").status == ReactionStatus.PENDING
        again = post(client, minutes_a, token=token, body="Même formulaire, renvoyé")
        assert_refused(again, minutes_a, SpamReason.REPLAYED, "Ce formulaire avait déjà été envoyé")

    def test_a_token_from_one_page_view_serves_no_other_client(self, minutes_a):
        """Five clients that never opened the page share one page view's token: none gets in."""
        viewer = Client()
        client_nonce(viewer)
        token = aged_token(minutes_a, viewer)
        for number in range(5):
            robot = Client()
            response = robot.post(
                reverse("contributions:post", args=[minutes_a.pk]),
                reaction_data(minutes_a, robot, token=token, body=f"Robot {number}"),
            )
            assert response.status_code == 302
        assert not Reaction.objects.filter(status=ReactionStatus.PENDING).exists()
        assert set(Reaction.objects.values_list("spam_reason", flat=True)) == {SpamReason.BAD_TOKEN}

    def test_every_page_view_gives_a_fresh_token_that_works_once(self, client, minutes_a, settings):
        settings.REACTIONS_MIN_FILL_SECONDS = 0
        tokens = [form_token(client.get(minutes_a.url).content.decode()) for _ in range(3)]
        assert len(set(tokens)) == 3
        for number, token in enumerate(tokens):
            post(client, minutes_a, token=token, body=f"Envoi {number}")
        assert Reaction.objects.filter(status=ReactionStatus.PENDING).count() == 3

    def test_a_replay_is_refused_after_the_cache_is_cleared(self, client, minutes_a):
        """Spent tokens live in the database: another worker (another local-memory cache, or a
        cache that was flushed) still refuses the replay."""
        token = aged_token(minutes_a, client)
        assert_back_on_page(post(client, minutes_a, token=token, body="Premier"), minutes_a)
        spent = SpentFormToken.objects.get()
        shown_at = time.time() - 60
        assert abs(spent.expires_at.timestamp() - (shown_at + TOKEN_MAX_AGE)) < 5
        cache.clear()
        again = post(client, minutes_a, token=token, body="Rejoué vers l'autre processus")
        assert_refused(again, minutes_a, SpamReason.REPLAYED, "Ce formulaire avait déjà été envoyé")
        assert SpentFormToken.objects.count() == 1

    def test_spending_a_token_is_one_insert(self, client, minutes_a, django_assert_num_queries):
        token = aged_token(minutes_a, client)
        nonce = client_nonce(client)
        # A savepoint, the insert, its release: the unique id decides, no read before.
        with django_assert_num_queries(3) as spent:
            assert token_reason(token, minutes_a.pk, nonce) == ""
        inserts = [q["sql"] for q in spent.captured_queries if "INSERT" in q["sql"]]
        assert len(inserts) == 1 and "contributions_spentformtoken" in inserts[0]
        # A replay: the same insert fails on the unique id and its savepoint is rolled back.
        with django_assert_num_queries(4):
            assert token_reason(token, minutes_a.pk, nonce) == SpamReason.REPLAYED


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: no race to open"
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_token_cannot_both_win():
    """Two connections spend one token at the same moment: exactly one wins."""
    barrier = threading.Barrier(2)
    results = []

    def spend():
        try:
            barrier.wait(timeout=10)
            results.append(_spend("simultaneous0001", time.time()))
        finally:
            connection.close()

    threads = [threading.Thread(target=spend) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, True]
    assert SpentFormToken.objects.filter(token_id="simultaneous0001").count() == 1


@pytest.mark.django_db
class TestFairLimits:
    def test_a_room_of_eight_behind_one_address_is_accepted(self, minutes_a, settings):
        """Eight people in one workshop room, one connection, within ten minutes."""
        for number in range(8):
            person = Client(REMOTE_ADDR="203.0.113.10")
            html = person.get(minutes_a.url).content.decode()
            assert 'id="reactions-form"' in html
            response = person.post(
                reverse("contributions:post", args=[minutes_a.pk]),
                reaction_data(minutes_a, person, body=f"Participant·e {number} : merci !"),
                follow=True,
            )
            assert "Merci ! Votre réaction est en attente de modération." in (
                response.content.decode()
            )
        assert Reaction.objects.filter(status=ReactionStatus.PENDING).count() == 8

    def test_a_flood_from_one_address_is_refused(self, minutes_a, settings):
        robot = Client(REMOTE_ADDR="203.0.113.66")
        url = reverse("contributions:post", args=[minutes_a.pk])
        for number in range(30):
            robot.post(url, reaction_data(minutes_a, robot, body=f"Flood {number}"))
        limit = settings.REACTIONS_RATE_LIMIT
        assert Reaction.objects.filter(status=ReactionStatus.PENDING).count() == limit
        refused = Reaction.objects.filter(spam_reason=SpamReason.RATE_LIMITED)
        assert refused.count() == 30 - limit
        # The room next door (another address) is not affected.
        person = Client(REMOTE_ADDR="198.51.100.3")
        response = person.post(
            url, reaction_data(minutes_a, person, body="Autre salle"), follow=True
        )
        assert "en attente de modération" in response.content.decode()
        # The refused reader reads why, in French, back on the page.
        response = robot.post(url, reaction_data(minutes_a, robot, body="Une de trop"), follow=True)
        assert "Trop de réactions ont été envoyées sur cette page depuis votre connexion" in (
            response.content.decode()
        )

    def test_a_ceiling_across_the_site(self, minutes_a, minutes_b, settings):
        settings.REACTIONS_SITE_RATE_LIMIT = 6
        robot = Client(REMOTE_ADDR="203.0.113.67")
        for page in (minutes_a, minutes_b):
            for number in range(4):
                robot.post(
                    reverse("contributions:post", args=[page.pk]),
                    reaction_data(page, robot, body=f"{page.pk} {number}"),
                )
        assert Reaction.objects.filter(status=ReactionStatus.PENDING).count() == 6
        assert Reaction.objects.filter(spam_reason=SpamReason.SITE_RATE_LIMITED).count() == 2


class TestLinkCounting:
    @pytest.mark.parametrize(
        ("text", "links"),
        [
            ("Merci pour ce compte-rendu, très utile.", 0),
            ("Voir https://www.example.com/page", 1),
            ("Le site scop.coop, puis www.urscop.fr.", 2),
            ('<a href="https://x.org">x</a> [url=http://y.fr]y[/url]', 2),
            ("3,5 millions d'euros, p. ex. en 2024. Fin.", 0),
        ],
    )
    def test_count(self, text, links):
        assert count_links(text) == links
