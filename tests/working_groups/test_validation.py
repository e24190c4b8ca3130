import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model

from site_core.demo_tools import make_pdf
from tests.working_groups.forms import minutes_form_data
from working_groups.blocks import DecisionBlock, QuestionBlock
from working_groups.factories import MeetingMinutesPageFactory
from working_groups.models import MeetingMinutesDocument, MeetingMinutesPage


def add_url(group):
    return reverse(
        "wagtailadmin_pages:add", args=("working_groups", "meetingminutespage", group.pk)
    )


def document(filename, content):
    doc = get_document_model()(title=filename)
    doc.file.save(filename, ContentFile(content), save=False)
    doc.save()
    return doc


@pytest.mark.django_db
class TestMinutesValidation:
    def test_a_meeting_date_years_ahead_is_refused_in_french(self, group_a):
        page = MeetingMinutesPageFactory.build(
            meeting_date=timezone.localdate() + datetime.timedelta(days=800)
        )
        with pytest.raises(ValidationError) as error:
            group_a.add_child(instance=page)
        assert "plus d'un an dans le futur" in str(error.value.message_dict["meeting_date"])

    def test_next_meeting_must_come_after_the_meeting(self, group_a):
        page = MeetingMinutesPageFactory.build(
            meeting_date=datetime.date(2024, 5, 14),
            next_meeting_at=timezone.make_aware(datetime.datetime(2024, 5, 14, 18)),
        )
        with pytest.raises(ValidationError) as error:
            group_a.add_child(instance=page)
        assert error.value.message_dict["next_meeting_at"] == [
            "La prochaine rencontre doit avoir lieu après celle-ci (14/05/2024)."
        ]

    def test_a_next_meeting_place_needs_its_date(self, group_a):
        page = MeetingMinutesPageFactory.build(next_meeting_place="Salle des fêtes")
        with pytest.raises(ValidationError) as error:
            group_a.add_child(instance=page)
        assert "Indiquez la date de la prochaine rencontre" in str(error.value)

    def test_slug_of_new_minutes_starts_with_the_meeting_date(self, group_a):
        page = MeetingMinutesPageFactory.build(
            title="Rencontre de printemps",
            slug="rencontre-de-printemps",
            meeting_date=datetime.date(2024, 4, 2),
        )
        group_a.add_child(instance=page)
        assert page.slug == "2024-04-02-rencontre-de-printemps"
        assert page.url.endswith("/praxis/2024-04-02-rencontre-de-printemps/")

    def test_admin_form_refuses_a_participant_without_a_name_and_keeps_the_input(
        self, client, people, group_a
    ):
        client.force_login(people["writer_a"])
        data = minutes_form_data(
            title="Rencontre d'avril",
            slug="rencontre-avril",
            meeting_date="2024-04-02",
            sequence_number=4,
            participants=[
                {"name": "Aïcha", "organisation": "SCIC Terre", "role": "present"},
                {"name": "  ", "organisation": "Coopérative sans nom", "role": "excused"},
            ],
            next_meeting_at="2024-03-01 14:00",
        )
        response = client.post(add_url(group_a), data)

        assert response.status_code == 200
        html = response.content.decode()
        assert "Chaque participant ou participante a besoin d&#x27;un nom" in html
        assert "La prochaine rencontre doit avoir lieu après celle-ci (02/04/2024)." in html
        assert "Coopérative sans nom" in html and "Rencontre d&#x27;avril" in html
        assert not MeetingMinutesPage.objects.filter(title="Rencontre d'avril").exists()

    def test_admin_form_saves_rows(self, client, people, group_a):
        client.force_login(people["writer_a"])
        data = minutes_form_data(
            title="Rencontre d'avril",
            slug="rencontre-avril",
            meeting_date="2024-04-02",
            sequence_number=4,
            participants=[{"name": "Aïcha", "organisation": "SCIC Terre", "role": "facilitator"}],
            decisions=[
                {"what": "Écrire la charte", "who": "Paul", "due_date": "", "status": "to_do"}
            ],
        )
        response = client.post(add_url(group_a), data)
        assert response.status_code == 302
        page = MeetingMinutesPage.objects.get(title="Rencontre d'avril")
        assert page.slug == "2024-04-02-rencontre-avril"
        assert page.owner == people["writer_a"]
        assert not page.live
        assert [(p.name, p.role) for p in page.participants.all()] == [("Aïcha", "facilitator")]
        assert [d.what for d in page.decisions.all()] == ["Écrire la charte"]


@pytest.mark.django_db
class TestDocumentLimits:
    def test_a_document_of_a_refused_type_is_explained(self, group_a, settings):
        settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "odt"]
        row = MeetingMinutesDocument(document=document("macro.xlsm", b"PK..."))
        with pytest.raises(ValidationError) as error:
            row.clean()
        message = error.value.message_dict["document"][0]
        assert "« .xlsm » ne sont pas acceptés" in message
        assert "pdf, odt" in message and "sans macros" in message

    def test_a_document_over_the_size_limit_is_explained(self, group_a, settings):
        settings.MAX_UPLOAD_MB = 1
        big = document("annexes.pdf", make_pdf("Annexes", ["x"]) + b"0" * (1024 * 1024 + 200_000))
        row = MeetingMinutesDocument(document=big)
        with pytest.raises(ValidationError) as error:
            row.clean()
        message = error.value.message_dict["document"][0]
        assert "Ce fichier pèse 1,2 Mo ; la limite est de 1 Mo" in message

    def test_a_small_pdf_is_accepted(self, group_a):
        MeetingMinutesDocument(document=document("odj.pdf", make_pdf("ODJ", ["Accueil"]))).clean()

    def test_the_document_library_refuses_other_types_on_upload(self, client, people, group_a):
        client.force_login(people["writer_a"])
        response = client.post(
            reverse("wagtaildocs:add"),
            {"title": "Programme", "file": SimpleUploadedFile("programme.exe", b"MZ...")},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
        assert not get_document_model().objects.filter(title="Programme").exists()


class TestBlocks:
    def test_an_answered_question_needs_its_answer(self):
        block = QuestionBlock()
        value = block.to_python({"question": "Qui anime ?", "answered": True, "answer": ""})
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(value)
        assert "answer" in error.value.block_errors
        block.clean(block.to_python({"question": "Qui anime ?", "answered": False}))

    def test_a_vote_needs_its_count(self):
        block = DecisionBlock()
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python({"decision": "Adopté", "mode": "vote"}))
        assert "votes_for" in error.value.block_errors
        block.clean(block.to_python({"decision": "Adopté", "mode": "vote", "votes_for": 7}))
        block.clean(block.to_python({"decision": "Adopté", "mode": "consent"}))

    def test_blocks_render_their_labels(self):
        html = DecisionBlock().render(
            DecisionBlock().to_python(
                {"decision": "Adopté", "mode": "vote", "votes_for": 7, "votes_against": 1}
            )
        )
        assert "Décision — Vote" in html and "7 pour, 1 contre, 0 abstentions" in html


@pytest.mark.django_db
class TestFollowsSelect:
    """The `follows` select lists the group's own open actions, and the server says so too."""

    @pytest.fixture
    def actions(self, group_a, group_b):
        from working_groups.factories import MeetingMinutesDecisionFactory

        earlier_a = MeetingMinutesPageFactory(
            parent=group_a, meeting_date=datetime.date(2024, 1, 9)
        )
        earlier_b = MeetingMinutesPageFactory(
            parent=group_b, meeting_date=datetime.date(2024, 1, 9)
        )
        return {
            "open_a": MeetingMinutesDecisionFactory(
                page=earlier_a, what="Écrire la charte d'accueil", status="to_do"
            ),
            "done_a": MeetingMinutesDecisionFactory(
                page=earlier_a, what="Réserver la salle", status="done"
            ),
            "open_b": MeetingMinutesDecisionFactory(
                page=earlier_b, what="Action de l'autre groupe", status="to_do"
            ),
        }

    def test_the_select_offers_only_the_groups_open_actions(self, client, people, group_a, actions):
        client.force_login(people["writer_a"])
        html = client.get(add_url(group_a)).content.decode()
        assert "Écrire la charte d&#x27;accueil" in html
        assert "Réserver la salle" not in html
        assert "Action de l&#x27;autre groupe" not in html

    def test_a_forged_action_of_another_group_is_refused_in_french_and_nothing_is_lost(
        self, client, people, group_a, actions
    ):
        client.force_login(people["writer_a"])
        data = minutes_form_data(
            title="Rencontre de mars",
            slug="rencontre-mars",
            meeting_date="2024-03-05",
            sequence_number=2,
            decisions=[
                {
                    "what": "Suivre l'action d'ailleurs",
                    "kind": "action",
                    "who": "Paul",
                    "status": "to_do",
                    "follows": actions["open_b"].pk,
                }
            ],
        )
        response = client.post(add_url(group_a), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Choisissez une action ouverte" in html
        assert "Suivre l&#x27;action d&#x27;ailleurs" in html and "Rencontre de mars" in html
        assert not MeetingMinutesPage.objects.filter(title="Rencontre de mars").exists()

    def test_the_groups_own_open_action_is_accepted(self, client, people, group_a, actions):
        client.force_login(people["writer_a"])
        data = minutes_form_data(
            title="Rencontre de mars",
            slug="rencontre-mars",
            meeting_date="2024-03-05",
            sequence_number=2,
            decisions=[
                {
                    "what": "Charte relue",
                    "kind": "action",
                    "status": "done",
                    "follows": actions["open_a"].pk,
                }
            ],
        )
        assert client.post(add_url(group_a), data).status_code == 302
        row = MeetingMinutesPage.objects.get(title="Rencontre de mars").decisions.get()
        assert row.follows == actions["open_a"] and row.origin == actions["open_a"]
