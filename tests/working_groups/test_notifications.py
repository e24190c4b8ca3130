import pytest
from django.core import mail
from wagtail.models import TaskState

from working_groups.factories import MeetingMinutesPageFactory
from working_groups.models import MeetingMinutesPage


def submit(page_owner, group, title="Compte-rendu de mars"):
    page = MeetingMinutesPageFactory(parent=group, title=title, live=False, owner=page_owner)
    page = MeetingMinutesPage.objects.get(pk=page.pk)
    page.save_revision(user=page_owner)
    page.get_workflow().start(page, page_owner)
    page.refresh_from_db()
    return page, TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).specific


@pytest.mark.django_db
class TestWorkflowNotifications:
    def test_submission_goes_to_the_group_editors_only_in_french(self, people, group_a):
        mail.outbox.clear()
        submit(people["writer_a"], group_a)

        assert sorted(to for message in mail.outbox for to in message.to) == [
            "editor_a@example.org"
        ]
        message = mail.outbox[0]
        assert message.subject == "À relire : « Compte-rendu de mars »"
        assert "« Compte-rendu de mars » attend votre relecture" in message.body
        assert "Soumis par writer_a." in message.body
        assert "/admin/pages/" in message.body

    def test_the_committee_hears_of_it_when_the_group_has_no_editor(self, group_b, make_user):
        writer = make_user("seul", group_page=group_b)
        make_user("membre_comite", committee=True)
        mail.outbox.clear()
        submit(writer, group_b)
        assert [message.to for message in mail.outbox] == [["membre_comite@example.org"]]

    def test_the_writer_is_told_of_approval_and_the_page_is_live(self, people, group_a):
        page, task_state = submit(people["writer_a"], group_a)
        mail.outbox.clear()

        task_state.approve(user=people["editor_a"])

        page.refresh_from_db()
        assert page.live
        assert [message.to for message in mail.outbox] == [["writer_a@example.org"]]
        message = mail.outbox[0]
        assert message.subject == "Validé et publié : « Compte-rendu de mars »"
        assert "Bonne nouvelle" in message.body
        assert page.full_url in message.body

    def test_the_writer_gets_the_comment_when_sent_back(self, people, group_a):
        page, task_state = submit(people["writer_a"], group_a)
        mail.outbox.clear()

        task_state.reject(
            user=people["editor_a"], comment="Ajoutez la liste des personnes excusées & le lieu."
        )

        page.refresh_from_db()
        assert not page.live
        assert [message.to for message in mail.outbox] == [["writer_a@example.org"]]
        message = mail.outbox[0]
        assert message.subject == "Modifications demandées : « Compte-rendu de mars »"
        assert "vous est renvoyé pour modifications par editor_a" in message.body
        assert "Ajoutez la liste des personnes excusées & le lieu." in message.body
        html = message.alternatives[0].content
        assert "Ajoutez la liste des personnes excusées &amp; le lieu." in html
        assert f"/admin/pages/{page.pk}/edit/" in message.body
