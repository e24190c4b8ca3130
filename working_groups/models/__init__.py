from .booklets import Booklet, BookletStatus
from .editorial import GroupEditorialSetup
from .groups import (
    WorkingGroupIndexPage,
    WorkingGroupIndexPageKeyword,
    WorkingGroupOrganisation,
    WorkingGroupPage,
    WorkingGroupPageKeyword,
)
from .minutes import (
    MeetingMinutesDecision,
    MeetingMinutesDocument,
    MeetingMinutesPage,
    MeetingMinutesPageKeyword,
    MeetingMinutesParticipant,
)

__all__ = [
    "Booklet",
    "BookletStatus",
    "GroupEditorialSetup",
    "MeetingMinutesDecision",
    "MeetingMinutesDocument",
    "MeetingMinutesPage",
    "MeetingMinutesPageKeyword",
    "MeetingMinutesParticipant",
    "WorkingGroupIndexPage",
    "WorkingGroupIndexPageKeyword",
    "WorkingGroupOrganisation",
    "WorkingGroupPage",
    "WorkingGroupPageKeyword",
]
