"""The group editors' dashboard panel: their groups' open actions, from the register."""

from django.db.models import F
from wagtail.admin.ui.components import Component

from .models import GroupEditorialSetup, WorkingGroupPage
from .register import OPEN, Register, RegisterFilters

PANEL_ROWS = 15


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
