"""Who gets Wagtail's workflow e-mails (the texts are in templates/wagtailadmin/notifications/).

Wagtail e-mails every member of a GroupApprovalTask's groups when a page is submitted. A group's
task is approved by its editors *and* the editorial committee (who may act on every group), but
only the editors should be written to — the committee hears of a submission only when the group
has no editor able to receive it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

# Wagtail's own dispatch_uid: connecting ours under it replaces Wagtail's receiver.
WAGTAIL_DISPATCH_UID = "group_approval_task_submitted_email_notification"


class GroupEditorsSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task_state"] = task_state
        context["requested_by"] = task_state.workflow_state.requested_by
        return context

    def get_recipient_users(self, task_state, **kwargs):
        from .provisioning import COMMITTEE_GROUP_NAME

        recipients = super().get_recipient_users(task_state, **kwargs)
        groups = task_state.task.specific.groups.all()
        if not any(group.name != COMMITTEE_GROUP_NAME for group in groups):
            return recipients
        triggering_user = kwargs.get("user")
        editors = (
            get_user_model()
            .objects.filter(groups__in=[g for g in groups if g.name != COMMITTEE_GROUP_NAME])
            .filter(is_active=True)
            .exclude(Q(email="") | Q(pk=getattr(triggering_user, "pk", None)))
            .distinct()
        )
        return editors if editors.exists() else recipients


submission_notifier = GroupEditorsSubmissionEmailNotifier()


def register():
    # Whichever of wagtail.admin's ready() and ours runs first, ours is the one left connected.
    task_submitted.disconnect(sender=TaskState, dispatch_uid=WAGTAIL_DISPATCH_UID)
    task_submitted.connect(submission_notifier, sender=TaskState, dispatch_uid=WAGTAIL_DISPATCH_UID)
