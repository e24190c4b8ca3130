"""Headers and files: a CSP on every public page (no inline script), the admin's own policy,
documents as attachments with `default-src 'none'`, private audio never cached publicly, and
lock-outs keyed on the (username, address) pair."""

from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtailmedia.models import get_media_model

from podcasts.models import PodcastEpisodePage


class InlineCode(HTMLParser):
    """Collects inline scripts, `on…=` handlers and `style=` attributes."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and "src" not in names:
            script_type = names.get("type", "text/javascript")
            self._in_inline_script = script_type in ("text/javascript", "module", "")
        for name, _value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…>")

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.found.append("<script>" + data.strip()[:60])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def policy(response, header="Content-Security-Policy"):
    value = response.headers.get(header, "")
    return {part.split()[0]: part.split()[1:] for part in value.split(";") if part.strip()}


def public_urls(audit):
    pages = [Page.objects.get(pk=audit[key]).specific for key in ("public", "episode_public")]
    return ["/", reverse("site_core:taxonomy_index")] + [page.url for page in pages]


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_public_pages_carry_a_policy_without_inline_scripts(self, client, audit):
        for url in public_urls(audit):
            response = client.get(url)
            assert response.status_code == 200, url
            csp = policy(response)
            assert csp["script-src"] == ["'self'"], url
            assert "'unsafe-inline'" not in csp.get("style-src", []), url
            assert csp["object-src"] == ["'none'"], url
            assert csp["frame-ancestors"] == ["'self'"], url
            parser = InlineCode()
            parser.feed(response.content.decode())
            assert parser.found == [], (url, parser.found)

    def test_the_admin_has_a_policy_of_its_own(self, as_actor):
        response = as_actor("editor_a").get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        csp = policy(response)
        assert csp["default-src"] == ["'self'"]
        assert "'unsafe-inline'" in csp["script-src"]
        assert csp["object-src"] == ["'none'"]

    def test_documents_pdfs_included_are_attachments_that_run_nothing(self, client, audit):
        Document = get_document_model()
        public_doc = Document.objects.get(pk=audit["public_doc"])
        pdf = Document(title="Rapport", collection_id=public_doc.collection_id)
        pdf.file.save(
            "rapport.pdf",
            ContentFile(
                b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
            ),
            save=False,
        )
        pdf.save()
        page = Page.objects.get(pk=audit["public"]).specific
        page.documents.create(document=pdf)
        page.save_revision().publish()
        for document in (public_doc, pdf):
            response = client.get(document.url)
            assert response.status_code == 200, document.filename
            assert response["Content-Disposition"].startswith("attachment"), document.filename
            assert response["Content-Security-Policy"] == "default-src 'none'"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "public" not in response.get("Cache-Control", "")

    def test_audio_of_private_episodes_is_never_cached_publicly(self, as_actor, audit):
        def audio(pk):
            episode = PodcastEpisodePage.objects.get(pk=pk)
            media = get_media_model().objects.get(pk=episode.audio_id)
            return reverse("podcasts:audio", args=(media.pk, media.filename))

        client = as_actor("committee")
        for key in ("episode_private", "episode_draft"):
            response = client.get(audio(audit[key]))
            assert response.status_code == 200
            assert response["Cache-Control"] == "private, no-store"
        response = as_actor("anonymous").get(audio(audit["episode_public"]))
        assert response["Cache-Control"].startswith("public")


@pytest.mark.django_db
class TestLockoutByPair:
    PASSWORD = "le-bon-mot-de-passe"  # noqa: S105

    def login(self, client, username, password, address):
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": username, "password": password},
            REMOTE_ADDR=address,
        )

    def test_failures_lock_the_pair_only(self, client, django_user_model, settings):
        for name in ("editrice", "collegue"):
            django_user_model.objects.create_user(
                username=name, password=self.PASSWORD, is_superuser=True
            )
        office, home = "192.0.2.10", "198.51.100.7"
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            self.login(client, "editrice", f"mauvais-{attempt}", office)
        assert self.login(client, "editrice", self.PASSWORD, office).status_code == 429
        # Someone failing from elsewhere cannot lock the editor out…
        assert self.login(client, "editrice", self.PASSWORD, home).status_code == 302
        client.logout()
        # …and a colleague sharing the office's address still logs in.
        assert self.login(client, "collegue", self.PASSWORD, office).status_code == 302


@pytest.mark.django_db
class TestPagePasswordRateLimit:
    def test_guesses_are_limited_per_address(self, client, audit, settings):
        from django.core.cache import cache
        from wagtail.models import PageViewRestriction

        from tests.security.conftest import PASSWORD

        cache.clear()
        restriction = PageViewRestriction.objects.get(page_id=audit["private"])
        url = reverse(
            "wagtailcore_authenticate_with_password", args=(restriction.pk, audit["private"])
        )

        def guess(password, address="203.0.113.5"):
            return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=address)

        for attempt in range(settings.PAGE_PASSWORD_ATTEMPTS):
            assert guess(f"essai-{attempt}").status_code == 200, attempt
        refused = guess(PASSWORD)
        assert refused.status_code == 429
        assert "Trop de mots de passe erronés" in refused.content.decode()
        assert refused["Retry-After"] == str(settings.PAGE_PASSWORD_WINDOW)
        # Someone else, at another address, is not locked out.
        assert guess(PASSWORD, address="198.51.100.20").status_code == 302


@pytest.mark.django_db
class TestAddressCeiling:
    """Many usernames tried from one address lock that address, but not a colleague who has
    logged in from it before; the pair's own limit still holds for everyone."""

    PASSWORD = "le-bon-mot-de-passe"  # noqa: S105

    def login(self, client, username, password, address):
        client.logout()
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": username, "password": password},
            REMOTE_ADDR=address,
        )

    def test_spraying_from_one_address_is_locked(self, client, django_user_model, settings):
        office, elsewhere = "192.0.2.30", "198.51.100.30"
        for name in ("habituee", "nouvelle"):
            django_user_model.objects.create_user(
                username=name, password=self.PASSWORD, is_superuser=True
            )
        # A colleague who already works from the office.
        assert self.login(client, "habituee", self.PASSWORD, office).status_code == 302
        # One wrong password each for many usernames: under the pair's limit every time.
        for attempt in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
            response = self.login(client, f"inconnu-{attempt}", "essai", office)
            assert response.status_code == 200, attempt
        # The failure that reaches the ceiling locks the address.
        assert self.login(client, "inconnu-dernier", "essai", office).status_code == 429
        # The address is now over its ceiling: a new username is refused, right password or not…
        assert self.login(client, "nouvelle", self.PASSWORD, office).status_code == 429
        assert self.login(client, "inconnu-x", "essai", office).status_code == 429
        # …the same person from elsewhere is not…
        assert self.login(client, "nouvelle", self.PASSWORD, elsewhere).status_code == 302
        # …and the colleague known at this address still logs in.
        assert self.login(client, "habituee", self.PASSWORD, office).status_code == 302

    def test_under_the_ceiling_nobody_else_is_locked(self, client, django_user_model, settings):
        django_user_model.objects.create_user(
            username="nouvelle", password=self.PASSWORD, is_superuser=True
        )
        for attempt in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
            self.login(client, f"inconnu-{attempt}", "essai", "192.0.2.31")
        assert self.login(client, "nouvelle", self.PASSWORD, "192.0.2.31").status_code == 302
