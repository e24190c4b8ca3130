"""A writer drafts minutes in the admin and submits them; an editor of the group reviews them."""

import re

import pytest
from django.core import mail
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from wagtail.models import TaskState, WorkflowState

from working_groups.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory
from working_groups.models import MeetingMinutesPage
from working_groups.provisioning import add_member

pytestmark = [pytest.mark.browser]


@pytest.fixture
def group(transactional_db, home_page, django_user_model):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(
        parent=index, title="Pratiques d'accompagnement", slug="praxis", short_name="PRAXIS"
    )
    for username, role in (("redactrice", "writer"), ("editeur", "editor")):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=f"{username}-pass",
            first_name=username.capitalize(),
        )
        add_member(group, user, role)
    return group


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-pass")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def log_out(page, live_server):
    page.context.clear_cookies()


def open_actions_menu(page):
    """The footer's "more actions" dropdown (submit, approve, request changes live there)."""
    toggle = page.locator("footer [data-w-dropdown-target='toggle']").first
    toggle.click()


def add_inline_row(page, prefix, index):
    """Click an InlinePanel's "add" button until its row exists (its script may still be loading)."""
    row = page.locator(f"#inline_child_{prefix}-{index}")
    for _attempt in range(5):
        page.locator(f"#id_{prefix}-ADD").click()
        try:
            row.wait_for(state="attached", timeout=2000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"Could not add a row to {prefix}")


def write_and_submit_minutes(page, live_server, group, title):
    page.goto(f"{live_server.url}/admin/pages/add/working_groups/meetingminutespage/{group.pk}/")
    page.wait_for_load_state("networkidle")
    page.fill("#id_title", title)
    page.fill("#id_meeting_date", "2024-04-02")
    page.keyboard.press("Escape")  # close the date picker
    page.fill("#id_sequence_number", "4")
    for index, (name, organisation) in enumerate(
        [("Aïcha Diallo", "SCIC Terre"), ("Paul Martin", "SCOP La Navette")]
    ):
        add_inline_row(page, "participants", index)
        page.fill(f"#id_participants-{index}-name", name)
        page.fill(f"#id_participants-{index}-organisation", organisation)
    add_inline_row(page, "decisions", 0)
    page.fill("#id_decisions-0-what", "Rédiger la charte d'accueil")
    page.fill("#id_decisions-0-who", "Paul Martin")
    open_actions_menu(page)
    page.locator("button[name='action-submit']").click()
    expect(page.locator(".messages")).to_contain_text(title)


@pytest.mark.django_db(transaction=True)
class TestMinutesReviewJourney:
    def test_writer_submits_editor_approves_reader_reads_writer_is_told(
        self, page, live_server, group
    ):
        log_in(page, live_server, "redactrice")
        write_and_submit_minutes(page, live_server, group, "Rencontre d'avril")

        minutes = MeetingMinutesPage.objects.get(title="Rencontre d'avril")
        assert not minutes.live
        assert minutes.workflow_in_progress
        draft = minutes.get_latest_revision_as_object()
        assert [p.name for p in draft.participants.all()] == ["Aïcha Diallo", "Paul Martin"]
        assert [d.what for d in draft.decisions.all()] == ["Rédiger la charte d'accueil"]
        assert [m.to for m in mail.outbox] == [["editeur@example.org"]]
        assert mail.outbox[0].subject == "À relire : « Rencontre d'avril »"

        # A reader sees nothing yet.
        response = page.request.get(f"{live_server.url}{minutes.url}")
        assert response.status == 404 or "Rencontre d'avril" not in response.text()

        log_out(page, live_server)
        log_in(page, live_server, "editeur")
        expect(page.locator("main")).to_contain_text("Rencontre d'avril")  # awaiting review
        page.goto(f"{live_server.url}/admin/pages/{minutes.pk}/edit/")
        open_actions_menu(page)
        page.locator(
            "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
        ).click()
        expect(page.locator(".messages")).to_contain_text("Rencontre d'avril")

        minutes.refresh_from_db()
        assert minutes.live
        assert mail.outbox[-1].to == ["redactrice@example.org"]
        assert mail.outbox[-1].subject == "Validé et publié : « Rencontre d'avril »"

        log_out(page, live_server)
        page.goto(f"{live_server.url}{minutes.url}")
        expect(page.locator("h1")).to_have_text("Rencontre d'avril")
        participants = page.locator("table", has=page.locator("caption", has_text="personnes"))
        expect(participants.locator("tbody th[scope=row]")).to_have_text(
            ["Aïcha Diallo", "Paul Martin"]
        )
        expect(page.locator("body")).to_contain_text("Rédiger la charte d'accueil")

    def test_editor_sends_back_with_a_comment_and_the_writer_sees_it(
        self, page, live_server, group
    ):
        log_in(page, live_server, "redactrice")
        write_and_submit_minutes(page, live_server, group, "Rencontre de mai")
        minutes = MeetingMinutesPage.objects.get(title="Rencontre de mai")

        log_out(page, live_server)
        log_in(page, live_server, "editeur")
        page.goto(f"{live_server.url}/admin/pages/{minutes.pk}/edit/")
        open_actions_menu(page)
        page.locator("button[data-workflow-action-name='reject']").click()
        dialog = page.locator("form", has=page.locator("textarea[name='comment']"))
        dialog.locator("textarea[name='comment']").fill("Ajoutez le lieu de la rencontre.")
        dialog.locator("[type=submit]").click()
        expect(page.locator(".messages")).to_contain_text("Rencontre de mai")

        state = WorkflowState.objects.get(object_id=str(minutes.pk))
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        task_state = state.current_task_state
        assert task_state.status == TaskState.STATUS_REJECTED
        assert task_state.comment == "Ajoutez le lieu de la rencontre."
        minutes.refresh_from_db()
        assert not minutes.live
        assert mail.outbox[-1].to == ["redactrice@example.org"]
        assert "Ajoutez le lieu de la rencontre." in mail.outbox[-1].body

        log_out(page, live_server)
        log_in(page, live_server, "redactrice")
        page.goto(f"{live_server.url}/admin/pages/{minutes.pk}/edit/")
        expect(page.locator("body")).to_contain_text("Ajoutez le lieu de la rencontre.")
