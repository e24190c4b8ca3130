"""The network's agenda: meetings announced in published minutes (« prochaine rencontre »).

The agenda page lists them by month; the iCal feeds (one per group, one for the network) are
written with the `icalendar` library, in Europe/Paris with its VTIMEZONE. An event's UID comes from
the announcing minutes' `translation_key` (a UUID kept across edits, copies of the database and
hosts), never from the Host header.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import WorkingGroupPage
from .register import group_path, public_minutes

PARIS = ZoneInfo("Europe/Paris")
CALENDAR_EVENTS = 200
AGENDA_PAST_MEETINGS = 12
SUBJECT_LENGTH = 90
MINUTES_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "translation_key",
    "meeting_date",
    "sequence_number",
    "last_published_at",
    "next_meeting_at",
    "next_meeting_ends_at",
    "next_meeting_place",
    "next_meeting_agenda",
)


def meeting_subject(minutes) -> str:
    """What the meeting is about: the first line of its agenda, else its place in the series."""
    for line in (minutes.next_meeting_agenda or "").splitlines():
        line = line.strip(" -•*\t")
        if line:
            return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1] + "…"
    return _("Meeting no. %(number)s") % {"number": (minutes.sequence_number or 0) + 1}


def announced(request, group=None, *, since=None):
    """Minutes announcing a meeting from `since` on, soonest first, each with `.group`."""
    rows = (
        public_minutes(request, group)
        .filter(next_meeting_at__isnull=False)
        .only(*MINUTES_FIELDS)
        .order_by("next_meeting_at", "pk")
    )
    if since is not None:
        rows = rows.filter(next_meeting_at__gte=since)
    rows = list(rows[:CALENDAR_EVENTS])
    attach_groups(rows, group)
    return rows


def attach_groups(rows, group=None):
    if group is not None:
        for row in rows:
            row.group = group
        return
    paths = {group_path(row) for row in rows}
    groups = {
        g.path: g
        for g in WorkingGroupPage.objects.filter(path__in=paths).only(
            "title", "short_name", "slug", "url_path", "path", "depth"
        )
    }
    for row in rows:
        row.group = groups.get(group_path(row))


def agenda_page(request):
    now = timezone.now()
    upcoming = announced(request, since=now)
    for row in upcoming:
        row.subject = meeting_subject(row)
        row.local_start = timezone.localtime(row.next_meeting_at)
    months = []
    for row in upcoming:
        key = (row.local_start.year, row.local_start.month)
        if not months or months[-1]["key"] != key:
            months.append({"key": key, "date": row.local_start.date(), "meetings": []})
        months[-1]["meetings"].append(row)
    past = list(
        public_minutes(request)
        .filter(meeting_date__lte=timezone.localdate())
        .only("title", "url_path", "path", "depth", "meeting_date", "place", "sequence_number")
        .order_by("-meeting_date", "-pk")[:AGENDA_PAST_MEETINGS]
    )
    attach_groups(past)
    return render(
        request,
        "working_groups/agenda.html",
        {"months": months, "past": past, "calendar_url": "/agenda/rencontres.ics"},
    )


# --- iCalendar -----------------------------------------------------------------------------------
def build_calendar(request, rows, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Maillage//Groupes de travail//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for minutes in rows:
        event = Event()
        event.add("uid", f"{minutes.translation_key}@maillage")
        event.add("dtstamp", minutes.last_published_at or timezone.now())
        event.add("dtstart", minutes.next_meeting_at.astimezone(PARIS))
        if minutes.next_meeting_ends_at:
            event.add("dtend", minutes.next_meeting_ends_at.astimezone(PARIS))
        group_name = minutes.group.short_name if minutes.group else ""
        subject = meeting_subject(minutes)
        event.add("summary", f"{group_name} — {subject}" if group_name else subject)
        if minutes.next_meeting_place:
            event.add("location", minutes.next_meeting_place)
        if minutes.next_meeting_agenda:
            event.add("description", minutes.next_meeting_agenda)
        event.add("url", minutes.get_full_url(request))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(request, group=None) -> HttpResponse:
    since = timezone.now() - datetime.timedelta(days=settings.CALENDAR_PAST_DAYS)
    rows = announced(request, group, since=since)
    name = group.title if group else _("Meetings of the network")
    response = HttpResponse(
        build_calendar(request, rows, name), content_type="text/calendar; charset=utf-8"
    )
    filename = group.slug if group else "rencontres"
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response
