"""Demo content of the register: who takes actions on, and actions followed up at later meetings.

Run after the groups' minutes are loaded (`working_groups.demo.load`). Idempotent: a follow-up is
added only once, organisations are filled only where empty.
"""

import datetime

from .choices import DecisionKind, DecisionStatus
from .models import MeetingMinutesDecision, MeetingMinutesPage, WorkingGroupPage

# For the first, second and third group: what the next meeting does with an open action.
FOLLOW_UPS = [
    (DecisionStatus.DONE, "{what} : fait, présenté à la rencontre", None),
    (DecisionStatus.IN_PROGRESS, "{what} : reconduit, une structure n'a pas encore répondu", 14),
    (DecisionStatus.TO_DO, "{what} : reconduit, faute de temps", 10),
]


def load(index):
    groups = WorkingGroupPage.objects.child_of(index).live().order_by("path")
    for group, (status, wording, due_days) in zip(groups, FOLLOW_UPS, strict=False):
        minutes = list(
            MeetingMinutesPage.objects.child_of(group).live().order_by("meeting_date", "pk")
        )
        for page in minutes:
            fill_organisations(page)
        if minutes:
            record_first_decision(MeetingMinutesPage.objects.get(pk=minutes[0].pk))
        follow_up_first_open_action(minutes, status, wording, due_days)


def record_first_decision(page):
    """The first decision told in the body of the group's first minutes, as a register row."""
    if page.decisions.filter(kind=DecisionKind.DECISION).exists():
        return
    text = next(
        (block.value["decision"] for block in page.body if block.block_type == "decision"), ""
    )
    if not text:
        return
    page.decisions.add(
        MeetingMinutesDecision(kind=DecisionKind.DECISION, what=text, who="Le groupe", sort_order=0)
    )
    page.save_revision().publish()


def fill_organisations(page):
    organisations = {p.name: p.organisation for p in page.participants.all()}
    for row in page.decisions.filter(organisation=""):
        first_name = row.who.split(",")[0].strip()
        if organisations.get(first_name):
            row.organisation = organisations[first_name]
            row.save(update_fields=["organisation"])


def follow_up_first_open_action(minutes, status, wording, due_days):
    for earlier, later in zip(minutes, minutes[1:], strict=False):
        action = (
            MeetingMinutesDecision.objects.filter(
                page_id=earlier.pk,
                kind=DecisionKind.ACTION,
                status__in=DecisionStatus.open_values(),
            )
            .order_by("sort_order")
            .first()
        )
        if action is None:
            continue
        if MeetingMinutesDecision.objects.filter(follows=action).exists():
            return
        page = MeetingMinutesPage.objects.get(pk=later.pk)
        page.decisions.add(
            MeetingMinutesDecision(
                what=wording.format(what=action.what),
                who=action.who,
                organisation=action.organisation,
                due_date=(
                    later.meeting_date + datetime.timedelta(days=due_days) if due_days else None
                ),
                status=status,
                follows=action,
                sort_order=page.decisions.count() + 1,
            )
        )
        page.save_revision().publish()
        return
