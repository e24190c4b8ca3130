"""Whatever a reader types never becomes markup: public page, admin queue, detail and e-mail."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from contributions.models import Reaction
from contributions.views import SESSION_KEEP
from tests.contributions.conftest import reaction_data

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
