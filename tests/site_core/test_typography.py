"""French typography: the engine's rules, the template filters, and every demo page."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from site_core.typography import NBSP, NNBSP, duree, heure, nombre, typographie

RAW = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "var"}


class TextAndAttributes(HTMLParser):
    """The text a reader sees (outside code and scripts), and every attribute value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.raw = 0
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in RAW:
            self.raw += 1
        self.attributes += [value or "" for _name, value in attrs]

    def handle_endtag(self, tag):
        if tag in RAW:
            self.raw = max(0, self.raw - 1)

    def handle_data(self, data):
        if not self.raw:
            self.text.append(data)


def typography_faults(html: str) -> dict[str, list[str]]:
    parser = TextAndAttributes()
    parser.feed(html)
    text = "".join(parser.text)
    context = r".{0,25}"
    return {
        "space before : ; ! ?": re.findall(context + r"[ \t\n]+[:;!?](?=\s|$)", text),
        "guillemet without its space": re.findall(
            context + r"(?:«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»)" + context, text
        ),
        "straight apostrophe": re.findall(r"\w{0,15}(?<=[^\W\d_])'(?=\w)\w{0,15}", text),
        # The engine writes no narrow no-break space into attributes (translations may).
        "engine inside an attribute": [value for value in parser.attributes if NNBSP in value],
    }


class TestEngine:
    def test_spaces_before_punctuation_and_inside_guillemets(self):
        out = typographie("<p>Qui anime ? Zoé ! Mot-clé : « coopérer » ; fin</p>")
        assert out == (
            f"<p>Qui anime{NNBSP}? Zoé{NNBSP}! Mot-clé{NBSP}: «{NBSP}coopérer{NBSP}»"
            f"{NNBSP}; fin</p>"
        )

    def test_missing_spaces_are_added_and_apostrophes_curled(self):
        assert typographie("L&#x27;atelier? Oui! l'été: bien") == (
            f"L’atelier{NNBSP}? Oui{NNBSP}! l’été{NBSP}: bien"
        )

    def test_tags_attributes_code_urls_mails_entities_and_times_are_left_alone(self):
        html = (
            '<a href="/x?a=1;b=2" title="Note : l\'été !">voir https://ex.org/a?b=1;c ici</a>'
            "<code>a : b ; c</code><pre>x ?</pre> ecrire@ex.org &amp; &#x27; à 14:30 :"
            "<!-- a ; b -->"
        )
        out = typographie(html)
        assert '<a href="/x?a=1;b=2" title="Note : l\'été !">' in out
        assert "https://ex.org/a?b=1;c ici" in out
        assert "<code>a : b ; c</code><pre>x ?</pre>" in out
        assert "ecrire@ex.org &amp; " in out
        assert f"14:30{NBSP}:" in out
        assert "<!-- a ; b -->" in out

    def test_times_durations_and_numbers(self):
        import datetime

        assert heure(datetime.time(14, 30)) == f"14{NBSP}h{NBSP}30"
        assert heure(datetime.time(14, 0)) == f"14{NBSP}h"
        assert duree(8) == f"8{NBSP}s"
        assert duree(80 * 60) == f"1{NBSP}h{NBSP}20"
        assert duree(170 * 60) == f"2{NBSP}h{NBSP}50"
        assert duree(45 * 60) == f"45{NBSP}min"
        assert duree(125) == f"2{NBSP}min{NBSP}05{NBSP}s"
        assert nombre(12500) == f"12{NNBSP}500"
        assert nombre(2026) == "2026"
        assert nombre(-1234567) == f"-1{NNBSP}234{NNBSP}567"


@pytest.mark.django_db
def test_every_demo_page_follows_french_typography(client, home_page, settings):
    settings.FRENCH_TYPOGRAPHY = True
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    restricted = {r.page_id for r in PageViewRestriction.objects.all()}
    urls = [
        page.url
        for page in Page.objects.filter(depth__gt=1, live=True).specific().order_by("path")
        if page.pk not in restricted
    ]
    urls += ["/mots-cles/", "/plan-du-site/", "/recherche/?q=coop%C3%A9ration", "/page-absente/"]
    faults = {}
    checked = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        found = {kind: hits for kind, hits in typography_faults(response.text).items() if hits}
        if found:
            faults[url] = found
        checked += response.text.count(NNBSP)
    assert faults == {}
    assert checked > 20  # the engine ran: narrow no-break spaces were written

    # Feed titles too, read back by a real feed reader.
    import feedparser

    show = Page.objects.filter(content_type__model="podcastshowpage").live().first().specific
    feed = feedparser.parse(client.get(f"/podcasts/{show.slug}/feed.xml").content)
    titles = [entry.title for entry in feed.entries]
    assert titles and not [t for t in titles if re.search(r" [:;!?]|'", t)]
    assert any(NNBSP in t or NBSP in t or "’" in t for t in titles)
