"""The admin dashboard: a writer's panel per working group, and the editors' open actions."""

from django.db.models import F, Q
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from .models import GroupEditorialSetup, MeetingMinutesPage, WorkingGroupPage
from .panels import sent_back_comment
from .register import OPEN, Register, RegisterFilters

DRAFTS_LIMIT = 20
PANEL_ROWS = 15


def group_setups_for(user):
    """The editorial set-ups whose writers or editors include `user`, with whether they edit."""
    if not user.is_authenticated:
        return []
    group_ids = set(user.groups.values_list("pk", flat=True))
    if not group_ids:
        return []
    setups = (
        GroupEditorialSetup.objects.filter(Q(writers__in=group_ids) | Q(editors__in=group_ids))
        .select_related("page")
        .order_by("page__title")
        .distinct()
    )
    return [(setup, setup.editors_id in group_ids) for setup in setups]


def group_summary(setup, user, is_editor: bool) -> dict:
    group = setup.page
    minutes = MeetingMinutesPage.objects.child_of(group).filter(
        Q(live=False) | Q(has_unpublished_changes=True)
    )
    mine, sent_back, waiting = [], [], []
    for page in minutes.select_related("owner").order_by("-latest_revision_created_at")[:100]:
        state = page.current_workflow_state
        own = page.owner_id == user.pk
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            if own or is_editor:
                sent_back.append({"page": page, "task_state": sent_back_comment(page)})
        elif state is not None:
            if own or is_editor:
                waiting.append({"page": page, "state": state})
        elif own:
            mine.append({"page": page})
    return {
        "group": group,
        "is_editor": is_editor,
        "add_url": reverse(
            "wagtailadmin_pages:add", args=("working_groups", "meetingminutespage", group.pk)
        ),
        "import_url": reverse("working_groups_import_minutes", args=(group.pk,)),
        "drafts": mine[:DRAFTS_LIMIT],
        "sent_back": sent_back[:DRAFTS_LIMIT],
        "waiting": waiting[:DRAFTS_LIMIT],
    }


class WritersGroupPanel(Component):
    """« Write new minutes, my drafts, sent back to me, waiting for review » for one group."""

    template_name = "working_groups/admin/dashboard_group_panel.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, setup, is_editor):
        self.setup = setup
        self.is_editor = is_editor
        self.name = f"working_group_{setup.page_id}"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context["request"]
        context.update(group_summary(self.setup, request.user, self.is_editor))
        return context


def add_writers_panels(request, panels):
    for setup, is_editor in group_setups_for(request.user):
        panels.append(WritersGroupPanel(setup, is_editor))


class OpenActionsPanel(Component):
    name = "open_actions"
    template_name = "working_groups/admin/open_actions_panel.html"
    order = 120

    def __init__(self, request):
        self.request = request
        user = request.user
        setups = GroupEditorialSetup.objects.filter(editors__in=user.groups.all())
        self.groups = list(
            WorkingGroupPage.objects.filter(pk__in=setups.values("page_id")).order_by("title")
        )

    def get_context_data(self, parent_context):
        sections = []
        for group in self.groups:
            register = Register(
                request=self.request, group=group, filters=RegisterFilters(status=OPEN)
            )
            rows = list(
                register.filtered()
                .select_related("page")
                .order_by(F("due_date").asc(nulls_last=True), "pk")[:PANEL_ROWS]
            )
            register.decorate(rows)
            sections.append({"group": group, "rows": rows, "count": register.filtered().count()})
        return {"sections": sections}
