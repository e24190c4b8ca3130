"""E-mail subscriptions: double opt-in, digests per frequency, one-click unsubscribe (RFC 8058),
manage by signed link, expiry, export and erase."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from subscriptions import services
from subscriptions.models import Status, Subscription
from subscriptions.spam import make_form_token
from tests.follow_corpus import at, build_corpus


@pytest.fixture
def corpus(home_page, settings):
    from django.core.cache import cache

    settings.SUBSCRIPTIONS_MIN_FILL_SECONDS = 0
    cache.clear()  # the rate limit counts per address in the cache
    return build_corpus(home_page)


def post_form(client, **data):
    payload = {
        "kind": "theme",
        "key": "ess",
        "email": "Lea@Exemple.org",
        "frequency": "weekly",
        "consent": "on",
        "website": "",
        "token": make_form_token(),
        **data,
    }
    return client.post(reverse("subscriptions:subscribe"), payload)


def link_in(message, name):
    return re.search(rf"http://localhost(/abonnement/{name}/[^/\s\"]+/)", message.body).group(1)


def test_double_opt_in_sends_nothing_before_confirmation(client, corpus):
    page = client.get(reverse("subscriptions:subscribe") + "?kind=theme&key=ess")
    assert "Économie sociale et solidaire" in page.content.decode()
    response = post_form(client)
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.email == "lea@exemple.org" and subscription.status == Status.PENDING
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Confirmez" in message.subject and message.to == ["lea@exemple.org"]
    assert message.alternatives[0].mimetype == "text/html"
    assert "Comment ce courriel" in message.body and "List-Unsubscribe" not in message.extra_headers
    # Not confirmed: no digest, even with new publications.
    assert services.send_digests(now=at(28)) == 0
    confirm_url = link_in(message, "confirmer")
    assert client.get(confirm_url).status_code == 200
    assert (
        Subscription.objects.get().status == Status.PENDING
    )  # a GET (link checker) confirms nothing
    response = client.post(confirm_url)
    assert response.status_code == 302 and "/abonnement/gerer/" in response["Location"]
    assert Subscription.objects.get().status == Status.CONFIRMED
    # Subscribing again while confirmed sends only the link to manage (no second confirmation).
    post_form(client)
    assert "déjà" in mail.outbox[-1].subject and Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "pas-une-adresse"}, "adresse électronique valide"),
        ({"consent": ""}, "Cochez la case"),
        ({"token": "faux"}, "Le formulaire a expiré"),
        ({"website": "http://spam.example"}, "Le formulaire a expiré"),
        ({"frequency": "hourly"}, "Choisissez"),
    ],
)
def test_bad_input_gets_a_french_error_and_keeps_the_text(client, corpus, data, error):
    response = post_form(client, **{"email": "lea@exemple.org", **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    if "email" in data:
        assert 'value="pas-une-adresse"' in html
    assert not Subscription.objects.exists() and not mail.outbox


def test_too_quick_and_rate_limited_forms_are_refused(client, corpus, settings):
    settings.SUBSCRIPTIONS_MIN_FILL_SECONDS = 60
    assert "très vite" in post_form(client).content.decode()
    settings.SUBSCRIPTIONS_MIN_FILL_SECONDS = 0
    settings.SUBSCRIPTIONS_RATE_LIMIT = 2
    post_form(client, email="a@exemple.org")
    assert "Trop de demandes" in post_form(client, email="b@exemple.org").content.decode()
    # The quick form stored nothing, the second was accepted, the third went past the limit.
    assert list(Subscription.objects.values_list("email", flat=True)) == ["a@exemple.org"]


def confirmed(email, kind, key, frequency, when):
    from site_core.syndication import FollowTarget, resolve

    return Subscription.objects.create(
        email=email,
        kind=kind,
        key=key,
        label=resolve(FollowTarget(kind, key)).title,
        frequency=frequency,
        status=Status.CONFIRMED,
        confirmed_at=when,
    )


def test_digest_per_frequency_lists_new_publications_with_one_click_unsubscribe(client, corpus):
    weekly = confirmed("w@exemple.org", "theme", "ess", "weekly", at(1))
    monthly = confirmed("m@exemple.org", "group", "tiers-lieux", "monthly", at(9))
    immediate = confirmed("i@exemple.org", "keyword", "gouvernance", "immediate", at(9))
    site = confirmed("s@exemple.org", "site", "", "weekly", at(15))
    assert services.send_digests(now=at(12)) == 2  # weekly (8 days) and immediate; monthly not due
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"w@exemple.org", "i@exemple.org"}
    weekly_mail = by_address["w@exemple.org"]
    assert (
        "Troisième rencontre" in weekly_mail.body and "Rencontre des cantines" in weekly_mail.body
    )
    assert "Coopérer" not in weekly_mail.body  # published on the 16th
    assert "hebdomadaire" in weekly_mail.body or "une fois par semaine" in weekly_mail.body
    assert "Livre blanc" not in by_address["i@exemple.org"].body  # published on the 14th
    headers = weekly_mail.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.match(
        r"<http://localhost(/abonnement/desabonner/[^>]+)>", headers["List-Unsubscribe"]
    )
    html = weekly_mail.alternatives[0].content
    assert 'lang="fr"' in html and "Troisième rencontre" in html
    # Nothing new since: nothing sent again.
    mail.outbox.clear()
    assert services.send_digests(now=at(13)) == 0
    # A month later: the monthly digest of the group, the weekly with the episode and the paper…
    later = at(16) + datetime.timedelta(days=30)
    assert services.send_digests(now=later) == 4
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Livre blanc des coopérations" in by_address["i@exemple.org"].body
    assert "Le brise-glace" in by_address["m@exemple.org"].body
    assert "Coopérer sans s'épuiser" in by_address["w@exemple.org"].body
    assert "Coopérer sans s'épuiser" in by_address["s@exemple.org"].body
    # RFC 8058: the mail client POSTs without CSRF token or cookie.
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(unsubscribe.group(1), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    weekly.refresh_from_db()
    assert weekly.status == Status.UNSUBSCRIBED and weekly.unsubscribed_at
    mail.outbox.clear()
    services.send_digests(now=later + datetime.timedelta(days=60))
    assert "w@exemple.org" not in [m.to[0] for m in mail.outbox]
    assert monthly and immediate and site


def test_publishing_sends_immediate_digests_through_a_task(
    client, corpus, django_capture_on_commit_callbacks
):
    from articles.factories import MethodSheetPageFactory
    from tests.utils import publish

    confirmed("i@exemple.org", "group", "tiers-lieux", "immediate", timezone.now())
    sheet = MethodSheetPageFactory(parent=corpus["group"], title="Le photolangage", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        publish(sheet)
    assert [m.to for m in mail.outbox] == [["i@exemple.org"]]
    assert "Le photolangage" in mail.outbox[0].body


def test_manage_page_changes_frequency_unsubscribes_and_erases(client, corpus):
    subscription = confirmed("g@exemple.org", "theme", "ess", "weekly", at(1))
    services.send(subscription, "subscriptions/email/already", {}, list_headers=False)
    manage_url = link_in(mail.outbox[0], "gerer")
    assert "g@exemple.org" in client.get(manage_url).content.decode()
    client.post(manage_url, {"action": "frequency", "id": subscription.pk, "frequency": "monthly"})
    subscription.refresh_from_db()
    assert subscription.frequency == "monthly"
    client.post(manage_url, {"action": "unsubscribe", "id": subscription.pk})
    subscription.refresh_from_db()
    assert subscription.status == Status.UNSUBSCRIBED
    # Another address's id is not reachable from this link.
    other = confirmed("x@exemple.org", "theme", "ess", "weekly", at(1))
    client.post(manage_url, {"action": "unsubscribe", "id": other.pk})
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED
    assert client.get(manage_url[:-5] + "abcd/").status_code == 404
    # A signed link names the subscription and its address: it cannot reach another one.
    from subscriptions import tokens

    forged = tokens.make([other.pk, "g@exemple.org"], tokens.UNSUBSCRIBE_SALT)
    assert client.post(reverse("subscriptions:unsubscribe", args=[forged])).status_code == 404
    other.refresh_from_db()
    assert other.status == Status.CONFIRMED
    client.post(manage_url, {"action": "erase"})
    assert not Subscription.objects.filter(email="g@exemple.org").exists()


def test_unconfirmed_addresses_are_forgotten_after_the_delay(corpus, settings):
    settings.SUBSCRIPTIONS_PENDING_DAYS = 7
    old = Subscription.objects.create(email="old@exemple.org", kind="site", label="Tout")
    Subscription.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    Subscription.objects.create(email="new@exemple.org", kind="site", label="Tout")
    confirmed(
        "kept@exemple.org", "site", "", "weekly", timezone.now() - datetime.timedelta(days=30)
    )
    out = StringIO()
    call_command("forget_unconfirmed_subscriptions", stdout=out)
    assert "1 " in out.getvalue()
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "new@exemple.org",
        "kept@exemple.org",
    }


def test_export_and_erase_one_address(corpus):
    confirmed("r@exemple.org", "theme", "ess", "weekly", at(1))
    confirmed("r@exemple.org", "site", "", "monthly", at(1))
    confirmed("other@exemple.org", "site", "", "monthly", at(1))
    out = StringIO()
    call_command("subscription_data", "export", "R@exemple.org", stdout=out)
    data = json.loads(out.getvalue())
    assert data["email"] == "r@exemple.org" and len(data["subscriptions"]) == 2
    call_command("subscription_data", "erase", "r@exemple.org", stdout=StringIO())
    assert list(Subscription.objects.values_list("email", flat=True)) == ["other@exemple.org"]


def test_admin_shows_counts_to_editors_and_addresses_to_administrators(
    client, corpus, superuser, django_user_model
):
    from django.contrib.auth.models import Permission

    confirmed("secret@exemple.org", "theme", "ess", "weekly", at(1))
    Subscription.objects.create(
        email="wait@exemple.org",
        kind="theme",
        key="ess",
        label="Thématique : Économie sociale et solidaire",
    )
    editor = django_user_model.objects.create_user("editor", password="pw-editor-123")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    html = client.get(reverse("subscriptions_admin:overview")).content.decode()
    assert "Économie sociale et solidaire" in html and "secret@exemple.org" not in html
    refused = client.post(
        reverse("subscriptions_admin:address"), {"email": "secret@exemple.org", "action": "erase"}
    )
    # Wagtail turns PermissionDenied into a redirect to the dashboard: nothing exported or erased.
    assert refused.status_code == 302 and "json" not in refused["Content-Type"]
    assert Subscription.objects.filter(email="secret@exemple.org").exists()
    client.force_login(superuser)
    assert (
        "secret@exemple.org" in client.get(reverse("subscriptions_admin:overview")).content.decode()
    )
    export = client.post(
        reverse("subscriptions_admin:address"), {"email": "secret@exemple.org", "action": "export"}
    )
    assert json.loads(export.content)["subscriptions"][0]["status"] == "confirmed"
    client.post(
        reverse("subscriptions_admin:address"), {"email": "secret@exemple.org", "action": "erase"}
    )
    assert not Subscription.objects.filter(email="secret@exemple.org").exists()
