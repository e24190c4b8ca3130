"""An editor's second factor in Chromium: logs in, enrols (typed secret, first code), keeps the
recovery codes, logs out; logs in again with a code computed here; uses a recovery code once and
is refused the second time. The enrolment page is used with the keyboard alone and passes axe."""

import re
import time
from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django_otp.oath import TOTP
from playwright.sync_api import expect

from working_groups.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory
from working_groups.provisioning import add_member

pytestmark = [pytest.mark.browser]
PASSWORD = "editrice-pass"  # noqa: S105

LOG_OUT = """async () => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = "/admin/logout/";
    const token = document.createElement("input");
    token.name = "csrfmiddlewaretoken";
    token.value = JSON.parse(document.getElementById("wagtail-config").textContent).CSRF_TOKEN;
    form.append(token);
    document.body.append(form);
    form.submit();
}"""


@pytest.fixture
def editor(transactional_db, home_page, django_user_model, settings):
    settings.ADMIN_SECOND_FACTOR = True
    cache.clear()
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(parent=index, title="Groupe A", slug="a", short_name="A")
    user = django_user_model.objects.create_user(
        username="editrice", email="editrice@example.org", password=PASSWORD
    )
    add_member(group, user, "editor")
    return user


def code_for(secret, offset_steps=0):
    raw = secret.replace(" ", "")
    totp = TOTP(b32decode(raw + "=" * (-len(raw) % 8)))
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def log_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "editrice")
    page.fill("#id_password", PASSWORD)
    page.locator("form.login-form button[type=submit]").click()


def log_out(page, base):
    page.evaluate(LOG_OUT)
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_enrol_log_in_with_a_code_and_recovery_codes_once(page, live_server, editor):
    base = live_server.url
    log_in(page, base)
    expect(page).to_have_url(re.compile(r"/admin/second-factor/enrol/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer votre second facteur")
    expect(page.get_by_role("img", name=re.compile("Code QR à scanner"))).to_be_visible()

    violations = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]})
    assert violations.violations_count == 0, violations.generate_report()

    field = page.get_by_label("Code affiché par l’application")
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    secret = page.locator("[data-secret]").inner_text()

    # Keyboard only: Tab reaches the field, Enter submits.
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_code":
            break
    else:
        pytest.fail("the code field cannot be reached with Tab")
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile("Ce code ne correspond pas")).first).to_be_visible()
    time.sleep(1.2)  # django-otp's delay after a wrong code
    field = page.get_by_label("Code affiché par l’application")
    field.fill(code_for(secret))
    field.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    codes = page.locator("[data-recovery-code]").all_inner_texts()
    assert len(set(codes)) == 10
    page.get_by_role("link", name="Je les ai conservés, continuer").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    log_out(page, base)

    # The password alone is not enough any more: a code from the application is asked.
    log_in(page, base)
    expect(page).to_have_url(re.compile(r"/admin/second-factor/verify/"))
    page.goto(f"{base}/admin/pages/")
    expect(page).to_have_url(re.compile(r"/admin/second-factor/verify/"))
    page.get_by_label("Code de vérification").fill(code_for(secret, 1))
    page.get_by_role("button", name="Vérifier").click()
    expect(page).not_to_have_url(re.compile(r"second-factor"))
    log_out(page, base)

    # A recovery code works once…
    log_in(page, base)
    page.get_by_label("Code de vérification").fill(codes[0])
    page.get_by_label("Code de vérification").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text(re.compile("il en reste 9")).first).to_be_visible()
    log_out(page, base)

    # …and is refused the second time.
    log_in(page, base)
    page.get_by_label("Code de vérification").fill(codes[0])
    page.get_by_role("button", name="Vérifier").click()
    expect(page).to_have_url(re.compile(r"/admin/second-factor/verify/"))
    refusal = page.get_by_text(re.compile("Ce code est erroné, expiré ou déjà utilisé"))
    expect(refusal.first).to_be_visible()
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/second-factor/verify/"))
