"""Under the Content-Security-Policy, in Chromium: the admin's editor, inline panels, choosers
and explorer still work, and neither the admin nor public pages report a CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.provisioning import add_member

pytestmark = [pytest.mark.browser]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def group(transactional_db, home_page, django_user_model):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(parent=index, title="Groupe A", slug="a", short_name="A")
    user = django_user_model.objects.create_user(
        username="editrice", email="editrice@example.org", password="editrice-pass"
    )
    add_member(group, user, "editor")
    MeetingMinutesPageFactory(parent=group, title="Rencontre publique")
    return group


def violations(page):
    return page.evaluate("window.__cspViolations")


def test_admin_and_public_pages_work_under_the_policy(page, live_server, group):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editrice")
    page.fill("#id_password", "editrice-pass")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert violations(page) == []

    page.goto(f"{live_server.url}/admin/pages/{group.pk}/")
    expect(page.get_by_text("Rencontre publique").first).to_be_visible()
    assert violations(page) == []

    page.goto(f"{live_server.url}/admin/pages/add/working_groups/meetingminutespage/{group.pk}/")
    # An inline panel's script adds a row; the document chooser opens its modal.
    page.locator("#id_documents-ADD").click()
    row = page.locator("#inline_child_documents-0")
    expect(row).to_be_attached()
    row.get_by_role("button", name="Choisir un document").click()
    # The chooser's modal loads its listing (a script-built, fetched view).
    expect(page.locator(".modal .modal-content").first).to_be_visible()
    expect(page.locator(".modal").get_by_role("tab").first).to_be_visible()
    assert violations(page) == []

    page.goto(f"{live_server.url}/")
    expect(page.locator("main")).to_be_visible()
    page.goto(f"{live_server.url}/groupes-de-travail/a/")
    assert violations(page) == []
