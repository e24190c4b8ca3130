"""Issue 12's reproduction: a writer and an editor submit the same page at the same instant.

Wagtail checks that no workflow is in progress, saves the revision, then starts the workflow; the
database's `unique_in_progress_workflow` constraint refuses the second of two submissions that
passed the check together. The test opens that window for real: when the writer's revision is
saved, the editor's submission commits (a workflow state written by the editor), so the writer's
own start hits the constraint. The writer must get a French message and keep the draft, not a 500.
"""

import pytest
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import translation
from wagtail.models import Revision, WorkflowState

from tests.working_groups.forms import minutes_form_data
from working_groups.factories import MeetingMinutesPageFactory


@pytest.fixture
def minutes(group_a, writer_a):
    page = MeetingMinutesPageFactory(
        parent=group_a, title="Rencontre de printemps", live=False, owner=writer_a
    )
    page.save_revision(user=writer_a)
    return page


@pytest.mark.django_db
def test_the_second_of_two_simultaneous_submissions_gets_a_french_message(
    client, group_a, writer_a, editor_a, minutes
):
    editor = editor_a
    workflow = group_a.get_workflow()

    def editor_submits_meanwhile(sender, instance, created, **kwargs):
        if created and str(instance.object_id) == str(minutes.pk):
            post_save.disconnect(editor_submits_meanwhile, sender=Revision)
            workflow.start(minutes, editor)  # the editor's submission, committed

    post_save.connect(editor_submits_meanwhile, sender=Revision, weak=False)
    try:
        client.force_login(writer_a)
        data = minutes_form_data(
            title="Rencontre de printemps",
            slug=minutes.slug,
            meeting_date="14/04/2026",
            sequence_number=str(minutes.sequence_number),
        )
        data["body-count"] = data.get("body-count", "0")
        data["action-submit"] = "1"
        with translation.override("fr"):
            response = client.post(
                reverse("wagtailadmin_pages:edit", args=(minutes.pk,)), data, follow=True
            )
    finally:
        post_save.disconnect(editor_submits_meanwhile, sender=Revision)

    assert response.status_code == 200
    text = response.content.decode()
    assert "vient d’être soumise" in text or "vient d'être soumise" in text
    # One review under way, the editor's; the writer's draft is kept as a revision.
    states = WorkflowState.objects.filter(
        object_id=str(minutes.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert [state.requested_by for state in states] == [editor]
    assert Revision.objects.filter(object_id=str(minutes.pk)).count() >= 2
