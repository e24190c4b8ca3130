import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from working_groups.models import (
    GroupEditorialSetup,
    MeetingMinutesDecision,
    MeetingMinutesPage,
    WorkingGroupPage,
)
from working_groups.provisioning import COMMITTEE_GROUP_NAME


@pytest.mark.django_db
class TestDemoContent:
    def test_three_groups_with_their_histories_and_people(self, client, home_page):
        call_command("load_demo_content", stdout=io.StringIO())

        groups = list(WorkingGroupPage.objects.live().order_by("title"))
        assert len(groups) >= 3
        User = get_user_model()
        for group in groups:
            minutes = list(
                MeetingMinutesPage.objects.child_of(group).live().order_by("meeting_date")
            )
            assert len(minutes) >= 4
            assert [m.sequence_number for m in minutes] == list(range(1, len(minutes) + 1))
            assert all(m.participants.count() >= 4 and m.decisions.exists() for m in minutes)
            assert group.themes.exists() and group.keywords.exists()
            assert group.next_meeting() is not None
            setup = GroupEditorialSetup.objects.get(page=group)
            assert User.objects.filter(groups=setup.writers).exists()
            assert User.objects.filter(groups=setup.editors).exists()
            response = client.get(group.url)
            assert response.status_code == 200
            assert "Prochaine rencontre" in response.content.decode()
        assert User.objects.filter(groups__name=COMMITTEE_GROUP_NAME).exists()
        # The register: open, done, carried-forward and overdue actions, and decisions.
        counts = client.get("/decisions/").context["counts"]
        assert counts["done"] and counts["open"] and counts["overdue"] and counts["decisions"]
        follow_ups = MeetingMinutesDecision.objects.filter(follows__isnull=False)
        assert {row.status for row in follow_ups} == {"done", "in_progress", "to_do"}
        assert MeetingMinutesDecision.objects.exclude(organisation="").exists()
        # The agenda: an upcoming meeting in every group.
        agenda = client.get("/agenda/").content.decode()
        assert agenda.count('class="agenda-item__title"') >= 3
        assert MeetingMinutesPage.objects.filter(documents__isnull=False).distinct().count() >= 3

        ines = User.objects.get(username="ines")
        own = WorkingGroupPage.objects.get(short_name="ACCOMPAGNER")
        other = WorkingGroupPage.objects.get(short_name="TERRITOIRES")
        assert own.permissions_for_user(ines).can_add_subpage()
        assert not own.permissions_for_user(ines).can_publish()
        assert not other.permissions_for_user(ines).can_add_subpage()
        menu = client.get("/").content.decode().split("</nav>")[0]
        assert 'href="/groupes-de-travail/"' in menu
