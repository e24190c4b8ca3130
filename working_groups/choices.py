"""Choices of the working groups app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class ParticipantRole(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    FACILITATOR = "facilitator", _("Facilitator")
    NOTE_TAKER = "note_taker", _("Note-taker")


class DecisionStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @classmethod
    def open_values(cls) -> list[str]:
        """The statuses of an action still to be carried out."""
        return [cls.TO_DO, cls.IN_PROGRESS]


class DecisionKind(models.TextChoices):
    """A row of the minutes' register: something decided, or something someone has to do."""

    ACTION = "action", _("Action")
    DECISION = "decision", _("Decision")


class DecisionMode(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    CONSENT = "consent", _("Consent (no objection)")
    VOTE = "vote", _("Vote")


class MemberRole(models.TextChoices):
    """The role someone gets in a group's editorial set-up (`add_group_member --role`)."""

    WRITER = "writer", _("Writer")
    EDITOR = "editor", _("Editor")
