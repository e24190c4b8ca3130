"""Demo subscribers in each state, and a digest the console mailer of `make run` would print."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from subscriptions.models import Status, Subscription


@pytest.mark.django_db
def test_demo_subscribers_in_each_state_and_a_digest_goes_out(home_page):
    call_command("load_demo_content", stdout=StringIO())
    states = set(Subscription.objects.values_list("status", flat=True))
    assert states == {Status.PENDING, Status.CONFIRMED, Status.UNSUBSCRIBED}
    assert set(Subscription.objects.values_list("kind", flat=True)) >= {"site", "theme", "group"}
    count = Subscription.objects.count()
    call_command("load_demo_content", stdout=StringIO())
    assert Subscription.objects.count() == count
    out = StringIO()
    call_command("send_digests", stdout=out)
    confirmed = set(
        Subscription.objects.filter(status=Status.CONFIRMED).values_list("email", flat=True)
    )
    assert mail.outbox and {m.to[0] for m in mail.outbox} <= confirmed
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)
    assert f"{len(mail.outbox)} digest(s) sent." in out.getvalue()
