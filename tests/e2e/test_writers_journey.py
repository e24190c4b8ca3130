"""A volunteer writes minutes in a real browser: French dates typed and picked survive save,
preview and publish (and the iCal feed gives the right local time); the whole writer's journey
(5 participants, 3 decisions, next meeting, a PDF, submit) fits in 20 clicks; axe finds nothing
in our parts of the dashboard and of the minutes editor."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from site_core.demo_tools import make_pdf
from tests.utils import axe_violations
from working_groups.factories import (
    MeetingMinutesPageFactory,
    MeetingMinutesParticipantFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import MeetingMinutesPage
from working_groups.provisioning import add_member

pytestmark = [pytest.mark.browser]

MAX_CLICKS = 20


@pytest.fixture(autouse=True)
def _no_autosave(settings):
    """Wagtail autosaves while one types; on the test suite's in-memory SQLite those concurrent
    writes fail with "table is locked" (a file database waits for its lock instead)."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


@pytest.fixture
def group(transactional_db, home_page, django_user_model):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(
        parent=index, title="Pratiques d'accompagnement", slug="praxis", short_name="PRAXIS"
    )
    earlier = MeetingMinutesPageFactory(parent=group, sequence_number=1)
    MeetingMinutesParticipantFactory(
        page=earlier, name="Christelle Bottary", organisation="Intermade"
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


class Clicks:
    """Every click of the journey goes through here, so that it can be counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.fields = 0

    def click(self, locator):
        locator.click()
        self.count += 1

    def fill(self, selector, value):
        self.page.fill(selector, value)
        self.fields += 1


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-pass")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def add_row(clicks, page, prefix, index):
    clicks.click(page.locator(f"#id_{prefix}-ADD"))
    page.locator(f"#inline_child_{prefix}-{index}").wait_for(state="attached")


def type_date(page, selector, value, clicks=None):
    if clicks is not None:
        clicks.fill(selector, value)
    else:
        page.fill(selector, value)
    page.keyboard.press("Tab")  # leaving the field: the picker must keep what was typed
    expect(page.locator(selector)).to_have_value(value)


@pytest.mark.django_db(transaction=True)
class TestWritersInTheBrowser:
    def test_french_dates_typed_and_picked_survive_save_preview_and_publish(
        self, page, live_server, group
    ):
        log_in(page, live_server, "editeur")
        page.goto(
            f"{live_server.url}/admin/pages/add/working_groups/meetingminutespage/{group.pk}/"
        )
        page.wait_for_load_state("networkidle")  # the inline panels' scripts are ready
        page.fill("#id_title", "Rencontre de novembre")
        type_date(page, "#id_meeting_date", "25/11/2026")
        type_date(page, "#id_next_meeting_at", "20/01/2027 14:00")
        # A date picked in the calendar of a decision row.
        add_row(Clicks(page), page, "decisions", 0)
        page.fill("#id_decisions-0-what", "Écrire la charte")
        page.locator("#id_decisions-0-due_date").click()
        picker = page.locator(".xdsoft_datetimepicker:visible")
        picker.locator("td.xdsoft_date:not(.xdsoft_other_month)[data-date='15']").first.click()
        picked = page.locator("#id_decisions-0-due_date").input_value()
        assert re.fullmatch(r"15/\d\d/\d{4}", picked), picked
        page.keyboard.press("Escape")

        page.get_by_role("button", name="Enregistrer le brouillon").click()
        expect(page.locator(".messages")).to_contain_text("Rencontre de novembre")
        expect(page.locator("#id_meeting_date")).to_have_value("25/11/2026")
        expect(page.locator("#id_next_meeting_at")).to_have_value("20/01/2027 14:00")
        expect(page.locator("#id_decisions-0-due_date")).to_have_value(picked)

        # The preview shows the next meeting the French way.
        page.locator("[data-side-panel-toggle='preview']").click()
        preview = page.frame_locator("#w-preview-iframe")
        expect(preview.locator("body")).to_contain_text("20 janvier 2027 à 14\u00a0h")

        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
        page.locator("button[name='action-publish']").click()
        expect(page.locator(".messages")).to_contain_text("Rencontre de novembre")

        minutes = MeetingMinutesPage.objects.get(title="Rencontre de novembre")
        assert minutes.live
        assert minutes.meeting_date == datetime.date(2026, 11, 25)
        day, month, year = (int(part) for part in picked.split("/"))
        assert minutes.decisions.get().due_date == datetime.date(year, month, day)
        response = page.request.get(f"{live_server.url}{group.url}prochaines-rencontres.ics")
        assert ical_local_starts(response.text()) == [datetime.datetime(2027, 1, 20, 14, 0)]

    def test_the_writers_journey_takes_at_most_20_clicks(
        self, page, live_server, group, tmp_path, record_property
    ):
        log_in(page, live_server, "redactrice")
        expect(page.locator(".maillage-dashboard-group")).to_be_visible()  # the group's panel
        assert not axe_on(page, ".maillage-dashboard-group"), "dashboard panel"
        clicks = Clicks(page)
        clicks.click(page.get_by_role("link", name="Écrire un compte-rendu"))
        page.wait_for_load_state("networkidle")
        clicks.fill("#id_title", "Rencontre de décembre")
        type_date(page, "#id_meeting_date", "01/12/2026", clicks)
        clicks.fill("#id_place", "Maison des associations")
        people = [
            ("Christelle Bottary", "Intermade"),
            ("Florent Houdmond", "Intermade"),
            ("Amanda Morbelli", "Apeas"),
            ("Bruno Lasnier", "Apeas"),
            ("Hélène Laude", "Essor13"),
        ]
        for index, (name, organisation) in enumerate(people):
            add_row(clicks, page, "participants", index)
            clicks.fill(f"#id_participants-{index}-name", name)
            clicks.fill(f"#id_participants-{index}-organisation", organisation)
        for index in range(3):
            add_row(clicks, page, "decisions", index)
            clicks.fill(f"#id_decisions-{index}-what", f"Décision {index + 1}")
        type_date(page, "#id_next_meeting_at", "19/01/2027 14:00", clicks)
        page.keyboard.press("Escape")

        # Wagtail's own tag widget (keywords) has an unlabelled inner input: not ours.
        assert not axe_on(page, "#page-edit-form", exclude=".tagit"), "minutes editor"

        # A PDF: add a document row, choose, upload in the chooser.
        add_row(clicks, page, "documents", 0)
        clicks.click(page.locator("#inline_child_documents-0 button[data-chooser-action-choose]"))
        modal = page.locator(".modal-dialog")
        clicks.click(modal.get_by_role("tab", name=re.compile("Envoyer")))
        pdf = tmp_path / "compte-rendu.pdf"
        pdf.write_bytes(make_pdf("Compte-rendu", ["Le texte de la rencontre."]))
        modal.locator("input[type=file]").set_input_files(str(pdf))
        clicks.count += 1  # choosing the file is one click in the file dialog
        title = modal.locator("#id_document-chooser-upload-title")
        expect(title).to_have_value("compte-rendu")  # filled from the file name
        clicks.fill("#id_document-chooser-upload-title", "Compte-rendu de décembre")
        clicks.click(modal.locator("form button[type=submit]"))
        expect(page.locator("#inline_child_documents-0")).to_contain_text(
            "Compte-rendu de décembre"
        )

        clicks.click(page.locator("footer [data-w-dropdown-target='toggle']").first)
        clicks.click(page.locator("button[name='action-submit']"))
        expect(page.locator(".messages")).to_contain_text("Rencontre de décembre")

        minutes = MeetingMinutesPage.objects.get(title="Rencontre de décembre")
        draft = minutes.get_latest_revision_as_object()
        assert [p.name for p in draft.participants.all()] == [name for name, _ in people]
        assert len(draft.decisions.all()) == 3
        assert len(draft.documents.all()) == 1
        assert minutes.workflow_in_progress
        assert minutes.sequence_number == 2  # counted: the group had one meeting
        record_property("clicks", clicks.count)
        record_property("fields", clicks.fields)
        assert clicks.count <= MAX_CLICKS, clicks.count


def ical_local_starts(text):
    """The DTSTART of each event, in Paris local time, read from the feed with icalendar."""
    import zoneinfo

    import icalendar

    paris = zoneinfo.ZoneInfo("Europe/Paris")
    starts = []
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        moment = event.decoded("DTSTART")
        assert moment.tzinfo is not None, moment
        starts.append(moment.astimezone(paris).replace(tzinfo=None))
    return starts


def axe_on(page, selector, exclude=None):
    """axe-core's violations inside our own markup (`selector`), described for the message."""
    context = {"include": [[selector]]}
    if exclude:
        context["exclude"] = [[exclude]]
    violations = axe_violations(page, context=context)
    return [f"{v['id']}: {[node['target'] for node in v['nodes']][:5]}" for v in violations]
