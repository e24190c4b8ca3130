"""Everything tied to one e-mail address, across apps (the `maillage_personal_data` hook): the
admin screen, the management command, and the retention periods on the privacy page."""

import html as html_lib
import io
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Site

from contributions.choices import ReactionStatus
from contributions.models import Reaction
from site_core.models import SiteSettings, StandardPage
from subscriptions.models import Status, Subscription
from tests.utils import add_child

URL = "/admin/donnees-personnelles/"


@pytest.fixture
def data(minutes_a, minutes_b):
    lea = Reaction.objects.create(
        page=minutes_a,
        author_name="Léa",
        author_email="Lea@Example.org",
        body="Ma réaction",
        ip_address="192.0.2.5",
        status=ReactionStatus.APPROVED,
    )
    Reaction.objects.create(
        page=minutes_b, author_name="Léa", author_email="lea@example.org", body="Une autre"
    )
    other = Reaction.objects.create(
        page=minutes_a, author_name="Max", author_email="max@example.org", body="Autre"
    )
    Subscription.objects.create(
        email="lea@example.org", kind="site", label="Tout le site", status=Status.CONFIRMED
    )
    Subscription.objects.create(email="max@example.org", kind="site", label="Tout le site")
    return {"lea": lea, "other": other}


def post(client, action, email="lea@example.org"):
    return client.post(URL, {"email": email, "action": action})


@pytest.mark.django_db
class TestPersonalDataScreen:
    def test_the_export_holds_that_address_only_from_every_app(self, client, data, superuser):
        client.force_login(superuser)
        response = post(client, "export", " LEA@example.org ")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert "attachment" in response["Content-Disposition"]
        exported = json.loads(response.content)
        assert exported["email"] == "lea@example.org"
        assert sorted(r["text"] for r in exported["reactions"]) == ["Ma réaction", "Une autre"]
        assert exported["reactions"][0]["ip_address"] == "192.0.2.5"
        assert [s["status"] for s in exported["subscriptions"]] == ["confirmed"]
        assert "max@example.org" not in response.content.decode()

    def test_erasing_asks_first_then_erases_that_address_only(self, client, data, superuser):
        client.force_login(superuser)
        review = post(client, "review")
        html = review.content.decode()
        assert "Réactions" in html and "Abonnements" in html
        assert "<li>Réactions (2)</li>" in html and "<li>Abonnements (1)</li>" in html
        assert Reaction.objects.filter(author_email__iexact="lea@example.org").count() == 2
        response = post(client, "erase")
        assert response.status_code == 302
        assert not Reaction.objects.filter(author_email__iexact="lea@example.org").exists()
        assert not Subscription.objects.filter(email="lea@example.org").exists()
        assert list(Reaction.objects.values_list("pk", flat=True)) == [data["other"].pk]
        assert Subscription.objects.filter(email="max@example.org").count() == 1
        message = client.get(URL).content.decode()
        assert "Réactions (2)" in message and "Abonnements (1)" in message

    def test_an_unknown_address_or_a_bad_one_is_said_in_french(self, client, data, superuser):
        client.force_login(superuser)
        response = client.post(
            URL, {"email": "personne@example.org", "action": "export"}, follow=True
        )
        text = html_lib.unescape(response.content.decode())
        assert "Rien n'est enregistré pour personne@example.org" in text
        response = post(client, "export", "pas-une-adresse")
        assert response.status_code == 400
        assert "Saisissez une adresse e-mail valide" in response.content.decode()

    def test_a_group_editor_is_refused_and_nothing_is_erased(self, client, data, editor_a):
        client.force_login(editor_a)
        assert client.get(URL).status_code == 302
        refused = post(client, "erase")
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
        assert Reaction.objects.filter(author_email__iexact="lea@example.org").count() == 2
        assert (
            "donnees-personnelles" not in client.get(reverse("wagtailadmin_home")).content.decode()
        )

    def test_the_permission_opens_the_screen_to_a_non_superuser(
        self, client, data, django_user_model
    ):
        officer = django_user_model.objects.create_user("dpo", "dpo@example.org", "x")
        group = Group.objects.create(name="Délégué à la protection des données")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="manage_personal_data"),
        )
        officer.groups.add(group)
        client.force_login(officer)
        assert "donnees-personnelles" in client.get(reverse("wagtailadmin_home")).content.decode()
        assert client.get(URL).status_code == 200
        assert post(client, "erase").status_code == 302
        assert not Subscription.objects.filter(email="lea@example.org").exists()

    def test_erasing_needs_the_csrf_token(self, data, superuser):
        client = Client(enforce_csrf_checks=True)
        client.force_login(superuser)
        assert post(client, "erase").status_code == 403
        assert Subscription.objects.filter(email="lea@example.org").exists()


@pytest.mark.django_db
class TestPersonalDataCommand:
    def test_the_command_exports_and_erases_through_every_app(self, data):
        out = io.StringIO()
        call_command("personal_data", "export", "lea@example.org", stdout=out)
        exported = json.loads(out.getvalue())
        assert len(exported["reactions"]) == 2 and len(exported["subscriptions"]) == 1
        out = io.StringIO()
        call_command("reaction_personal_data", "erase", "lea@example.org", stdout=out)
        assert "2 reactions" in out.getvalue() and "1 subscriptions" in out.getvalue()
        assert not Subscription.objects.filter(email="lea@example.org").exists()
        assert Reaction.objects.count() == 1


@pytest.mark.django_db
class TestRetentionOnThePrivacyPage:
    @pytest.fixture
    def privacy_page(self, home_page):
        page = add_child(home_page, StandardPage(title="Données personnelles", slug="donnees"))
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.privacy_page = page
        site_settings.contact_email = "contact@example.org"
        site_settings.save()
        return page

    def retention_rows(self, html):
        section = re.search(r'<section class="retention-periods.*?</section>', html, re.S)
        assert section, "no retention table"
        rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>([^<]+)</td>', section.group(0))
        return {what.replace("&#x27;", "'"): kept.strip() for what, kept in rows}

    def test_the_page_shows_the_live_settings(self, client, privacy_page):
        rows = self.retention_rows(client.get(privacy_page.url).content.decode())
        assert rows["Adresse IP et navigateur d'une réaction"] == "30 jours"
        assert rows["Adresse e-mail d'un abonnement jamais confirmé"] == "7 jours"
        with override_settings(REACTIONS_IP_RETENTION_DAYS=45, SUBSCRIPTIONS_PENDING_DAYS=1):
            rows = self.retention_rows(client.get(privacy_page.url).content.decode())
        assert rows["Adresse IP et navigateur d'une réaction"] == "45 jours"
        assert rows["Adresse e-mail d'un abonnement jamais confirmé"] == "1 jour"

    def test_other_pages_do_not_show_it_and_the_footer_links_it(
        self, client, privacy_page, home_page
    ):
        other = add_child(home_page, StandardPage(title="À propos", slug="a-propos"))
        html = client.get(other.url).content.decode()
        assert "retention-periods" not in html
        assert f'<a href="{privacy_page.url}">Données personnelles</a>' in html
