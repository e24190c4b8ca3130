"""A consultation in the moderation queue: grouped by chapter, filtered by page, exported."""

import csv
import datetime
import html as html_lib
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from articles.factories import WhitePaperPageFactory
from contributions import services
from contributions.choices import ReactionStatus
from contributions.models import Reaction
from tests.contributions.conftest import live


@pytest.fixture
def paper(group_a):
    today = timezone.localdate()
    return live(
        WhitePaperPageFactory(
            parent=group_a,
            title="Livre blanc de l'accompagnement",
            slug="livre-blanc-accompagnement",
            consultation_opens=today - datetime.timedelta(days=1),
            consultation_closes=today + datetime.timedelta(days=10),
            chapters=[
                ("chapter", {"heading": "Ce que nous avons observé", "anchor": "", "body": []}),
                ("chapter", {"heading": "Cinq repères", "anchor": "reperes", "body": []}),
            ],
        )
    )


def react(page, chapter, name, body, status=ReactionStatus.PENDING, minutes_ago=0, **extra):
    return Reaction.objects.create(
        page=page,
        chapter=chapter,
        author_name=name,
        author_email=f"{name.split()[0].lower()}@example.org",
        body=body,
        status=status,
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **extra,
    )


@pytest.fixture
def consultation(paper, minutes_a, editor_a):
    first, second = (block.id for block in paper.chapters)
    made = {
        "whole": react(paper, "", "Dominique Roux", "Un bel ensemble.", minutes_ago=30),
        "second_a": react(paper, second, "Camille Martin", "Le repère 3 manque.", minutes_ago=20),
        "first": react(paper, first, "Sacha Petit", "Observé aussi chez nous.", minutes_ago=10),
        "second_b": react(
            paper,
            second,
            "Noa Bernard",
            '=HYPERLINK("http://x.example")\nDeuxième ligne',
            status=ReactionStatus.APPROVED,
            minutes_ago=5,
        ),
        "spam": react(paper, first, "Robot", "Achetez !", status=ReactionStatus.SPAM),
        "elsewhere": react(minutes_a, "", "Lou Garnier", "Sur une autre page."),
    }
    services.answer_as_group(made["second_b"], "Merci, nous l'ajoutons.", editor_a)
    return made


def queue_html(client, **params):
    response = client.get(reverse("contributions_admin:index"), params)
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


@pytest.mark.django_db
class TestQueueByChapter:
    def test_a_consultation_is_grouped_under_its_chapters_with_counts(
        self, client, paper, consultation, editor_a
    ):
        client.force_login(editor_a)
        html = queue_html(client, page=paper.pk, status="all")
        # Chapter headings as rows of the table, in the page's order, whole document first.
        rows = re.findall(r'<th scope="colgroup" colspan="6">([^<]+)</th>', html)
        assert rows == ["Sur l'ensemble du document", "Ce que nous avons observé", "Cinq repères"]
        counts = re.findall(
            r'<span class="chapter-heading">([^<]+)</span> — (\d+) réactions?', html
        )
        # All statuses: the group's answer counts in its chapter, the spam too.
        assert counts == [
            ("Sur l'ensemble du document", "1"),
            ("Ce que nous avons observé", "2"),
            ("Cinq repères", "3"),
        ]
        # Reactions sit under their chapter's heading.
        body = html[html.index("Cinq repères</th>") :]
        assert "Camille Martin" in body and "Dominique Roux" not in body
        # The filter by page leaves the other page's reactions out.
        assert "Lou Garnier" not in html
        assert "Lou Garnier" in queue_html(client, status="all")

    def test_the_pending_tab_counts_only_pending_ones_per_chapter(
        self, client, paper, consultation, editor_a
    ):
        client.force_login(editor_a)
        html = queue_html(client, page=paper.pk)
        counts = re.findall(
            r'<span class="chapter-heading">([^<]+)</span> — (\d+) réactions?', html
        )
        assert [count for _heading, count in counts] == ["1", "1", "1"]

    def test_another_groups_page_answers_404(self, client, paper, consultation, editor_b):
        client.force_login(editor_b)
        response = client.get(reverse("contributions_admin:index"), {"page": paper.pk})
        assert response.status_code == 404


@pytest.mark.django_db
class TestConsultationExport:
    def test_the_csv_reads_back_row_by_row(self, client, paper, consultation, editor_a):
        client.force_login(editor_a)
        response = client.get(reverse("contributions_admin:export", args=[paper.pk, "csv"]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "consultation-livre-blanc-accompagnement.csv" in response["Content-Disposition"]
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["Chapitre", "Date", "Auteur", "Texte", "Statut", "Réponses"]
        data = rows[1:]
        assert [(row[0], row[2]) for row in data] == [
            ("Sur l'ensemble du document", "Dominique Roux"),
            ("Ce que nous avons observé", "Sacha Petit"),
            ("Cinq repères", "Camille Martin"),
            ("Cinq repères", "Noa Bernard"),
        ]
        noa = data[3]
        # A formula typed by a reader stays text in a spreadsheet.
        assert noa[3].startswith("'=HYPERLINK")
        assert noa[4] == "Approuvée"
        assert noa[5] == "L'équipe PRAXIS (réponse du groupe)\u202f: Merci, nous l'ajoutons."
        assert data[2][4] == "En attente de modération"
        local = timezone.localtime(consultation["whole"].created_at)
        assert data[0][1] == local.strftime("%Y-%m-%d %H:%M")
        assert "Robot" not in text and "Lou Garnier" not in text

    def test_the_ods_reads_back_with_odfpy(self, client, paper, consultation, editor_a):
        client.force_login(editor_a)
        response = client.get(reverse("contributions_admin:export", args=[paper.pk, "ods"]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
        document = load(io.BytesIO(response.content))
        table = document.spreadsheet.getElementsByType(Table)[0]
        assert table.getAttribute("name") == "Réactions"

        def cell_text(cell):
            return "\n".join(str(p) for p in cell.getElementsByType(P))

        rows = [
            [cell_text(cell) for cell in row.getElementsByType(TableCell)]
            for row in table.getElementsByType(TableRow)
        ]
        assert rows[0][0] == "Chapitre"
        assert [row[2] for row in rows[1:]] == [
            "Dominique Roux",
            "Sacha Petit",
            "Camille Martin",
            "Noa Bernard",
        ]
        # Text cells are strings (never formulas), their lines kept.
        assert rows[4][3] == '=HYPERLINK("http://x.example")\nDeuxième ligne'
        first_date = table.getElementsByType(TableRow)[1].getElementsByType(TableCell)[1]
        assert first_date.getAttribute("valuetype") == "date"
        assert rows[4][5].startswith("L'équipe PRAXIS (réponse du groupe)")

    def test_only_editors_of_the_page_may_export(
        self, client, paper, consultation, editor_b, writer_a, committee_member
    ):
        url = reverse("contributions_admin:export", args=[paper.pk, "ods"])
        client.force_login(editor_b)
        assert client.get(url).status_code == 404
        # A writer of the group may not publish: Wagtail sends them back to the dashboard.
        client.force_login(writer_a)
        refused = client.get(url)
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
        client.logout()
        assert client.get(url).status_code == 302  # to the admin's login
        client.force_login(committee_member)
        assert client.get(url).status_code == 200

    def test_an_unknown_format_answers_404(self, client, paper, editor_a):
        client.force_login(editor_a)
        url = reverse("contributions_admin:export", args=[paper.pk, "xlsx"])
        assert client.get(url).status_code == 404
