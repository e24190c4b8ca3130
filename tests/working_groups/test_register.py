"""The register of decisions and actions: rows, filters, counts, history, exports, queries."""

import csv
import io

import pytest
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from tests.working_groups.capital_data import build_network


@pytest.fixture
def network(home_page):
    return build_network(home_page)


def rows_of(response):
    assert response.status_code == 200
    return [row.what for row in response.context["page_obj"].object_list]


@pytest.mark.django_db
class TestRegister:
    def test_network_register_shows_latest_public_rows_only(self, client, network):
        response = client.get("/decisions/")
        rows = rows_of(response)
        html = response.content.decode()
        assert sorted(rows) == sorted(
            [
                "Charte d'accueil adoptée",
                "Écrire à la mairie pour la salle",
                "Ouvrir les rencontres aux non-adhérents",
                "Proposer un binôme de mentorat",
                "Recenser les risques psychosociaux",
            ]
        )
        assert "Action secrète du brouillon" not in html
        assert "Action privée du bureau" not in html
        assert "Rencontre en brouillon" not in html
        # The draft's follow-up does not close the action it follows.
        town_hall = next(r for r in response.context["page_obj"] if r.what.startswith("Écrire"))
        assert town_hall.status == "to_do" and town_hall.overdue
        counts = response.context["counts"]
        assert counts["all"] == 5 and counts["decisions"] == 1 and counts["actions"] == 4
        assert counts["open"] == 3 and counts["done"] == 1 and counts["overdue"] == 1

    def test_carried_forward_history_links_every_meeting(self, client, network):
        response = client.get("/groupes-de-travail/praxis/decisions/?statut=done")
        (row,) = response.context["page_obj"].object_list
        assert row.what == "Charte d'accueil adoptée"
        assert [step.page.title for step in row.history] == [
            "Première rencontre PRAXIS",
            "Deuxième rencontre PRAXIS",
        ]
        assert row.decided_in.title == "Première rencontre PRAXIS"
        # Who takes it on is carried forward with the action.
        assert row.who == "Awa Diallo" and row.organisation == "Coopérative Ouest"
        html = response.content.decode()
        assert network["m1"].url in html and network["m2"].url in html
        assert network["m3"].url in html

    def test_filters_combine(self, client, network):
        url = "/decisions/?statut=open&organisation=Coopérative Ouest"
        assert sorted(rows_of(client.get(url))) == [
            "Proposer un binôme de mentorat",
            "Recenser les risques psychosociaux",
        ]
        assert rows_of(client.get(url + "&groupe=sante")) == ["Recenser les risques psychosociaux"]
        assert rows_of(client.get(url + "&annee=2024")) == ["Proposer un binôme de mentorat"]
        assert rows_of(client.get("/decisions/?statut=overdue")) == [
            "Écrire à la mairie pour la salle"
        ]
        assert rows_of(client.get("/decisions/?personne=Lina Moreau")) == [
            "Recenser les risques psychosociaux"
        ]
        themed = rows_of(client.get("/decisions/?thematique=gouvernance-partagee"))
        assert sorted(themed) == [
            "Charte d'accueil adoptée",
            "Ouvrir les rencontres aux non-adhérents",
            "Écrire à la mairie pour la salle",
        ]
        assert rows_of(client.get("/decisions/?type=decision")) == [
            "Ouvrir les rencontres aux non-adhérents"
        ]
        # The group's register only has the group's rows.
        group_rows = rows_of(client.get("/groupes-de-travail/sante/decisions/"))
        assert group_rows == ["Recenser les risques psychosociaux"]

    def test_bad_parameters_are_ignored_not_500(self, client, network):
        for query in [
            "annee=abc",
            "statut=%00",
            "page=-3",
            "annee=99999999999999999999",
            "groupe=x",
        ]:
            assert client.get("/decisions/?" + query).status_code == 200
        assert client.get("/groupes-de-travail/inconnu/decisions/").status_code == 404

    def test_csv_export_reads_back(self, client, network):
        response = client.get("/groupes-de-travail/praxis/decisions/registre.csv?statut=open")
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:3] == ["Groupe", "Type", "Quoi"]
        assert sorted(r[2] for r in rows[1:]) == [
            "Proposer un binôme de mentorat",
            "Écrire à la mairie pour la salle",
        ]
        town_hall = next(r for r in rows[1:] if r[2].startswith("Écrire"))
        assert town_hall[5] == "2024-02-15" and town_hall[7] == "oui"
        assert town_hall[9] == network["m1"].get_full_url()

    def test_ods_export_reads_back(self, client, network):
        response = client.get("/decisions/registre.ods")
        assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
        document = load(io.BytesIO(response.content))
        (table,) = document.spreadsheet.getElementsByType(Table)
        lines = []
        for row in table.getElementsByType(TableRow):
            lines.append(
                [
                    "\n".join(str(p) for p in cell.getElementsByType(P))
                    for cell in row.getElementsByType(TableCell)
                ]
            )
        assert lines[0][2] == "Quoi"
        whats = [line[2] for line in lines[1:]]
        assert "Charte d'accueil adoptée" in whats and len(whats) == 5
        assert "Action privée du bureau" not in whats
        done = next(line for line in lines[1:] if line[2] == "Charte d'accueil adoptée")
        assert done[6] == "Fait" and done[8] == "10/01/2024"


@pytest.mark.django_db
class TestRegisterQueries:
    def test_three_thousand_minutes_in_a_fixed_number_of_queries(
        self, client, home_page, django_assert_max_num_queries
    ):
        from tests.working_groups.bulk import bulk_decisions, bulk_minutes
        from working_groups.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory

        index = WorkingGroupIndexPageFactory(parent=home_page)
        group = WorkingGroupPageFactory(parent=index, title="Groupe massif", slug="massif")
        ids = bulk_minutes(group, 3000)
        bulk_decisions(ids)
        for url in [
            "/decisions/",
            "/groupes-de-travail/massif/decisions/",
            "/decisions/?statut=open&organisation=Organisation 3&page=4",
        ]:
            client.get(url)  # warm the site-root cache, as in production
            with django_assert_max_num_queries(12):
                response = client.get(url)
            assert response.status_code == 200
            assert len(response.context["page_obj"].object_list) == 25


@pytest.mark.django_db
class TestOpenActionsPanel:
    def test_editors_see_their_groups_open_actions(self, client, network, django_user_model):
        from working_groups.provisioning import add_member

        editor = django_user_model.objects.create_user(username="ed", password="pass-ed")
        add_member(network["praxis"], editor, "editor")
        client.force_login(editor)
        html = client.get("/admin/").content.decode()
        assert "Actions ouvertes de vos groupes" in html
        assert "Proposer un binôme de mentorat" in html
        assert "Écrire à la mairie pour la salle" in html
        assert "(en retard)" in html
        assert "Charte d'accueil adoptée" not in html  # done
        assert "Recenser les risques psychosociaux" not in html  # another group
        writer = django_user_model.objects.create_user(username="wr", password="pass-wr")
        add_member(network["praxis"], writer, "writer")
        client.force_login(writer)
        assert "Actions ouvertes de vos groupes" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
class TestFollowUpValidation:
    def test_a_row_follows_an_earlier_action_of_its_own_group_only(self, network):
        from django.core.exceptions import ValidationError

        from working_groups.models import MeetingMinutesDecision

        def check(page, follows):
            row = MeetingMinutesDecision(page=page, what="Suite", follows=follows)
            with pytest.raises(ValidationError) as caught:
                row.full_clean()
            return " ".join(caught.value.messages)

        assert "un autre groupe" in check(network["s1"], network["mentor"])
        assert "après cette rencontre" in check(network["m1"], network["mentor"])
        assert "pas de celle-ci" in check(network["m3"], network["mentor"])
        MeetingMinutesDecision(
            page=network["m3"], what="Suite", follows=network["charter"]
        ).full_clean()
