"""The moderation queue: each editor sees and moderates only their pages' reactions."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contributions.choices import ReactionStatus
from contributions.models import Reaction


def reaction_on(page, name="Camille", body="Merci !", status=ReactionStatus.PENDING):
    return Reaction.objects.create(page=page, author_name=name, body=body, status=status)


@pytest.fixture
def reaction_a(minutes_a):
    return reaction_on(minutes_a, name="Alice du groupe A", body="Texte sous A")


@pytest.fixture
def reaction_b(minutes_b):
    return reaction_on(minutes_b, name="Bruno du groupe B", body="Texte sous B")


@pytest.mark.django_db
class TestModerationScope:
    def test_editor_sees_only_their_groups_reactions(
        self, client, editor_a, editor_b, reaction_a, reaction_b
    ):
        client.force_login(editor_b)
        html = client.get(reverse("contributions_admin:index")).content.decode()
        assert "Bruno du groupe B" in html
        assert "Alice du groupe A" not in html
        assert list(Reaction.objects.moderated_by_user(editor_b)) == [reaction_b]

    def test_other_groups_reaction_is_404_on_every_url(self, client, editor_b, reaction_a):
        client.force_login(editor_b)
        assert (
            client.get(reverse("contributions_admin:detail", args=[reaction_a.pk])).status_code
            == 404
        )
        for action in ("approve", "reject", "spam", "pending"):
            url = reverse("contributions_admin:moderate", args=[reaction_a.pk, action])
            assert client.post(url).status_code == 404
        response = client.post(
            reverse("contributions_admin:bulk"), {"action": "approve", "ids": [reaction_a.pk]}
        )
        assert response.status_code == 302
        client.post(reverse("contributions_admin:bulk"), {"action": f"approve:{reaction_a.pk}"})
        reaction_a.refresh_from_db()
        assert reaction_a.status == ReactionStatus.PENDING
        assert not ModelLogEntry.objects.filter(action__startswith="contributions.reaction.a")

    def test_writers_and_anonymous_have_no_queue(self, client, writer_a, reaction_a):
        assert client.get(reverse("contributions_admin:index")).status_code == 302  # to login
        client.force_login(writer_a)
        # Wagtail turns PermissionDenied into a redirect to the dashboard with an error message.
        for url in (
            reverse("contributions_admin:index"),
            reverse("contributions_admin:detail", args=[reaction_a.pk]),
        ):
            response = client.get(url, follow=True)
            assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
            assert "Texte sous A" not in response.content.decode()
        assert "reactions" not in [item.name for item in _menu_items(client)]

    def test_committee_sees_every_group(self, client, committee_member, reaction_a, reaction_b):
        client.force_login(committee_member)
        html = client.get(reverse("contributions_admin:index")).content.decode()
        assert "Alice du groupe A" in html and "Bruno du groupe B" in html


def _menu_items(client):
    from wagtail.admin.menu import admin_menu

    request = client.get(reverse("wagtailadmin_home")).wsgi_request
    return admin_menu.menu_items_for_request(request)


@pytest.mark.django_db
class TestModerationActions:
    def test_approve_one_publishes_it_and_logs_who(self, client, editor_a, minutes_a, reaction_a):
        client.force_login(editor_a)
        response = client.post(
            reverse("contributions_admin:moderate", args=[reaction_a.pk, "approve"]), follow=True
        )
        assert "Réaction de Alice du groupe A : Approuvée." in response.content.decode()
        reaction_a.refresh_from_db()
        assert reaction_a.status == ReactionStatus.APPROVED
        assert reaction_a.moderated_by == editor_a
        entry = ModelLogEntry.objects.get(action="contributions.reaction.approve")
        assert entry.user == editor_a
        assert entry.object_id == str(reaction_a.pk)
        assert entry.data == {"from": "pending", "to": "approved"}
        assert entry.message == "Réaction approuvée"
        assert "Texte sous A" in client.__class__().get(minutes_a.url).content.decode()
        detail = client.get(reverse("contributions_admin:detail", args=[reaction_a.pk]))
        assert "Réaction approuvée" in detail.content.decode()

    def test_bulk_actions(self, client, editor_a, minutes_a):
        client.force_login(editor_a)
        reactions = [reaction_on(minutes_a, name=f"Lecteur {n}") for n in range(4)]
        url = reverse("contributions_admin:bulk")
        response = client.post(
            url, {"action": "approve", "ids": [r.pk for r in reactions[:2]]}, follow=True
        )
        assert "2 réactions : approuver." in response.content.decode()
        client.post(url, {"action": "spam", "ids": [reactions[2].pk]})
        client.post(url, {"action": f"reject:{reactions[3].pk}"})
        statuses = [Reaction.objects.get(pk=r.pk).status for r in reactions]
        assert statuses == ["approved", "approved", "spam", "rejected"]
        actions = sorted(
            ModelLogEntry.objects.filter(user=editor_a).values_list("action", flat=True)
        )
        assert actions == [
            "contributions.reaction.approve",
            "contributions.reaction.approve",
            "contributions.reaction.reject",
            "contributions.reaction.spam",
        ]
        # Back to pending, never deleted.
        client.post(url, {"action": "pending", "ids": [r.pk for r in reactions]})
        assert Reaction.objects.pending().count() == 4

    def test_queue_filters_by_status(self, client, editor_a, minutes_a):
        client.force_login(editor_a)
        reaction_on(minutes_a, name="En attente")
        reaction_on(minutes_a, name="Indésirable", status=ReactionStatus.SPAM)
        pending = client.get(reverse("contributions_admin:index")).content.decode()
        assert "En attente" in pending and "Indésirable</strong>" not in pending
        spam = client.get(reverse("contributions_admin:index") + "?status=spam").content.decode()
        assert "Indésirable</strong>" in spam

    def test_dashboard_shows_the_pending_count(self, client, editor_a, editor_b, minutes_a):
        for n in range(3):
            reaction_on(minutes_a, name=f"Lecteur {n}")
        client.force_login(editor_a)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "3 réactions sont en attente de modération sur vos pages." in html
        assert "reactions" in [item.name for item in _menu_items(client)]
        client.force_login(editor_b)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "0 réaction est en attente de modération sur vos pages." in html

    def test_open_redirect_is_refused(self, client, editor_a, reaction_a):
        client.force_login(editor_a)
        response = client.post(
            reverse("contributions_admin:bulk"),
            {"action": "approve", "ids": [reaction_a.pk], "next": "https://evil.example/"},
        )
        assert response["Location"] == reverse("contributions_admin:index")
