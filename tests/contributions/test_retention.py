"""Refused posts purged, addresses expired, one address exported and erased."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from contributions.choices import ReactionStatus, SpamReason
from contributions.models import PageReactionCount, Reaction, SpentFormToken


def old(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.mark.django_db
class TestRetention:
    def test_purge_and_ip_expiry(self, minutes_a, settings):
        settings.REACTIONS_REFUSED_RETENTION_DAYS = 30
        settings.REACTIONS_IP_RETENTION_DAYS = 10
        kw = {
            "page": minutes_a,
            "author_name": "x",
            "body": "y",
            "ip_address": "192.0.2.1",
            "user_agent": "Firefox",
        }
        old_spam = Reaction.objects.create(
            status=ReactionStatus.SPAM, spam_reason=SpamReason.HONEYPOT, created_at=old(31), **kw
        )
        new_spam = Reaction.objects.create(
            status=ReactionStatus.SPAM, spam_reason=SpamReason.HONEYPOT, created_at=old(29), **kw
        )
        marked = Reaction.objects.create(
            status=ReactionStatus.SPAM, created_at=old(60), **kw
        )  # by a moderator
        recent = Reaction.objects.create(created_at=old(2), **kw)
        out = io.StringIO()
        call_command("expire_reaction_data", stdout=out)
        assert "1 refused reactions deleted, 2 addresses erased." in out.getvalue()
        assert not Reaction.objects.filter(pk=old_spam.pk).exists()
        new_spam.refresh_from_db()
        marked.refresh_from_db()
        recent.refresh_from_db()
        assert new_spam.ip_address is None and new_spam.user_agent == ""
        assert marked.ip_address is None
        assert recent.ip_address == "192.0.2.1"

    def test_expired_spent_tokens_are_purged(self):
        now = timezone.now()
        expired = SpentFormToken.objects.create(token_id="a" * 16, expires_at=old(1))
        live = SpentFormToken.objects.create(
            token_id="b" * 16, expires_at=now + datetime.timedelta(hours=1)
        )
        out = io.StringIO()
        call_command("expire_reaction_data", stdout=out)
        assert "1 expired form tokens forgotten." in out.getvalue()
        assert list(SpentFormToken.objects.values_list("pk", flat=True)) == [live.pk]
        assert not SpentFormToken.objects.filter(pk=expired.pk).exists()

    def test_export_and_erase_one_address(self, minutes_a):
        mine = Reaction.objects.create(
            page=minutes_a,
            author_name="Léa",
            author_email="Lea@example.org",
            body="Ma réaction",
            status=ReactionStatus.APPROVED,
            ip_address="192.0.2.5",
        )
        Reaction.objects.create(
            page=minutes_a,
            parent=mine,
            author_name="Équipe",
            body="Réponse",
            status=ReactionStatus.APPROVED,
        )
        other = Reaction.objects.create(
            page=minutes_a,
            author_name="Max",
            author_email="max@example.org",
            body="Autre",
            status=ReactionStatus.APPROVED,
        )
        assert PageReactionCount.objects.get(page=minutes_a).approved == 3
        out = io.StringIO()
        call_command("reaction_personal_data", "export", "lea@example.org", stdout=out)
        data = json.loads(out.getvalue())
        assert [r["text"] for r in data["reactions"]] == ["Ma réaction"]
        assert data["reactions"][0]["ip_address"] == "192.0.2.5"
        call_command("reaction_personal_data", "erase", "lea@example.org", stdout=io.StringIO())
        assert list(Reaction.objects.values_list("pk", flat=True)) == [other.pk]
        assert PageReactionCount.objects.get(page=minutes_a).approved == 1
        with pytest.raises(CommandError):
            call_command("reaction_personal_data", "erase", "pas-une-adresse")
