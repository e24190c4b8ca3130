"""Each spam defence refuses in French, keeps the reader's text and stores the reaction."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from contributions.choices import ReactionStatus, SpamReason
from contributions.models import Reaction
from contributions.spam import MAX_LENGTH, TOKEN_SALT, count_links, token_reason
from tests.contributions.conftest import aged_token, reaction_data


def post(client, page, **overrides):
    return client.post(
        reverse("contributions:post", args=[page.pk]), reaction_data(page, **overrides)
    )


def assert_refused(response, reason, french, *, status=400, kept_text=None):
    html = response.content.decode()
    assert response.status_code == status
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
            SpamReason.HONEYPOT,
            "ressemble à un envoi automatique",
            kept_text="Nous avons vécu la même chose",
        )
        assert reaction.body.startswith("Merci pour ce compte-rendu.")
        assert mailoutbox == []  # robots do not wake the editors up

    def test_form_sent_too_fast(self, client, minutes_a):
        html = client.get(minutes_a.url).content.decode()
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        response = post(client, minutes_a, token=token)
        assert_refused(
            response,
            SpamReason.TOO_FAST,
            "comme le font les robots",
            kept_text="Nous avons vécu la même chose",
        )

    def test_token_for_another_page_or_altered_or_missing(self, client, minutes_a, minutes_b):
        for token in (aged_token(minutes_b), aged_token(minutes_a)[:-3] + "abc", ""):
            response = post(client, minutes_a, token=token)
            assert_refused(response, SpamReason.BAD_TOKEN, "Le formulaire avait expiré")
        assert Reaction.objects.filter(spam_reason=SpamReason.BAD_TOKEN).count() == 3

    def test_expired_token(self, minutes_a):
        old = signing.dumps({"p": minutes_a.pk, "t": 0}, salt=TOKEN_SALT)
        assert token_reason(old, minutes_a.pk) == SpamReason.BAD_TOKEN

    def test_rate_limit_per_address(self, client, minutes_a, settings):
        settings.REACTIONS_RATE_LIMIT = 2
        for number in range(2):
            assert post(client, minutes_a, body=f"Réaction {number}").status_code == 302
        response = post(client, minutes_a, body="Une de trop")
        assert_refused(
            response,
            SpamReason.RATE_LIMITED,
            "Trop de réactions ont été envoyées depuis votre connexion",
            status=429,
            kept_text="Une de trop",
        )
        # Another address is not affected.
        other = post(client.__class__(REMOTE_ADDR="192.0.2.7"), minutes_a, body="Autre poste")
        assert other.status_code == 302
        statuses = list(Reaction.objects.order_by("pk").values_list("status", flat=True))
        assert statuses == ["pending", "pending", "spam", "pending"]

    def test_too_long(self, client, minutes_a):
        body = "Très long témoignage. " * 200
        response = post(client, minutes_a, body=body)
        reaction = assert_refused(
            response,
            SpamReason.TOO_LONG,
            f"Votre réaction est trop longue ({len(body.strip())} caractères, {MAX_LENGTH} au plus)",
            kept_text="Très long témoignage.",
        )
        assert reaction.body == body.strip()

    def test_too_many_links(self, client, minutes_a):
        body = "Voir https://a.example.org, www.b.coop et http://c.example.net/page"
        response = post(client, minutes_a, body=body)
        assert_refused(
            response,
            SpamReason.TOO_MANY_LINKS,
            "Votre réaction contient 3 liens ; 2 au plus sont acceptés.",
            kept_text="www.b.coop",
        )

    def test_two_links_are_accepted(self, client, minutes_a):
        body = "Nos ressources : https://a.example.org et www.b.coop"
        assert post(client, minutes_a, body=body).status_code == 302
        assert Reaction.objects.get().status == ReactionStatus.PENDING

    def test_nothing_is_deleted_and_spam_is_never_shown(self, client, minutes_a, settings):
        settings.REACTIONS_RATE_LIMIT = 100
        post(client, minutes_a, website="x", body="Piège à robots")
        post(client, minutes_a, token="", body="Jeton absent")
        post(client, minutes_a, body="x" * (MAX_LENGTH + 1))
        post(client, minutes_a, body="Bonne réaction")
        assert Reaction.objects.count() == 4
        assert Reaction.objects.filter(status=ReactionStatus.SPAM).count() == 3
        html = client.__class__().get(minutes_a.url).content.decode()
        for text in ("Piège à robots", "Jeton absent", "xxxxxxxxxx", "Bonne réaction"):
            assert text not in html


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
