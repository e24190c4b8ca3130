"""The network's agenda and the iCal feeds, read with the icalendar library."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def agenda(home_page):
    index = WorkingGroupIndexPageFactory(parent=home_page)
    praxis = WorkingGroupPageFactory(
        parent=index, title="Pratiques", slug="praxis", short_name="PRAXIS"
    )
    sante = WorkingGroupPageFactory(parent=index, title="Santé", slug="sante", short_name="SANTÉ")
    today = timezone.localdate()
    # Two announced meetings either side of the last Sunday of October (end of summer time).
    year = today.year + 1
    october_end = max(
        datetime.date(year, 10, day)
        for day in range(25, 32)
        if datetime.date(year, 10, day).weekday() == 6
    )
    before = datetime.datetime.combine(
        october_end - datetime.timedelta(days=3), datetime.time(14, 30), PARIS
    )
    after = datetime.datetime.combine(
        october_end + datetime.timedelta(days=4), datetime.time(14, 30), PARIS
    )
    m1 = MeetingMinutesPageFactory(
        parent=praxis,
        sequence_number=4,
        meeting_date=today - datetime.timedelta(days=10),
        title="Quatrième rencontre",
        next_meeting_at=before,
        next_meeting_ends_at=before + datetime.timedelta(hours=2),
        next_meeting_place="Tiers-lieu La Fabrique, Lyon",
        next_meeting_agenda="Gouvernance partagée : retours d'expérience\nPoint sur la charte",
    )
    m2 = MeetingMinutesPageFactory(
        parent=sante,
        sequence_number=2,
        meeting_date=today - datetime.timedelta(days=20),
        title="Deuxième rencontre santé",
        next_meeting_at=after,
        next_meeting_place="Visio",
    )
    old = MeetingMinutesPageFactory(
        parent=sante,
        sequence_number=1,
        meeting_date=today - datetime.timedelta(days=200),
        title="Première rencontre santé",
        next_meeting_at=timezone.now() - datetime.timedelta(days=100),
    )
    MeetingMinutesPageFactory(
        parent=praxis,
        sequence_number=5,
        meeting_date=today - datetime.timedelta(days=5),
        title="Brouillon d'annonce",
        next_meeting_at=timezone.now() + datetime.timedelta(days=30),
        next_meeting_agenda="Sujet du brouillon",
        live=False,
    )
    return {
        "praxis": praxis,
        "sante": sante,
        "m1": m1,
        "m2": m2,
        "old": old,
        "before": before,
        "after": after,
    }


def events_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


@pytest.mark.django_db
class TestAgenda:
    def test_agenda_lists_upcoming_by_month_and_past_minutes(self, client, agenda):
        response = client.get("/agenda/")
        html = response.content.decode()
        assert response.status_code == 200
        assert html.index("Gouvernance partagée : retours") < html.index("Visio")
        assert "Tiers-lieu La Fabrique, Lyon" in html
        assert "Sujet du brouillon" not in html
        assert agenda["m1"].url in html and agenda["old"].url in html
        assert "Octobre" in html or "Novembre" in html

    def test_network_calendar_local_times_across_dst(self, client, agenda):
        calendar, events = events_of(client.get("/agenda/rencontres.ics"))
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
        by_summary = {str(e["SUMMARY"]): e for e in events}
        assert set(by_summary) == {
            "PRAXIS — Gouvernance partagée : retours d'expérience",
            "SANTÉ — 3e rencontre",
        }
        first = by_summary["PRAXIS — Gouvernance partagée : retours d'expérience"]
        second = by_summary["SANTÉ — 3e rencontre"]
        for event, expected in [(first, agenda["before"]), (second, agenda["after"])]:
            start = event.decoded("DTSTART")
            assert start.tzinfo is not None
            assert start.astimezone(PARIS).strftime("%H:%M") == "14:30"
            assert start == expected
        # Summer time before the change (UTC+2), winter time after (UTC+1).
        assert first.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=2)
        assert second.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
        assert first["DTSTART"].params["TZID"] == "Europe/Paris"
        assert str(first["LOCATION"]) == "Tiers-lieu La Fabrique, Lyon"
        assert first.decoded("DTEND") - first.decoded("DTSTART") == datetime.timedelta(hours=2)
        assert "DTEND" not in second  # no end known

    def test_uid_stable_when_host_or_title_changes(self, client, agenda, settings):
        settings.ALLOWED_HOSTS = ["*"]
        _, events = events_of(client.get("/groupes-de-travail/praxis/prochaines-rencontres.ics"))
        _, other_host = events_of(
            client.get(
                "/groupes-de-travail/praxis/prochaines-rencontres.ics", HTTP_HOST="autre.example"
            )
        )
        minutes = agenda["m1"]
        minutes.title = "Quatrième rencontre (titre corrigé)"
        minutes.next_meeting_agenda = "Un autre sujet"
        minutes.save_revision().publish()
        _, edited = events_of(client.get("/groupes-de-travail/praxis/prochaines-rencontres.ics"))
        assert len(events) == 1
        assert str(events[0]["UID"]) == str(other_host[0]["UID"]) == str(edited[0]["UID"])
        assert str(edited[0]["SUMMARY"]) == "PRAXIS — Un autre sujet"

    def test_past_meetings_dropped_after_the_configured_days(self, client, agenda):
        with override_settings(CALENDAR_PAST_DAYS=200):
            _, events = events_of(client.get("/groupes-de-travail/sante/prochaines-rencontres.ics"))
        assert len(events) == 2
        with override_settings(CALENDAR_PAST_DAYS=30):
            _, events = events_of(client.get("/groupes-de-travail/sante/prochaines-rencontres.ics"))
        assert len(events) == 1
