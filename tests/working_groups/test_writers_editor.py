"""The minutes editor as a writer uses it: French dates, no crash on clashing slugs, counted
sequence numbers, suggestions, one place for decisions, the dashboard, the editor's comment."""

import datetime
import json
import re
from html import unescape

import pytest
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page

from site_core.dates import FrenchDateInput, FrenchDateTimeInput, french_time
from site_core.models import Theme
from tests.working_groups.forms import minutes_form_data
from working_groups.blocks import MinutesStreamBlock
from working_groups.factories import MeetingMinutesPageFactory, MeetingMinutesParticipantFactory
from working_groups.models import MeetingMinutesPage


def add_url(group):
    return reverse(
        "wagtailadmin_pages:add", args=("working_groups", "meetingminutespage", group.pk)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def log_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def writer(people, client):
    return log_in(client, people["writer_a"])


@pytest.mark.django_db
class TestFrenchDates:
    def test_dates_typed_the_french_way_are_kept_exactly(self, group_a, writer):
        data = minutes_form_data(
            title="Rencontre de novembre",
            slug="rencontre-de-novembre",
            meeting_date="25/11/2026",
            sequence_number="",
            next_meeting_at="20/01/2027 14:00",
        )
        response = writer.post(add_url(group_a), data)
        assert response.status_code == 302, response.context["form"].errors
        page = MeetingMinutesPage.objects.get(title="Rencontre de novembre")
        assert page.meeting_date == datetime.date(2026, 11, 25)
        local = timezone.localtime(page.next_meeting_at)
        assert (local.date(), local.hour, local.minute) == (datetime.date(2027, 1, 20), 14, 0)
        # The edit form shows them back the same way.
        form_html = writer.get(edit_url(page)).content.decode()
        assert 'value="25/11/2026"' in form_html
        assert 'value="20/01/2027 14:00"' in form_html

    def test_unreadable_dates_are_refused_in_french_and_the_rest_is_kept(self, group_a, writer):
        data = minutes_form_data(
            title="Rencontre mal datée",
            slug="rencontre-mal-datee",
            meeting_date="32/13/2026",
            sequence_number="4",
            next_meeting_at="demain 14h",
            place="Salle Jean Jaurès",
        )
        response = writer.post(add_url(group_a), data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["meeting_date"] == [
            "Saisissez la date sous la forme jour/mois/année, par exemple 25/11/2026."
        ]
        assert "20/01/2027 14:00" in errors["next_meeting_at"][0]
        html = response.content.decode()
        assert 'value="Salle Jean Jaurès"' in html
        assert 'value="32/13/2026"' in html
        assert not MeetingMinutesPage.objects.filter(title="Rencontre mal datée").exists()

    def test_the_date_pickers_use_the_french_format_and_leave_bad_text_to_the_form(self):
        date_config = FrenchDateInput().get_config()
        datetime_config = FrenchDateTimeInput().get_config()
        assert date_config["format"] == "d/m/Y"
        assert datetime_config["format"] == "d/m/Y H:i"
        assert date_config["validateOnBlur"] is False
        assert datetime_config["validateOnBlur"] is False

    def test_times_read_the_french_way(self):
        assert french_time(datetime.time(14, 0)) == "14\u00a0h"
        assert french_time(datetime.time(14, 30)) == "14\u00a0h\u00a030"
        aware = timezone.make_aware(datetime.datetime(2027, 1, 20, 9, 5))
        assert Template("{% load site_core_tags %}{{ when|french_time }}").render(
            Context({"when": aware})
        ) == ("9\u00a0h\u00a005")

    def test_the_public_page_announces_the_next_meeting_at_14_h(self, group_a, client):
        page = MeetingMinutesPageFactory(
            parent=group_a,
            meeting_date=datetime.date(2026, 11, 25),
            next_meeting_at=timezone.make_aware(datetime.datetime(2027, 1, 20, 14, 30)),
        )
        html = client.get(page.url).content.decode()
        assert "20 janvier 2027 à 14\u00a0h\u00a030" in html


@pytest.mark.django_db
class TestNoCrashOnClashingMinutes:
    def test_same_title_and_date_as_existing_minutes_gets_a_numbered_slug_and_says_so(
        self, group_a, writer
    ):
        MeetingMinutesPageFactory(
            parent=group_a,
            title="Rencontre d'avril",
            meeting_date=datetime.date(2026, 4, 2),
            slug="2026-04-02-rencontre-davril",
        )
        data = minutes_form_data(
            title="Rencontre d'avril",
            slug="rencontre-davril",
            meeting_date="02/04/2026",
            sequence_number="",
        )
        response = writer.post(add_url(group_a), data, follow=True)
        assert response.status_code == 200
        slugs = sorted(MeetingMinutesPage.objects.child_of(group_a).values_list("slug", flat=True))
        assert slugs == ["2026-04-02-rencontre-davril", "2026-04-02-rencontre-davril-2"]
        messages = [str(m) for m in response.context["messages"]]
        assert any("2026-04-02-rencontre-davril-2" in m for m in messages), messages

    def test_saving_the_draft_again_keeps_its_slug(self, group_a, writer):
        data = minutes_form_data(
            title="Rencontre", slug="rencontre", meeting_date="02/04/2026", sequence_number=""
        )
        writer.post(add_url(group_a), data)
        page = MeetingMinutesPage.objects.get(title="Rencontre")
        data = minutes_form_data(
            title="Rencontre",
            slug=page.slug,
            meeting_date="03/04/2026",
            sequence_number=str(page.sequence_number),
        )
        response = writer.post(edit_url(page), data)
        assert response.status_code == 302
        page.refresh_from_db()
        draft = page.get_latest_revision_as_object()
        assert draft.meeting_date == datetime.date(2026, 4, 3)
        assert draft.slug == "2026-04-03-rencontre"  # the new date replaces the old prefix

    def test_minutes_created_in_code_with_a_clash_get_a_number(self, group_a):
        for _ in range(2):
            group_a.add_child(
                instance=MeetingMinutesPageFactory.build(
                    title="Double", slug="double", meeting_date=datetime.date(2026, 3, 3)
                )
            )
        assert sorted(Page.objects.child_of(group_a).values_list("slug", flat=True)) == [
            "2026-03-03-double",
            "2026-03-03-double-2",
        ]


@pytest.mark.django_db
class TestMinutesEditor:
    def test_the_sequence_number_is_counted_and_can_be_changed(self, group_a, writer):
        for number in (1, 2, 3):
            MeetingMinutesPageFactory(parent=group_a, sequence_number=number)
        form = writer.get(add_url(group_a)).context["form"]
        assert form.fields["sequence_number"].initial == 4
        assert not form.fields["sequence_number"].required
        writer.post(
            add_url(group_a),
            minutes_form_data(
                title="Sans numéro",
                slug="sans-numero",
                meeting_date="01/06/2026",
                sequence_number="",
            ),
        )
        assert MeetingMinutesPage.objects.get(title="Sans numéro").sequence_number == 4
        writer.post(
            add_url(group_a),
            minutes_form_data(
                title="Numéro choisi",
                slug="numero-choisi",
                meeting_date="02/06/2026",
                sequence_number="9",
            ),
        )
        assert MeetingMinutesPage.objects.get(title="Numéro choisi").sequence_number == 9

    def test_fields_come_in_the_order_of_a_meeting(self):
        def names(panels):
            for panel in panels:
                if getattr(panel, "children", None):
                    yield from names(panel.children)
                elif getattr(panel, "field_name", None):
                    yield panel.field_name
                elif getattr(panel, "relation_name", None):
                    yield panel.relation_name

        content = MeetingMinutesPage.get_edit_handler().children[0]
        assert list(names(content.children)) == [
            "title",
            "meeting_date",
            "sequence_number",
            "place",
            "participants",
            "synthesis_author",
            "summary",
            "body",
            "decisions",
            "next_meeting_at",
            "next_meeting_ends_at",
            "next_meeting_place",
            "next_meeting_agenda",
            "documents",
            "themes",
            "keywords",
            "listing_image",
        ]

    def test_labels_are_plain_french_and_themes_are_checkboxes(self, group_a, writer):
        Theme.objects.create(name="Accueil", slug="accueil")
        html = writer.get(add_url(group_a)).content.decode()
        assert "un(e)" not in html
        assert "Ajouter une personne" in html
        assert "Ajouter une décision ou une action" in html
        assert re.search(r'<input type="checkbox" name="themes"', html)

    def test_participants_are_suggested_from_this_groups_minutes_only(
        self, group_a, group_b, writer
    ):
        MeetingMinutesParticipantFactory(
            page=MeetingMinutesPageFactory(parent=group_a),
            name="Christelle Bottary",
            organisation="Intermade",
        )
        MeetingMinutesParticipantFactory(
            page=MeetingMinutesPageFactory(parent=group_b), name="Secret B", organisation="Org B"
        )
        html = writer.get(add_url(group_a)).content.decode()
        assert '<option value="Christelle Bottary">' in html
        assert '<option value="Intermade">' in html
        assert "Secret B" not in html and "Org B" not in html
        assert 'list="minutes-participant-names"' in html

    def test_decisions_have_one_place_only(self):
        assert "decision" not in MinutesStreamBlock.base_blocks

    def test_old_body_decisions_move_into_rows(self, group_a):
        from importlib import import_module

        from django.apps import apps

        migration = import_module("working_groups.migrations.0003_minutes_editor")
        page = MeetingMinutesPageFactory(parent=group_a)
        revision = page.save_revision()
        body = [
            {"type": "paragraph", "value": "<p>Nous avons parlé.</p>", "id": "a"},
            {
                "type": "decision",
                "value": {"decision": "Ouvrir les rencontres", "mode": "consent"},
                "id": "b",
            },
        ]
        table = connection.ops.quote_name(MeetingMinutesPage._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE " + table + " SET body = %s WHERE page_ptr_id = %s",  # noqa: S608
                [json.dumps(body), page.pk],
            )
        revision.content["body"] = json.dumps(body)
        revision.save(update_fields=["content"])
        migration.move_body_decisions_to_rows(apps, connection.schema_editor())
        page = MeetingMinutesPage.objects.get(pk=page.pk)
        assert [block.block_type for block in page.body] == ["paragraph"]
        assert [d.what for d in page.decisions.all()] == [
            "Ouvrir les rencontres (décidé par consentement (sans objection))"
        ]
        # The draft (latest revision) has the same row and no decision block left.
        draft = page.get_latest_revision_as_object()
        assert [d.what for d in draft.decisions.all()] == [
            "Ouvrir les rencontres (décidé par consentement (sans objection))"
        ]


def submit(group, page, writer):
    page.save_revision(user=writer)
    return group.get_workflow().start(page, writer)


def send_back(group, page, writer, editor, comment):
    task_state = submit(group, page, writer).current_task_state
    task_state.task.specific.on_action(task_state, editor, "reject", comment=comment)


@pytest.mark.django_db
class TestWritersDashboard:
    def test_each_group_has_a_panel_with_drafts_sent_back_and_waiting(
        self, group_a, people, client
    ):
        writer = people["writer_a"]
        log_in(client, writer)
        draft = MeetingMinutesPageFactory(
            parent=group_a, title="Mon brouillon", live=False, owner=writer
        )
        draft.save_revision(user=writer)
        sent = MeetingMinutesPageFactory(
            parent=group_a, title="À reprendre", live=False, owner=writer
        )
        send_back(group_a, sent, writer, people["editor_a"], "Ajoutez les décisions, merci.")
        waiting = MeetingMinutesPageFactory(
            parent=group_a, title="Envoyé", live=False, owner=writer
        )
        submit(group_a, waiting, writer)
        mail.outbox.clear()

        html = unescape(client.get(reverse("wagtailadmin_home")).content.decode())
        assert group_a.title in html
        assert add_url(group_a) in html
        assert reverse("working_groups_import_minutes", args=(group_a.pk,)) in html
        section = html[html.index(group_a.title) :]
        assert "Mon brouillon" in section
        assert "À reprendre" in section and "Ajoutez les décisions, merci." in section
        assert "Envoyé" in section
        assert re.search(r"Écrire un compte-rendu", html)

    def test_someone_outside_the_groups_sees_no_group_panel(self, group_a, people, client):
        log_in(client, people["writer_b"])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert add_url(group_a) not in html

    def test_the_editors_comment_shows_on_the_edit_screen(self, group_a, people, client):
        writer = people["writer_a"]
        page = MeetingMinutesPageFactory(
            parent=group_a, title="À reprendre", live=False, owner=writer
        )
        send_back(group_a, page, writer, people["editor_a"], "Précisez le lieu.")
        log_in(client, writer)
        html = client.get(edit_url(page)).content.decode()
        assert "Précisez le lieu." in html
        assert "Renvoyé pour modifications par" in html
        # The e-mail says « Bonjour » and « vous » throughout.
        rejected = [m for m in mail.outbox if "Modifications demandées" in m.subject]
        assert rejected and rejected[0].body.lstrip().startswith("Bonjour")
        assert "Salut" not in rejected[0].body


class TestWagtailFrenchGaps:
    def test_the_login_page_says_mot_de_passe(self, client, db):
        html = client.get(reverse("wagtailadmin_login")).content.decode()
        label = re.search(r'<label[^>]*for="id_password"[^>]*>(.*?)</label>', html, re.S)
        assert label and "Mot de passe" in label.group(1) and "Password" not in label.group(1)

    def test_our_catalogue_fixes_wagtails_french(self):
        with translation.override("fr"):
            assert gettext("Upload") == "Envoyer"
            assert gettext("Hello %(username)s,") == "Bonjour %(username)s,"
            assert gettext("Only reviewers for this task can edit the %(model_name)s.").startswith(
                "Seuls "
            )
            assert "un(e)" not in gettext("Add %(label)s")
