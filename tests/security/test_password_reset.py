"""The admin's password reset: rate limited per address and per account, sent by a task, and
answered in the same way and time whether or not the address exists."""

import statistics
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse


@pytest.fixture
def editor(db, django_user_model):
    cache.clear()
    return django_user_model.objects.create_user(
        username="editrice", email="editrice@example.org", password="ancien-mot-de-passe"
    )


def ask(client, email, address="192.0.2.44"):
    return client.post(
        reverse("wagtailadmin_password_reset"), {"email": email}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
class TestPasswordReset:
    def test_thirty_requests_send_at_most_three_emails(self, client, editor, settings):
        for _ in range(30):
            response = ask(client, editor.email)
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_password_reset_done")
        assert len(mail.outbox) == settings.PASSWORD_RESET_PER_EMAIL
        assert mail.outbox[0].to == [editor.email]
        assert "/admin/password_reset/confirm/" in mail.outbox[0].body
        assert mail.outbox[0].body.count(settings.WAGTAILADMIN_BASE_URL) == 1

    def test_one_address_cannot_flood_many_accounts(self, client, editor, settings):
        for number in range(10):
            ask(client, f"personne-{number}@example.org")
        # The address is over its limit: even a real account gets nothing from it now…
        ask(client, editor.email)
        assert mail.outbox == []
        # …but the editor, from elsewhere, still can.
        ask(client, editor.email, address="198.51.100.9")
        assert len(mail.outbox) == 1

    def test_known_and_unknown_addresses_answer_alike_and_in_the_same_time(
        self, client, editor, settings
    ):
        # A real queue: the request only enqueues; the e-mail is built by the worker.
        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        settings.PASSWORD_RESET_PER_ADDRESS = settings.PASSWORD_RESET_PER_EMAIL = 1000

        def timed(email, number):
            start = time.perf_counter()
            response = ask(client, email, address=f"192.0.2.{number}")
            return time.perf_counter() - start, response

        known, unknown = [], []
        for number in range(12):
            duration, response_known = timed(editor.email, number)
            known.append(duration)
            duration, response_unknown = timed("personne@example.org", number + 100)
            unknown.append(duration)
            assert response_known.status_code == response_unknown.status_code == 302
            assert response_known["Location"] == response_unknown["Location"]
        assert mail.outbox == []  # nothing was sent during the requests
        difference = abs(statistics.median(known) - statistics.median(unknown))
        assert difference < 0.02, (statistics.median(known), statistics.median(unknown))
