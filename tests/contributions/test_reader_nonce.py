"""The reaction form's nonce lives in a signed cookie of its own: a first-time reader of a cached
minutes page costs no database write, and the token stays single-use, bound to the page and to
the reader's nonce; a reader whose browser keeps no cookie gets their text back, in French."""

import html as html_module
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contributions.choices import ReactionStatus, SpamReason
from contributions.models import Reaction
from contributions.spam import NONCE_COOKIE
from tests.contributions.conftest import aged_token, client_nonce, reaction_data

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(captured) -> list[str]:
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]


def form_token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


@pytest.fixture
def cache_on(settings, home_page):
    from wagtail.models import Site

    from site_core.models import SiteSettings

    # Created on first reading (a write): read it before the readers come.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE_ENABLED = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.mark.django_db
class TestNoWriteForANewReader:
    def test_first_visits_of_a_cached_minutes_page_write_nothing(self, minutes_a, cache_on):
        states = []
        for _ in range(2):  # the reader who stores the page, then one served from the cache
            reader = Client()
            with CaptureQueriesContext(connection) as captured:
                response = reader.get(minutes_a.url)
            assert response.status_code == 200
            assert 'id="reactions-form"' in response.content.decode()
            assert writes(captured) == []
            states.append(response["X-Page-Cache"])
            # The nonce comes in its own cookie; no session is created.
            cookie = response.cookies[NONCE_COOKIE]
            assert cookie["httponly"] and cookie["samesite"] == "Lax"
            assert "sessionid" not in response.cookies
            # A page holding one reader's token is theirs alone.
            assert "private" in response["Cache-Control"]
            assert "public" not in response["Cache-Control"]
        assert states == ["miss", "hit"]
        assert not Session.objects.exists()

    def test_a_hit_reads_nothing_from_the_database(
        self, minutes_a, cache_on, django_assert_max_num_queries
    ):
        Client().get(minutes_a.url)  # stored
        Client().get(minutes_a.url)  # a first hit keeps the form's page under the stamp
        # Then the form's page and its blank form come from the store; no session, no
        # navigation (no context processors).
        with django_assert_max_num_queries(0):
            hit = Client().get(minutes_a.url)
        assert hit["X-Page-Cache"] == "hit"
        assert 'name="token"' in hit.content.decode()

    def test_the_cookie_is_set_once_and_secure_in_production(self, minutes_a, cache_on, settings):
        settings.SESSION_COOKIE_SECURE = True  # as site_core.settings.production sets it
        reader = Client()
        first = reader.get(minutes_a.url)
        assert first.cookies[NONCE_COOKIE]["secure"]
        second = reader.get(minutes_a.url)
        assert second["X-Page-Cache"] == "hit"
        assert NONCE_COOKIE not in second.cookies  # the reader has one: nothing to set

    def test_pages_without_a_reaction_form_set_no_cookie_and_stay_shareable(
        self, client, group_a, cache_on
    ):
        for url in ("/", group_a.url, group_a.url):
            response = client.get(url)
            assert response.status_code == 200
            assert not response.cookies
            assert "public" in response["Cache-Control"]

    def test_the_page_cache_never_stores_the_cookie(self, minutes_a, cache_on):
        import pickle

        Client().get(minutes_a.url)
        stored = [
            pickle.loads(value)  # noqa: S301 - our own test cache
            for key, value in caches["pages"]._cache.items()
            if "page-cache:page:" in key
        ]
        assert len(stored) == 1
        assert NONCE_COOKIE.encode() not in stored[0]["content"]
        assert all(name.lower() != "set-cookie" for name, _value in stored[0]["headers"])


@pytest.mark.django_db
class TestTheTokenIsBoundToTheReadersNonce:
    def test_a_reader_posts_the_form_of_a_cached_page(self, minutes_a, cache_on, settings):
        settings.REACTIONS_MIN_FILL_SECONDS = 0
        Client().get(minutes_a.url)  # someone else stored the page
        reader = Client(enforce_csrf_checks=True)
        hit = reader.get(minutes_a.url)
        assert hit["X-Page-Cache"] == "hit"
        response = reader.post(
            reverse("contributions:post", args=[minutes_a.pk]),
            reaction_data(minutes_a, reader, token=form_token(hit.content.decode())),
            follow=True,
        )
        assert "Merci ! Votre réaction est en attente de modération." in response.content.decode()
        assert Reaction.objects.get().status == ReactionStatus.PENDING

    def test_a_post_with_another_readers_nonce_is_refused(self, minutes_a):
        alice, bob = Client(), Client()
        token = aged_token(minutes_a, alice)  # bound to Alice's nonce
        client_nonce(bob)  # Bob holds a valid nonce of his own
        response = bob.post(
            reverse("contributions:post", args=[minutes_a.pk]),
            reaction_data(minutes_a, bob, token=token, body="Avec le jeton d'Alice"),
            follow=True,
        )
        assert "Le formulaire avait expiré" in response.content.decode()
        assert Reaction.objects.get().spam_reason == SpamReason.BAD_TOKEN

    def test_a_nonce_cookie_written_by_hand_is_worth_nothing(self, minutes_a):
        alice = Client()
        nonce = client_nonce(alice)
        data = reaction_data(minutes_a, alice)  # a token bound to Alice's nonce
        forger = Client()
        forger.cookies[NONCE_COOKIE] = nonce  # the right nonce, without the site's signature
        response = forger.post(reverse("contributions:post", args=[minutes_a.pk]), data)
        assert response.status_code == 400
        assert Reaction.objects.get().spam_reason == SpamReason.BAD_TOKEN

    def test_a_token_serves_one_post_of_its_reader(self, client, minutes_a):
        token = aged_token(minutes_a, client)
        url = reverse("contributions:post", args=[minutes_a.pk])
        client.post(url, reaction_data(minutes_a, client, token=token, body="Premier"))
        client.post(url, reaction_data(minutes_a, client, token=token, body="Rejoué"))
        assert dict(Reaction.objects.values_list("body", "spam_reason")) == {
            "Premier": "",
            "Rejoué": SpamReason.REPLAYED,
        }


@pytest.mark.django_db
class TestAReaderWithoutCookies:
    def test_the_page_comes_back_with_their_text_and_a_french_explanation(self, minutes_a):
        reader = Client(enforce_csrf_checks=True)  # as strict as a browser
        html = reader.get(minutes_a.url).content.decode()
        reader.cookies.clear()  # the browser kept nothing
        response = reader.post(
            reverse("contributions:post", args=[minutes_a.pk]),
            {
                "author_name": "Awa Diallo",
                "author_email": "",
                "body": "Notre tiers-lieu a essayé la même chose.",
                "website": "",
                "token": form_token(html),
            },
        )
        assert response.status_code == 400  # no redirect: the text would be lost with it
        page = html_module.unescape(response.content.decode())
        assert "Votre navigateur n'a pas renvoyé le cookie dont ce formulaire a besoin" in page
        textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', page, re.S)
        assert "Notre tiers-lieu a essayé la même chose." in textarea.group(1)
        assert 'value="Awa Diallo"' in page
        assert "/envoyer/" not in response.get("Location", "")
        # Kept for the editors, as every refused submission.
        reaction = Reaction.objects.get()
        assert (reaction.status, reaction.spam_reason) == (
            ReactionStatus.SPAM,
            SpamReason.BAD_TOKEN,
        )
        # A new nonce is offered, should the reader now allow cookies.
        assert NONCE_COOKIE in response.cookies
        assert form_token(page) != form_token(html)

    def test_an_invalid_form_without_cookies_keeps_the_text_too(self, minutes_a):
        reader = Client()
        response = reader.post(
            reverse("contributions:post", args=[minutes_a.pk]),
            {"author_name": "", "body": "Sans nom ni cookie.", "token": "", "website": ""},
        )
        assert response.status_code == 400
        assert "Sans nom ni cookie." in response.content.decode()
        assert not Reaction.objects.exists()


@pytest.mark.django_db
class TestTheKeptBlankForm:
    """A blank form's HTML is kept under the page cache's stamp with a stand-in for the token
    (contributions/display.py): each reader still gets a token of their own, and a reply form or
    a chosen chapter is kept apart."""

    def test_two_readers_of_a_cached_page_each_post_with_their_own_token(
        self, minutes_a, cache_on, settings
    ):
        from contributions.display import TOKEN_STAND_IN

        settings.REACTIONS_MIN_FILL_SECONDS = 0
        Client().get(minutes_a.url)  # stored, the blank form kept
        readers = [Client(), Client()]
        pages = [reader.get(minutes_a.url) for reader in readers]
        assert [page["X-Page-Cache"] for page in pages] == ["hit", "hit"]
        tokens = [form_token(page.content.decode()) for page in pages]
        assert tokens[0] != tokens[1]
        for page in pages:
            assert TOKEN_STAND_IN not in page.content.decode()
        for reader, token, name in zip(
            readers, tokens, ["Alice Morel", "Bruno Diallo"], strict=True
        ):
            response = reader.post(
                reverse("contributions:post", args=[minutes_a.pk]),
                reaction_data(minutes_a, reader, token=token, author_name=name),
                follow=True,
            )
            assert "Votre réaction est en attente de modération" in response.content.decode()
        assert sorted(Reaction.objects.values_list("author_name", flat=True)) == [
            "Alice Morel",
            "Bruno Diallo",
        ]

    def test_a_reply_form_is_kept_apart_from_the_blank_one(self, minutes_a, cache_on):
        thread = Reaction.objects.create(
            page=minutes_a,
            author_name="Chloé Girard",
            author_email="chloe@example.org",
            body="Une question sur la décision 2.",
            status=ReactionStatus.APPROVED,
        )
        from contributions import counters

        counters.refresh(minutes_a.pk)
        blank = Client().get(minutes_a.url).content.decode()
        reply = Client().get(f"{minutes_a.url}?repondre={thread.pk}").content.decode()
        again = Client().get(minutes_a.url).content.decode()
        assert "Répondre à Chloé Girard" in reply
        assert "Répondre à Chloé Girard" not in blank and "Répondre à Chloé Girard" not in again
        assert form_token(reply) != form_token(again)
