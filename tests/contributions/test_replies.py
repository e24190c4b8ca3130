"""Replies: moderated and screened like reactions, answers as the group, e-mail opt-in."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from contributions import services
from contributions.choices import ReactionStatus, SpamReason
from contributions.models import Reaction
from site_core import fragments
from tests.contributions.conftest import reaction_data


def post(client, page, **overrides):
    return client.post(
        reverse("contributions:post", args=[page.pk]),
        reaction_data(page, client, **overrides),
        follow=True,
    )


@pytest.fixture
def question(minutes_a):
    return Reaction.objects.create(
        page=minutes_a,
        author_name="Élise",
        author_email="elise@example.org",
        notify_replies=True,
        body="Les supports de l'atelier sont-ils disponibles ?",
        status=ReactionStatus.APPROVED,
    )


@pytest.mark.django_db
class TestReplies:
    def test_a_reply_is_moderated_then_shown_under_the_reaction(
        self, client, minutes_a, question, editor_a, mailoutbox, django_capture_on_commit_callbacks
    ):
        html = client.get(minutes_a.url + f"?repondre={question.pk}").content.decode()
        assert "Répondre à Élise" in html
        response = post(client, minutes_a, parent=question.pk, body="Oui, sur demande.")
        assert "Merci ! Votre réponse est en attente de modération." in response.content.decode()
        reply = Reaction.objects.get(parent=question)
        assert reply.status == ReactionStatus.PENDING
        assert "Oui, sur demande." not in Client().get(minutes_a.url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            services.moderate([reply], ReactionStatus.APPROVED, editor_a)
        html = Client().get(minutes_a.url).content.decode()
        assert re.search(rf'id="reaction-{question.pk}".*Oui, sur demande\.', html, re.S)
        # The author asked to be told: one French e-mail with a one-click unsubscribe.
        told = [m for m in mailoutbox if m.to == ["elise@example.org"]]
        assert len(told) == 1
        assert "a répondu à votre réaction" in told[0].body
        unsubscribe = told[0].extra_headers["List-Unsubscribe"].strip("<>")
        path = unsubscribe.replace("http://localhost", "")
        assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 204
        question.refresh_from_db()
        assert question.notify_replies is False
        assert Client().get(path.replace("desabonnement/", "desabonnement/x")).status_code == 404

    def test_replies_go_through_the_spam_defences(self, client, minutes_a, question):
        response = post(client, minutes_a, parent=question.pk, website="http://x.example")
        assert "ressemble à un envoi automatique" in response.content.decode()
        assert Reaction.objects.get(parent=question).spam_reason == SpamReason.HONEYPOT

    def test_no_reply_to_a_pending_reaction(self, client, minutes_a):
        pending = Reaction.objects.create(page=minutes_a, author_name="A", body="B")
        response = post(client, minutes_a, parent=pending.pk)
        assert "votre réponse n'a pas été envoyée" in unescape(response.content.decode())
        assert Reaction.objects.count() == 1

    def test_editor_answers_as_the_group(self, client, minutes_a, question, editor_a, editor_b):
        client.force_login(editor_b)
        url = reverse("contributions_admin:answer", args=[question.pk])
        assert client.post(url, {"body": "Intrus"}).status_code == 404
        client.force_login(editor_a)
        assert client.post(url, {"body": "Oui : écrivez-nous."}).status_code == 302
        answer = Reaction.objects.get(parent=question)
        assert answer.as_group and answer.status == ReactionStatus.APPROVED
        assert answer.author_name == "L'équipe PRAXIS"
        html = Client().get(minutes_a.url).content.decode()
        assert "réponse du groupe" in html and "Oui : écrivez-nous." in html


@pytest.mark.django_db
class TestCachedPageFragments:
    def test_two_readers_of_one_cached_page_get_their_own_tokens_and_both_post(
        self, rf, minutes_a, settings
    ):
        from django.contrib.sessions.backends.db import SessionStore

        settings.REACTIONS_MIN_FILL_SECONDS = 0
        request = rf.get(minutes_a.url)
        request.session = SessionStore()
        request.defer_fragments = True
        cached = minutes_a.serve(request).render().content.decode()
        assert 'name="token"' not in cached and "csrfmiddlewaretoken" not in cached
        assert fragments.has_placeholders(cached)
        readers = [Client(), Client()]
        tokens = []
        for reader in readers:
            reader.get(minutes_a.url)  # the nonce cookie, as any first visit (and no session)
            fill = rf.get(minutes_a.url)
            fill.session = SessionStore()
            fill.COOKIES = {name: morsel.value for name, morsel in reader.cookies.items()}
            html = fragments.fill(fill, cached)
            assert not fragments.asked_cookies(fill)  # bound to the reader's own nonce
            tokens.append(re.search(r'name="token" value="([^"]+)"', html).group(1))
        assert tokens[0] != tokens[1]
        for number, (reader, token) in enumerate(zip(readers, tokens, strict=True)):
            data = reaction_data(minutes_a, reader, token=token, body=f"Lecteur {number}")
            reader.post(reverse("contributions:post", args=[minutes_a.pk]), data)
        assert Reaction.objects.filter(status=ReactionStatus.PENDING).count() == 2
