"""The admin's second factor (TOTP + recovery codes), through HTTP with the setting on.

The test settings switch it off so that the rest of the suite can `force_login`; here it is on.
Codes are computed from the secret the enrolment page shows, with django-otp's own TOTP.
"""

import os
import re
import subprocess
import sys
import time
from base64 import b32decode
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.checks import second_factor_is_on
from security.models import RecoveryCode, RecoveryCodeDevice
from security.second_factor import digest_recovery_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_on")]

ENROL = "/admin/second-factor/enrol/"
VERIFY = "/admin/second-factor/verify/"


@pytest.fixture
def second_factor_on():
    cache.clear()
    with override_settings(ADMIN_SECOND_FACTOR=True):
        yield
    cache.clear()


def code_for(secret: str, offset_steps: int = 0) -> str:
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def secret_on(page: str) -> str:
    return unescape(re.search(r"data-secret>([^<]+)<", page).group(1)).strip()


def enrol(client):
    """Enrol the logged-in client's user; returns (secret, recovery codes)."""
    page = client.get(ENROL).content.decode()
    secret = secret_on(page)
    response = client.post(ENROL, {"code": code_for(secret), "next": "/admin/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"data-recovery-code>([^<]+)<", page)
    return secret, codes


def admin_paths():
    """One concrete path for every URL pattern of the admin (converters filled in)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                yield prefix + route

    paths = set()
    for route in walk(get_resolver().url_patterns, ""):
        if not route.startswith("admin/") or "(?" in route or "^" in route:
            continue
        path = re.sub(r"<int:[^>]+>", "1", route)
        path = re.sub(r"<[^>]+>", "x", path)
        paths.add("/" + path.replace("\\", ""))
    return sorted(paths)


OPEN = (
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    ENROL,
    VERIFY,
    "/admin/jsi18n",
    "/admin/sprite/",
)


class TestEveryAdminUrlNeedsIt:
    def test_a_password_alone_opens_no_admin_url(self, as_actor, audit):
        client = as_actor("editor_a")
        paths = admin_paths()
        assert len(paths) > 150, len(paths)  # Wagtail's own views, choosers, API, reports, ours
        reached = []
        for path in paths:
            if path.startswith(OPEN):
                continue
            response = client.get(path)
            if response.status_code == 302:
                assert response["Location"].startswith(ENROL + "?next="), path
            elif response.status_code != 403:
                reached.append((path, response.status_code))
            else:
                assert "second facteur" in response.content.decode(), path
        assert reached == []

    def test_choosers_api_and_posts_are_refused_without_data(self, as_actor, audit):
        client = as_actor("editor_a")
        api = client.get(reverse("wagtailadmin_api:pages:detail", args=(audit["draft"],)))
        assert api.status_code == 403
        assert "SECRET" not in api.content.decode()
        chooser = client.get(
            reverse("wagtailadmin_choose_page_child", args=(audit["group_a"],)),
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        assert chooser.status_code == 403
        edit = client.post(
            reverse("wagtailadmin_pages:edit", args=(audit["draft"],)), {"title": "Changé"}
        )
        assert edit.status_code == 403
        from wagtail.models import Page

        assert Page.objects.get(pk=audit["draft"]).title == "Brouillon SECRET du groupe A"

    def test_enrolled_and_verified_the_admin_opens(self, as_actor, audit):
        client = as_actor("editor_a")
        enrol(client)
        assert client.get(reverse("wagtailadmin_explore", args=(audit["group_a"],))).status_code
        assert client.get("/admin/").status_code == 200

    def test_people_without_admin_access_are_left_to_wagtail(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_user("lecteur"))
        response = client.get("/admin/")
        assert response["Location"].startswith(reverse("wagtailadmin_login"))

    def test_off_the_admin_is_open_with_the_password(self, as_actor, audit):
        with override_settings(ADMIN_SECOND_FACTOR=False):
            assert as_actor("editor_a").get("/admin/").status_code == 200


class TestEnrolment:
    def test_qr_code_secret_and_first_code(self, as_actor, audit):
        client = as_actor("writer_b")
        page = client.get(ENROL)
        text = page.content.decode()
        assert page.status_code == 200
        assert 'src="data:image/svg+xml' in text
        assert 'alt="Code QR à scanner' in text
        assert 'autocomplete="one-time-code"' in text
        assert '<label class="w-field__label" for="id_code"' in text
        secret = secret_on(text)
        assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret)
        # The secret shown is the device's (a code computed from the text works).
        wrong = client.post(ENROL, {"code": "000000"})
        assert wrong.status_code == 400
        assert "Ce code ne correspond pas" in wrong.content.decode()
        assert not TOTPDevice.objects.filter(user__username="writer_b", confirmed=True).exists()
        waiting = client.post(ENROL, {"code": code_for(secret)})
        assert waiting.status_code == 429  # django-otp's growing delay after a wrong code
        TOTPDevice.objects.filter(user__username="writer_b").update(throttling_failure_count=0)
        _secret, codes = enrol(client)
        assert TOTPDevice.objects.get(user__username="writer_b", confirmed=True)
        assert len(codes) == 10 and len(set(codes)) == 10
        assert all(re.fullmatch(r"[a-z2-7]{4}(-[a-z2-7]{4}){3}", code) for code in codes)

    def test_recovery_codes_are_shown_once_and_stored_hashed(self, as_actor, audit):
        client = as_actor("writer_b")
        _secret, codes = enrol(client)
        again = client.get("/admin/second-factor/recovery-codes/")
        assert again.status_code == 302
        assert codes[0] not in client.get(again["Location"]).content.decode()
        stored = set(RecoveryCode.objects.values_list("digest", flat=True))
        assert stored == {digest_recovery_code(code) for code in codes}
        assert not any(code.replace("-", "") in digest for code in codes for digest in stored)

    def test_an_enrolled_user_cannot_enrol_a_second_device(self, as_actor, audit):
        client = as_actor("writer_b")
        enrol(client)
        client = as_actor("writer_b")  # a new session: the password alone
        response = client.get(ENROL)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
        refused = client.post(ENROL, {"code": "123456"})
        assert refused.status_code == 302
        assert TOTPDevice.objects.filter(user__username="writer_b").count() == 1

    def test_new_recovery_codes_replace_the_old(self, as_actor, audit):
        client = as_actor("writer_b")
        _secret, old = enrol(client)
        response = client.post("/admin/second-factor/")
        page = client.get(response["Location"]).content.decode()
        new = re.findall(r"data-recovery-code>([^<]+)<", page)
        assert len(new) == 10 and not set(new) & set(old)
        client = as_actor("writer_b")
        assert client.post(VERIFY, {"code": old[0]}).status_code == 400
        RecoveryCodeDevice.objects.update(throttling_failure_count=0)
        assert client.post(VERIFY, {"code": new[0]}).status_code == 302


class TestVerification:
    def test_totp_code_then_recovery_code_once(self, as_actor, audit):
        client = as_actor("editor_b")
        secret, codes = enrol(client)
        client = as_actor("editor_b")
        first = client.get("/admin/account/")
        assert first.status_code == 302
        assert first["Location"] == VERIFY + "?next=%2Fadmin%2Faccount%2F"
        page = client.get(first["Location"]).content.decode()
        assert "Second facteur" in page
        response = client.post(VERIFY, {"code": code_for(secret, 1), "next": "/admin/account/"})
        assert response.status_code == 302 and response["Location"] == "/admin/account/"
        after = client.get("/admin/account/")
        assert after.status_code == 200, after.get("Location")

        client = as_actor("editor_b")
        response = client.post(VERIFY, {"code": codes[3].upper().replace("-", " ")})
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200
        assert RecoveryCode.objects.filter(device__user__username="editor_b").count() == 9

        client = as_actor("editor_b")
        refused = client.post(VERIFY, {"code": codes[3]})
        assert refused.status_code == 400
        assert "déjà utilisé" in refused.content.decode()
        assert client.get("/admin/").status_code == 302

    def test_next_is_kept_on_this_site_only(self, as_actor, audit):
        client = as_actor("editor_b")
        _secret, codes = enrol(client)
        client = as_actor("editor_b")
        response = client.post(VERIFY, {"code": codes[0], "next": "https://evil.example/"})
        assert response["Location"] == "/admin/"

    def test_wrong_codes_are_rate_limited(self, as_actor, audit, settings):
        client = as_actor("editor_b")
        secret, codes = enrol(client)
        client = as_actor("editor_b")
        for attempt in range(settings.SECOND_FACTOR_ATTEMPTS):
            # Recovery-looking guesses, then wait out django-otp's own growing delay.
            RecoveryCodeDevice.objects.filter(user__username="editor_b").update(
                throttling_failure_count=0
            )
            response = client.post(VERIFY, {"code": f"essai-{attempt}"})
            assert response.status_code == 400, attempt
        refused = client.post(VERIFY, {"code": code_for(secret, 1)})
        assert refused.status_code == 429
        assert "Trop de codes erronés" in refused.content.decode()
        assert refused["Retry-After"] == str(settings.SECOND_FACTOR_WINDOW)
        assert client.get("/admin/").status_code == 302

    def test_django_otp_delay_after_a_wrong_code(self, as_actor, audit):
        client = as_actor("editor_b")
        secret, _codes = enrol(client)
        client = as_actor("editor_b")
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
        waiting = client.post(VERIFY, {"code": code_for(secret, 1)})
        assert waiting.status_code == 429
        assert "Patientez quelques secondes" in waiting.content.decode()


class TestReset:
    def test_only_a_superuser_resets(self, as_actor, audit, client):
        editor = as_actor("editor_a")
        enrol(editor)
        url = reverse("security_second_factor_reset", args=(audit["people"]["writer_a"],))
        refused = editor.post(url)
        assert refused.status_code == 302 and refused["Location"] == "/admin/"
        assert TOTPDevice.objects.filter(user__username="editor_a").exists()

    def test_reset_forgets_the_devices_and_the_verified_session(self, as_actor, audit, client):
        from django.test import Client

        target = Client()
        target.force_login(get_user_model().objects.get(pk=audit["people"]["writer_a"]))
        enrol(target)
        assert target.get("/admin/").status_code == 200

        admin = Client()
        boss = get_user_model().objects.create_superuser("patronne", "p@example.org", "x")
        admin.force_login(boss)
        enrol(admin)
        url = reverse("security_second_factor_reset", args=(audit["people"]["writer_a"],))
        listing = admin.get(reverse("wagtailusers_users:index")).content.decode()
        assert url in listing
        confirm = admin.get(url)
        assert "Réinitialiser le second facteur de writer_a" in confirm.content.decode()
        done = admin.post(url)
        assert done.status_code == 302
        assert not TOTPDevice.objects.filter(user_id=audit["people"]["writer_a"]).exists()
        assert not RecoveryCode.objects.filter(device__user_id=audit["people"]["writer_a"]).exists()
        response = target.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith(ENROL)

    def test_reset_from_the_shell(self, as_actor, audit):
        from django.core.management import call_command

        enrol(as_actor("writer_a"))
        call_command("reset_second_factor", "writer_a")
        assert not TOTPDevice.objects.filter(user__username="writer_a").exists()


class TestSettings:
    def test_production_has_it_on_whatever_the_environment(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_core.settings.production",
            "DJANGO_SECRET_KEY": "x" * 60,
            "ADMIN_SECOND_FACTOR": "0",
        }
        script = (
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.ADMIN_SECOND_FACTOR, 'security.middleware.SecondFactorMiddleware' "
            "in settings.MIDDLEWARE)"
        )
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "True True"

    def test_middleware_comes_after_django_otp(self):
        middleware = django_settings.MIDDLEWARE
        assert middleware.index("django_otp.middleware.OTPMiddleware") < middleware.index(
            "security.middleware.SecondFactorMiddleware"
        )
        assert middleware.index(
            "django.contrib.auth.middleware.AuthenticationMiddleware"
        ) < middleware.index("django_otp.middleware.OTPMiddleware")

    def test_deploy_check_warns_when_off(self):
        assert second_factor_is_on(None) == []
        with override_settings(ADMIN_SECOND_FACTOR=False):
            assert [w.id for w in second_factor_is_on(None)] == ["security.W001"]
