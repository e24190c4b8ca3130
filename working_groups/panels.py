"""Admin panels of the minutes editor: the editor's comment, participant suggestions, add buttons."""

from wagtail.admin.panels import HelpPanel, InlinePanel
from wagtail.models import TaskState, WorkflowState

SUGGESTIONS_LIMIT = 300


def sent_back_comment(page):
    """The rejected task state of a page sent back for changes (its comment, who, when), or None."""
    if page is None or not page.pk:
        return None
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    return (
        TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def group_participants(group_page):
    """Names and organisations already written in the group's minutes, for suggestions."""
    from .models import MeetingMinutesPage, MeetingMinutesParticipant

    rows = MeetingMinutesParticipant.objects.filter(
        page__in=MeetingMinutesPage.objects.child_of(group_page)
    )
    names = rows.exclude(name="").values_list("name", flat=True).distinct().order_by("name")
    organisations = (
        rows.exclude(organisation="")
        .values_list("organisation", flat=True)
        .distinct()
        .order_by("organisation")
    )
    return list(names[:SUGGESTIONS_LIMIT]), list(organisations[:SUGGESTIONS_LIMIT])


class SentBackCommentPanel(HelpPanel):
    """A warning at the top of the edit screen with the comment of the editor who sent it back."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "working_groups/admin/sent_back_comment.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.task_state = sent_back_comment(self.instance)

        def is_shown(self):
            return self.task_state is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["task_state"] = self.task_state
            return context


class ParticipantSuggestionsPanel(HelpPanel):
    """The datalists the participant rows' name and organisation fields suggest from."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "working_groups/admin/participant_suggestions.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            group = getattr(self.form, "parent_page", None)
            if group is None and self.instance.pk:
                group = self.instance.get_parent()
            names, organisations = group_participants(group) if group else ([], [])
            context.update(names=names, organisations=organisations)
            return context


class MinutesInlinePanel(InlinePanel):
    """An InlinePanel whose add button says a whole French phrase (« Ajouter une personne »)."""

    def __init__(self, relation_name, add_label="", **kwargs):
        super().__init__(relation_name, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "working_groups/admin/inline_panel.html"
