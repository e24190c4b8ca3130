import datetime
import re
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from site_core.demo_tools import make_pdf
from site_core.templatetags.site_core_tags import human_filesize
from tests.utils import make_private
from working_groups.choices import DecisionStatus, GroupStatus, ParticipantRole
from working_groups.factories import (
    MeetingMinutesDecisionFactory,
    MeetingMinutesPageFactory,
    MeetingMinutesParticipantFactory,
    WorkingGroupOrganisationFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import MeetingMinutesDocument
from working_groups.models.groups import MINUTES_PER_PAGE


def minutes(group, number, day, *, live=True, **fields):
    fields.setdefault("title", f"Rencontre {number}")
    return MeetingMinutesPageFactory(
        parent=group,
        sequence_number=number,
        meeting_date=day,
        live=live,
        **fields,
    )


def document(title, filename, content):
    doc = get_document_model()(title=title)
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestIndexPage:
    def test_active_groups_first_with_count_and_last_meeting_and_no_drafts(
        self, client, groups_index
    ):
        archived = WorkingGroupPageFactory(
            parent=groups_index, title="Ancien groupe", status=GroupStatus.ARCHIVED
        )
        active = WorkingGroupPageFactory(parent=groups_index, title="Zèbre actif")
        minutes(active, 1, datetime.date(2024, 3, 1))
        minutes(active, 2, datetime.date(2024, 5, 6))
        minutes(active, 3, datetime.date(2024, 9, 9), live=False)
        minutes(archived, 1, datetime.date(2019, 1, 10))
        WorkingGroupPageFactory(parent=groups_index, title="Groupe brouillon", live=False)

        response = client.get(groups_index.url)
        html = html_of(response)

        assert (
            html.index("Zèbre actif") < html.index("Groupes archivés") < html.index("Ancien groupe")
        )
        assert "Groupe brouillon" not in html
        by_title = {g.title: g for g in response.context["active_groups"]}
        assert by_title["Zèbre actif"].minutes_count == 2  # the draft does not count
        assert by_title["Zèbre actif"].last_meeting_date == datetime.date(2024, 5, 6)
        assert '<time datetime="2024-05-06">6 mai 2024</time>' in html
        assert [g.title for g in response.context["archived_groups"]] == ["Ancien groupe"]

    def test_query_count_does_not_grow_with_groups(
        self, client, groups_index, django_assert_max_num_queries
    ):
        def add_groups(start, count):
            for i in range(start, start + count):
                group = WorkingGroupPageFactory(parent=groups_index, title=f"Groupe {i}")
                minutes(group, 1, datetime.date(2024, 1, 1) + datetime.timedelta(days=i))

        add_groups(0, 2)
        client.get(groups_index.url)
        with django_assert_max_num_queries(40) as few:
            client.get(groups_index.url)
        add_groups(2, 10)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(groups_index.url)
        assert len(response.context["active_groups"]) == 12


@pytest.mark.django_db
class TestGroupPage:
    def test_shows_mission_members_next_meeting_and_minutes_newest_first(self, client, group_a):
        WorkingGroupOrganisationFactory(page=group_a, name="SCOP La Navette", place="Nantes")
        first = minutes(group_a, 1, datetime.date(2024, 1, 10))
        soon = timezone.now() + datetime.timedelta(days=20)
        last = minutes(
            group_a,
            2,
            datetime.date(2024, 2, 10),
            next_meeting_at=soon,
            next_meeting_place="Tiers-lieu des Coteaux",
            next_meeting_agenda="Bilan de l'année",
        )
        minutes(group_a, 3, datetime.date(2024, 3, 10), live=False, title="Brouillon caché")

        html = html_of(client.get(group_a.url))

        assert "Partager nos pratiques" in html
        assert "SCOP La Navette" in html
        assert "Tiers-lieu des Coteaux" in html and "Bilan de l&#x27;année" in html
        assert html.index(last.title) < html.index(first.title)
        assert "2e rencontre" in html and "1re rencontre" in html
        assert "Brouillon caché" not in html

    def test_a_past_next_meeting_is_not_announced(self, client, group_a):
        minutes(
            group_a,
            1,
            datetime.date(2024, 1, 10),
            next_meeting_at=timezone.make_aware(datetime.datetime(2024, 2, 1, 14)),
            next_meeting_place="Salle passée",
        )
        html = html_of(client.get(group_a.url))
        assert "Salle passée" not in html

    def test_minutes_are_paginated(self, client, group_a):
        for number in range(1, MINUTES_PER_PAGE + 3):
            minutes(group_a, number, datetime.date(2023, 1, 1) + datetime.timedelta(weeks=number))
        first_page = client.get(group_a.url)
        second_page = client.get(group_a.url, {"page": 2})
        assert len(first_page.context["minutes_page"].object_list) == MINUTES_PER_PAGE
        assert [m.sequence_number for m in second_page.context["minutes_page"].object_list] == [
            2,
            1,
        ]
        assert 'rel="next"' in first_page.content.decode()

    def test_private_minutes_are_not_listed(self, client, group_a):
        hidden = minutes(group_a, 1, datetime.date(2024, 1, 1), title="Réservé aux membres")
        make_private(hidden)
        assert "Réservé aux membres" not in html_of(client.get(group_a.url))

    def test_group_documents_come_from_published_minutes(self, client, group_a):
        published = minutes(group_a, 1, datetime.date(2024, 1, 1))
        draft = minutes(group_a, 2, datetime.date(2024, 2, 1), live=False)
        shown = document("Charte du groupe", "charte.pdf", make_pdf("Charte", ["Texte"]))
        hidden = document("Note interne", "note.pdf", make_pdf("Note", ["Texte"]))
        MeetingMinutesDocument.objects.create(page=published, document=shown)
        MeetingMinutesDocument.objects.create(page=draft, document=hidden)

        html = html_of(client.get(group_a.url))

        assert "Charte du groupe" in html
        assert "(PDF, " in html
        assert "Note interne" not in html

    def test_search_box_sends_q_and_the_group_to_the_search_page(self, client, group_a):
        html = html_of(client.get(group_a.url))
        form = re.search(r'<form class="group-search"[^>]*>.*?</form>', html, re.S).group(0)
        assert 'action="/recherche/"' in form and 'method="get"' in form
        assert 'name="q"' in form
        assert f'<input type="hidden" name="group" value="{group_a.slug}">' in form
        assert '<label for="group-search-q">' in form

    def test_minutes_feed_lists_published_minutes(self, client, group_a):
        minutes(group_a, 1, datetime.date(2024, 1, 1), title="Première")
        minutes(group_a, 2, datetime.date(2024, 2, 1), title="Deuxième")
        minutes(group_a, 3, datetime.date(2024, 3, 1), title="Pas encore", live=False)

        response = client.get(group_a.url + group_a.feed_subpath)

        assert response["Content-Type"].startswith("application/rss+xml")
        feed = feedparser.parse(response.content)
        assert feed.bozo == 0
        assert [entry.title for entry in feed.entries] == ["Deuxième", "Première"]
        assert feed.feed.title == "Comptes-rendus : Pratiques d'accompagnement"

    def test_calendar_lists_announced_meetings(self, client, group_a):
        when = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
        minutes(
            group_a,
            1,
            datetime.date(2024, 1, 1),
            next_meeting_at=when,
            next_meeting_place="Salle Jean-Jaurès; 2e étage",
        )
        response = client.get(group_a.url + group_a.calendar_subpath)
        body = response.content.decode()
        assert response["Content-Type"].startswith("text/calendar")
        assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
        assert body.count("BEGIN:VEVENT") == 1
        local = when.astimezone(ZoneInfo("Europe/Paris")).strftime("%Y%m%dT%H%M%S")
        assert "DTSTART;TZID=Europe/Paris:" + local in body
        assert "LOCATION:Salle Jean-Jaurès\\; 2e étage" in body
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))

    def test_feeds_of_unknown_or_draft_groups_are_404(self, client, groups_index):
        draft = WorkingGroupPageFactory(parent=groups_index, slug="cache", live=False)
        assert client.get("/groupes-de-travail/cache/comptes-rendus.xml").status_code == 404
        assert client.get("/groupes-de-travail/inconnu/comptes-rendus.xml").status_code == 404
        assert draft.pk


@pytest.mark.django_db
class TestMinutesPage:
    def test_renders_participants_and_decisions_as_tables(self, client, group_a):
        page = minutes(group_a, 3, datetime.date(2024, 5, 14), synthesis_author="Inès")
        MeetingMinutesParticipantFactory(
            page=page,
            name="Aïcha <b>Diallo</b>",
            organisation="SCIC Terre",
            role=ParticipantRole.FACILITATOR,
        )
        MeetingMinutesParticipantFactory(page=page, name="Paul", role=ParticipantRole.EXCUSED)
        MeetingMinutesDecisionFactory(
            page=page,
            what="Rédiger la fiche accueil",
            who="Paul",
            due_date=datetime.date(2024, 6, 30),
            status=DecisionStatus.IN_PROGRESS,
        )

        html = html_of(client.get(page.url))

        assert "3e rencontre" in html
        assert "<caption>2 personnes à cette rencontre</caption>" in html
        assert '<th scope="col">Structure</th>' in html
        assert '<th scope="row">Aïcha &lt;b&gt;Diallo&lt;/b&gt;</th>' in html
        assert ">Animation</td>" in html and ">Excusé·e</td>" in html
        assert "<caption>Ce qui a été décidé, qui s'en charge et pour quand</caption>" in html
        assert '<th scope="row">Rédiger la fiche accueil</th>' in html
        assert '<time datetime="2024-06-30">30 juin 2024</time>' in html
        assert ">En cours</td>" in html
        assert "Synthèse rédigée par Inès." in html

    def test_previous_and_next_meetings_follow_dates_and_skip_drafts(
        self, client, group_a, group_b
    ):
        january = minutes(group_a, 1, datetime.date(2024, 1, 1))
        minutes(group_a, 2, datetime.date(2024, 2, 1), live=False)
        march = minutes(group_a, 3, datetime.date(2024, 3, 1))
        may = minutes(group_a, 4, datetime.date(2024, 5, 1))
        minutes(group_b, 1, datetime.date(2024, 4, 1))  # another group: never linked

        response = client.get(march.url)

        assert response.context["previous_minutes"].pk == january.pk
        assert response.context["next_minutes"].pk == may.pk
        html = response.content.decode()
        assert f'href="{january.url}" rel="prev"' in html
        assert f'href="{may.url}" rel="next"' in html
        first = client.get(january.url)
        assert first.context["previous_minutes"] is None
        assert first.context["next_minutes"].pk == march.pk

    def test_same_group_lists_other_published_minutes(self, client, group_a):
        pages = [minutes(group_a, n, datetime.date(2024, n, 1)) for n in range(1, 6)]
        minutes(group_a, 9, datetime.date(2024, 9, 1), live=False, title="Brouillon")
        response = client.get(pages[2].url)
        same = [p.pk for p in response.context["same_group"]]
        # Newest first, without the neighbours (they are the previous / next links).
        assert same == [pages[4].pk, pages[0].pk]
        html = response.content.decode()
        assert "Dans le même groupe" in html and "Brouillon" not in html

    def test_documents_show_type_and_size(self, client, group_a):
        page = minutes(group_a, 1, datetime.date(2024, 1, 1))
        pdf = document("Ordre du jour", "odj.pdf", make_pdf("Ordre du jour", ["Accueil"] * 40))
        MeetingMinutesDocument.objects.create(page=page, document=pdf, title="ODJ du 1er")
        html = html_of(client.get(page.url))
        assert f'<a href="{pdf.url}">ODJ du 1er</a>' in html
        size = human_filesize(pdf.get_file_size())
        assert f"(PDF, {size})" in html

    def test_search_body_and_attachments(self, group_a):
        page = minutes(group_a, 1, datetime.date(2024, 1, 1), place="Lyon")
        MeetingMinutesParticipantFactory(page=page, name="Aïcha", organisation="SCIC Terre")
        MeetingMinutesDecisionFactory(page=page, what="Écrire la charte", who="Paul")
        pdf = document("Charte", "charte.pdf", make_pdf("Charte", ["Texte"]))
        txt = document("Notes", "notes.txt", b"notes")
        MeetingMinutesDocument.objects.create(page=page, document=pdf)
        MeetingMinutesDocument.objects.create(page=page, document=txt)

        body = page.get_search_body()
        attachments = page.get_search_attachments()

        assert "Aïcha SCIC Terre" in body and "Écrire la charte Paul" in body and "Lyon" in body
        assert [(a.kind, a.label, a.url) for a in attachments] == [("pdf", "PDF : Charte", pdf.url)]
        assert attachments[0].file.name == pdf.file.name
        assert page.get_listing_date() == datetime.date(2024, 1, 1)
        assert page.group_page.pk == group_a.pk


@pytest.mark.django_db
class TestQueryBudget:
    def test_group_page_with_50_minutes_costs_what_it_costs_with_5(
        self, client, group_a, django_assert_max_num_queries
    ):
        for number in range(1, 6):
            minutes(group_a, number, datetime.date(2020, 1, 1) + datetime.timedelta(weeks=number))
        client.get(group_a.url)
        with django_assert_max_num_queries(40) as few:
            client.get(group_a.url)
        for number in range(6, 51):
            minutes(group_a, number, datetime.date(2020, 1, 1) + datetime.timedelta(weeks=number))
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(group_a.url)
        assert response.context["minutes_page"].paginator.count == 50

    def test_minutes_page_with_20_participants_and_10_decisions_costs_what_it_costs_with_2(
        self, client, group_a, django_assert_max_num_queries
    ):
        page = minutes(group_a, 1, datetime.date(2024, 1, 1))
        for neighbour in (2, 3):
            minutes(group_a, neighbour, datetime.date(2024, neighbour, 1))
        MeetingMinutesParticipantFactory.create_batch(2, page=page)
        MeetingMinutesDecisionFactory.create_batch(1, page=page)
        client.get(page.url)
        with django_assert_max_num_queries(40) as few:
            client.get(page.url)
        MeetingMinutesParticipantFactory.create_batch(18, page=page)
        MeetingMinutesDecisionFactory.create_batch(9, page=page)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(page.url)
        assert len(response.context["participants"]) == 20
        assert len(response.context["decisions"]) == 10
