"""A reader posts a reaction: stored as pending, told so in French, editors e-mailed."""

import pytest
from django.urls import reverse

from contributions.choices import ReactionStatus
from contributions.models import Reaction
from site_core.models import StandardPage
from tests.contributions.conftest import reaction_data
from tests.utils import add_child, make_private


def post_url(page):
    return reverse("contributions:post", args=[page.pk])


@pytest.mark.django_db
class TestSubmission:
    def test_reaction_is_stored_pending_and_the_reader_sees_it_awaiting(self, client, minutes_a):
        response = client.post(post_url(minutes_a), reaction_data(minutes_a, client), follow=True)
        reaction = Reaction.objects.get()
        assert reaction.status == ReactionStatus.PENDING
        assert reaction.page_id == minutes_a.pk
        assert reaction.ip_address == "127.0.0.1"
        assert response.redirect_chain[-1][0].endswith(minutes_a.url + "#reactions")
        html = response.content.decode()
        assert "Merci ! Votre réaction est en attente de modération." in html
        assert "Vos réactions en attente de modération" in html
        assert "Nous avons vécu la même chose à Lyon." in html

    def test_pending_reaction_is_hidden_from_other_readers(self, client, minutes_a):
        client.post(post_url(minutes_a), reaction_data(minutes_a, client))
        other = client.__class__()
        html = other.get(minutes_a.url).content.decode()
        assert "Nous avons vécu la même chose" not in html
        assert "Camille Martin" not in html

    def test_editors_of_the_page_get_a_french_email(
        self,
        client,
        minutes_a,
        editor_a,
        editor_b,
        committee_member,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(post_url(minutes_a), reaction_data(minutes_a, client))
        recipients = sorted(address for message in mailoutbox for address in message.to)
        assert recipients == sorted([editor_a.email, committee_member.email])
        message = mailoutbox[0]
        assert len(message.to) == 1  # one message per editor: no address disclosed
        assert message.subject == "Nouvelle réaction à modérer sous « Rencontre de Lyon »"
        assert "Camille Martin a réagi sous « Rencontre de Lyon »." in message.body
        reaction = Reaction.objects.get()
        assert f"/admin/reactions/{reaction.pk}/" in message.body
        assert "camille@example.org" not in message.body
        html = message.alternatives[0].content
        assert "Nous avons vécu la même chose à Lyon." in html

    def test_invalid_form_keeps_the_text_and_answers_in_french_back_on_the_page(
        self, client, minutes_a
    ):
        data = reaction_data(minutes_a, client, author_name="", author_email="pas-une-adresse")
        response = client.post(post_url(minutes_a), data, follow=True)
        assert response.redirect_chain[-1][0] == minutes_a.url + "#reactions-form"
        html = response.content.decode()
        assert "Votre réaction n'a pas été envoyée" in html
        assert "Champ requis." in html
        assert "Saisissez une adresse de courriel valide." in html
        # The reader's text is given back in the textarea.
        assert "Nous avons vécu la même chose à Lyon.</textarea>" in html
        assert not Reaction.objects.exists()

    def test_blank_body_is_refused_in_french(self, client, minutes_a):
        data = reaction_data(minutes_a, client, body="   \n  ")
        response = client.post(post_url(minutes_a), data, follow=True)
        assert "Champ requis." in response.content.decode()
        # The error is shown once: a reload shows a fresh, empty form.
        assert "Champ requis." not in client.get(minutes_a.url).content.decode()

    def test_get_sends_the_reader_to_the_page(self, client, minutes_a):
        response = client.get(post_url(minutes_a))
        assert response.status_code == 303
        assert response["Location"] == minutes_a.url + "#reactions-form"
        assert not Reaction.objects.exists()

    def test_page_types_without_reactions_are_refused(self, client, home_page):
        page = add_child(home_page, StandardPage(title="À propos", slug="a-propos"))
        assert client.post(post_url(page), reaction_data(page, client)).status_code == 404
        assert 'id="reactions"' not in client.get(page.url).content.decode()
        assert not Reaction.objects.exists()

    def test_drafts_and_private_pages_are_refused(self, client, group_a, minutes_a):
        from working_groups.factories import MeetingMinutesPageFactory

        draft = MeetingMinutesPageFactory(parent=group_a, live=False)
        assert client.post(post_url(draft), reaction_data(draft, client)).status_code == 404
        make_private(minutes_a)
        assert client.post(post_url(minutes_a), reaction_data(minutes_a, client)).status_code == 404
        assert not Reaction.objects.exists()

    def test_unknown_page_is_404(self, client, minutes_a):
        response = client.post(reverse("contributions:post", args=[999999]), {})
        assert response.status_code == 404
