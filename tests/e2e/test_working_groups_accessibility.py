"""The public pages of working groups pass axe-core (WCAG 2.1 A and AA) with zero violations."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from site_core.demo_tools import make_pdf
from tests.utils import assert_no_axe_violations
from working_groups.choices import GroupStatus, ParticipantRole
from working_groups.factories import (
    MeetingMinutesDecisionFactory,
    MeetingMinutesPageFactory,
    MeetingMinutesParticipantFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupOrganisationFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import MeetingMinutesDocument

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True)
class TestWorkingGroupsAccessibility:
    def test_index_group_and_minutes_pages_have_no_axe_violations(
        self, page, live_server, home_page
    ):
        build_and_check(page, live_server, home_page)


def build_and_check(page, live_server, home_page):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(parent=index, title="Coopération territoriale", slug="coop")
    WorkingGroupPageFactory(parent=index, title="Ancien groupe", status=GroupStatus.ARCHIVED)
    WorkingGroupOrganisationFactory(
        page=group, name="Tiers-lieu des Mauges", website="https://example.org"
    )
    pages = []
    for number in range(1, 4):
        pages.append(
            MeetingMinutesPageFactory(
                parent=group,
                sequence_number=number,
                meeting_date=datetime.date(2024, number * 2, 3),
                next_meeting_at=timezone.now() + datetime.timedelta(days=10 * number),
                next_meeting_place="La Fabrique",
                next_meeting_agenda="Bilan\nPerspectives",
                body=[
                    ("heading", {"text": "Tour de table", "level": "h2"}),
                    (
                        "question",
                        {"question": "Qui anime ?", "answered": True, "answer": "<p>Zoé.</p>"},
                    ),
                    ("decision", {"decision": "On se revoit.", "mode": "vote", "votes_for": 6}),
                ],
            )
        )
    middle = pages[1]
    MeetingMinutesParticipantFactory(page=middle, name="Zoé", role=ParticipantRole.FACILITATOR)
    MeetingMinutesParticipantFactory(page=middle, name="Hélène", role=ParticipantRole.EXCUSED)
    MeetingMinutesDecisionFactory(page=middle, due_date=datetime.date(2024, 6, 1))
    document = get_document_model()(title="Carte des acteurs")
    document.file.save("carte.pdf", ContentFile(make_pdf("Carte", ["Légende"])), save=False)
    document.save()
    MeetingMinutesDocument.objects.create(page=middle, document=document)

    for url in (index.url, group.url, middle.url):
        page.goto(f"{live_server.url}{url}")
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)
