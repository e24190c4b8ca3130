"""A working group's feeds: its minutes (RSS 2.0) and its announced meetings (iCalendar)."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from site_core.public_address import absolute

FEED_ITEMS = 30
CALENDAR_EVENTS = 30
MEETING_DURATION = datetime.timedelta(hours=3)


def minutes_feed(group, request) -> HttpResponse:
    """RSS 2.0 of the group's published minutes, newest meeting first."""
    group_url = group.get_full_url(request)
    feed = Rss201rev2Feed(
        title=_("Minutes of %(name)s") % {"name": group.title},
        link=group_url,
        description=group.summary or _("Minutes of the meetings of the working group."),
        language="fr",
        feed_url=absolute(request.path),
    )
    for minutes in group.published_minutes()[:FEED_ITEMS]:
        url = minutes.get_full_url(request)
        published = minutes.first_published_at or timezone.now()
        feed.add_item(
            title=minutes.title,
            link=url,
            unique_id=url,
            description=minutes.summary or minutes.sequence_label,
            pubdate=published,
            updateddate=minutes.last_published_at or published,
            categories=[minutes.sequence_label],
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _ics_escape(text: str) -> str:
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with a leading space."""
    parts, current = [], ""
    for char in line:
        limit = 75 if not parts else 74
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
        else:
            current += char
    parts.append(current)
    return [parts[0]] + [" " + part for part in parts[1:]]


def _utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def meetings_calendar(group, request) -> HttpResponse:
    """iCalendar of the next meetings announced in the group's published minutes."""
    host = request.get_host().split(":")[0] or "maillage"
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maillage//Groupes de travail//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_escape(group.title)}",
    ]
    announced = (
        group.published_minutes()
        .filter(
            next_meeting_at__isnull=False, next_meeting_at__gte=now - datetime.timedelta(days=90)
        )
        .order_by("next_meeting_at")[:CALENDAR_EVENTS]
    )
    for minutes in announced:
        start = minutes.next_meeting_at
        description = minutes.next_meeting_agenda or ""
        lines += [
            "BEGIN:VEVENT",
            f"UID:next-meeting-{minutes.pk}@{host}",
            f"DTSTAMP:{_utc(minutes.last_published_at or now)}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(start + MEETING_DURATION)}",
            "SUMMARY:"
            + _ics_escape(_("Meeting of %(name)s") % {"name": group.short_name or group.title}),
            f"DESCRIPTION:{_ics_escape(description)}",
            f"LOCATION:{_ics_escape(minutes.next_meeting_place)}",
            f"URL:{minutes.get_full_url(request)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    body = "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{group.slug}.ics"'
    return response
