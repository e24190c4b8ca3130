"""Whatever a reader types never becomes markup: public page, admin queue, detail, exports and
e-mails; for reactions, replies and the group's answers."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from odf.opendocument import load
from odf.table import TableCell
from odf.text import P

from articles.factories import WhitePaperPageFactory
from contributions import counters, services
from contributions.models import Reaction
from contributions.views import SESSION_KEEP
from tests.contributions.conftest import live, reaction_data

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="jav&#x09;ascript:alert(1)">clic</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)//",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)</script>-->",
    '<object data="javascript:alert(1)"></object>',
    '<p title="</p><script>alert(1)</script>">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
]


def assert_inert(soup, where):
    assert not soup.find_all("script"), f"script element in {where}"
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), f"{attribute} on <{tag.name}> in {where}"
            values = value if isinstance(value, list) else [value]
            for single in values:
                text = "".join(str(single).split()).lower()
                assert not text.startswith("javascript:"), f"javascript: link in {where}"
    for forbidden in ("iframe", "object", "svg", "math", "img", "details"):
        assert not soup.find_all(forbidden), f"<{forbidden}> in {where}"


@pytest.fixture
def hostile_reactions(
    client, minutes_a, editor_a, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REACTIONS_RATE_LIMIT = 1000
    for number, payload in enumerate(PAYLOADS):
        data = reaction_data(
            minutes_a, client, author_name=payload[:80], body=f"{payload}\nligne {number}"
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("contributions:post", args=[minutes_a.pk]), data)
        assert response.status_code == 302, payload
    reactions = list(Reaction.objects.order_by("pk"))
    assert len(reactions) == len(PAYLOADS) >= 20
    return reactions


@pytest.mark.django_db
class TestNoScriptFromReaders:
    def test_public_page(self, client, minutes_a, editor_a, hostile_reactions, settings):
        settings.REACTIONS_PER_PAGE = 100
        Reaction.objects.update(status="approved")
        counters.refresh(minutes_a.pk)  # a bulk update skips what moderation keeps in step
        html = client.__class__().get(minutes_a.url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert_inert(soup, "the public page")
        section = soup.find(id="reactions")
        texts = section.get_text()
        assert "<script>alert('xss')</script>" in texts  # shown as text, not run
        assert len(section.select(".reaction")) == len(PAYLOADS)
        # Line breaks survive as <br>, and only as that.
        assert section.select(".reaction__body br")

    def test_reader_own_pending_list(self, client, minutes_a, hostile_reactions):
        soup = BeautifulSoup(client.get(minutes_a.url).content.decode(), "html.parser")
        assert_inert(soup, "the reader's pending list")
        # The session remembers the reader's latest SESSION_KEEP reactions.
        assert len(soup.select(".reaction--pending")) == min(SESSION_KEEP, len(PAYLOADS))

    def test_admin_queue_and_detail(self, client, editor_a, hostile_reactions):
        client.force_login(editor_a)
        soup = BeautifulSoup(
            client.get(reverse("contributions_admin:index")).content, "html.parser"
        )
        table = soup.find("table", class_="listing")
        assert len(table.select("tbody tr")) == len(PAYLOADS)
        assert_inert(table, "the admin queue")
        # Wagtail's own scripts are there; none carries a payload.
        for script in soup.find_all("script"):
            assert "alert" not in (script.string or "") and "xss" not in script.get("src", "")
        for reaction in hostile_reactions:
            response = client.get(reverse("contributions_admin:detail", args=[reaction.pk]))
            detail = BeautifulSoup(response.content, "html.parser")
            content = detail.find("main") or detail
            assert_inert(content.find("dl"), "the admin detail")
            assert_inert(content.find("blockquote"), "the admin detail")
            for script in detail.find_all("script"):
                assert "alert" not in (script.string or "")

    def test_emails(self, mailoutbox, hostile_reactions):
        assert len(mailoutbox) == len(PAYLOADS)
        for message in mailoutbox:
            html = message.alternatives[0].content
            assert_inert(BeautifulSoup(html, "html.parser"), "the e-mail")
            assert "\n" not in message.subject


# --- Replies and the group's answers (issue 19) ------------------------------------------------
@pytest.fixture
def hostile_paper(group_a):
    """A white paper in consultation, so that the queue groups by chapter and exports."""
    today = timezone.localdate()
    return live(
        WhitePaperPageFactory(
            parent=group_a,
            title="Livre blanc",
            slug="livre-blanc",
            consultation_opens=today - datetime.timedelta(days=1),
            consultation_closes=today + datetime.timedelta(days=10),
            chapters=[("chapter", {"heading": "Premier chapitre", "anchor": "", "body": []})],
        )
    )


@pytest.fixture
def hostile_replies(
    client, hostile_paper, editor_a, settings, mailoutbox, django_capture_on_commit_callbacks
):
    """Under one approved question: a reader's reply and a group answer per payload."""
    settings.REACTIONS_RATE_LIMIT = settings.REACTIONS_SITE_RATE_LIMIT = 1000
    chapter = hostile_paper.chapters[0].id
    question = Reaction.objects.create(
        page=hostile_paper,
        chapter=chapter,
        author_name="Élise",
        author_email="elise@example.org",
        notify_replies=True,
        body="Une question",
        status="approved",
    )
    for number, payload in enumerate(PAYLOADS):
        data = reaction_data(
            hostile_paper,
            client,
            parent=question.pk,
            author_name=payload[:80],
            body=f"{payload}\nréponse {number}",
        )
        response = client.post(reverse("contributions:post", args=[hostile_paper.pk]), data)
        assert response.status_code == 302, payload
        services.answer_as_group(question, f"{payload}\nréponse du groupe {number}", editor_a)
    replies = list(Reaction.objects.filter(parent=question, as_group=False))
    assert len(replies) == len(PAYLOADS)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(replies, "approved", editor_a)
    return question


@pytest.mark.django_db
class TestNoScriptFromReplies:
    def test_public_page(self, hostile_paper, hostile_replies, settings):
        settings.REACTIONS_PER_PAGE = 100
        soup = BeautifulSoup(Client().get(hostile_paper.url).content.decode(), "html.parser")
        assert_inert(soup, "the replies on the page")
        text = soup.find(id="reactions").get_text()
        for payload in PAYLOADS:
            assert payload in text, payload
        assert len(soup.select(".reaction--group")) == len(PAYLOADS)

    def test_queue_grouped_by_chapter(self, client, hostile_paper, hostile_replies, editor_a):
        client.force_login(editor_a)
        response = client.get(
            reverse("contributions_admin:index"), {"page": hostile_paper.pk, "status": "all"}
        )
        soup = BeautifulSoup(response.content, "html.parser")
        table = soup.find("table", class_="listing")
        assert table.find("th", scope="colgroup").get_text() == "Premier chapitre"
        assert_inert(table, "the queue of a consultation")
        assert "<script>alert('xss')</script>" in table.get_text()

    def test_exports_keep_the_payloads_as_text(
        self, client, hostile_paper, hostile_replies, editor_a
    ):
        client.force_login(editor_a)
        url = reverse("contributions_admin:export", args=[hostile_paper.pk, "csv"])
        rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
        replies_cell = rows[1][5]
        for payload in PAYLOADS:
            assert f"{payload[:80]}\u202f: {payload}\nréponse" in replies_cell, payload
            assert f"(réponse du groupe)\u202f: {payload}\nréponse du groupe" in replies_cell
        url = reverse("contributions_admin:export", args=[hostile_paper.pk, "ods"])
        document = load(io.BytesIO(client.get(url).content))
        cells = document.spreadsheet.getElementsByType(TableCell)
        texts = "\n".join(str(p) for cell in cells for p in cell.getElementsByType(P))
        assert "<script>alert('xss')</script>" in texts
        # No cell is a formula or a link: only strings and the date.
        for cell in cells:
            assert not cell.getAttribute("formula")
            assert cell.getAttribute("valuetype") in {None, "string", "date"}

    def test_reply_emails_are_plain_text(self, mailoutbox, hostile_replies):
        told = [m for m in mailoutbox if m.to == ["elise@example.org"]]
        assert len(told) == len(PAYLOADS)
        bodies = "\n".join(message.body for message in told)
        for message in told:
            assert not message.alternatives  # text only: nothing a mail reader renders as HTML
            assert "\n" not in message.subject
        for payload in PAYLOADS:
            # The text is given as typed, not entity-encoded twice.
            assert f"{payload}\nréponse" in bodies, payload
