"""The public face of the demo site in a real browser, one page of each type at 1366×900 and
390×844: axe-core (WCAG 2.2 A/AA and best practices) finds nothing, the skip link puts focus in
`main`, the minutes' tables clip no column on a phone, every page type is photographed under
`data/screenshots/`, and the printouts fit: each demo sheet on one A4 page, minutes and white
papers without related cards, reactions or navigation, every printout ending with its URL, date
and licence."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.models import Page, PageViewRestriction

pytestmark = [pytest.mark.browser]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
EXTRA_VIEWS = {
    "keyword_index": "/mots-cles/",
    "keyword": None,  # the first keyword of the index, found below
    "site_map": "/plan-du-site/",
    "search": "/recherche/?q=coop%C3%A9ration",
    "not_found": "/page-absente/",
}


def axe(browser_page):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    violations = Axe().run(browser_page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:4]}"
        for v in violations
    ]


def page_types():
    """One public URL per page type of the demo (the first in tree order), plus our views."""
    restricted = {r.page_id for r in PageViewRestriction.objects.all()}
    chosen: dict[str, str] = {}
    for page in Page.objects.filter(depth__gt=1, live=True).specific().order_by("path"):
        if page.pk not in restricted:
            chosen.setdefault(type(page).__name__, page.url)
    return chosen


def screenshot_dir() -> Path:
    path = Path(settings.DATA_DIR) / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.django_db(transaction=True)
def test_every_page_type_is_accessible_photographed_and_prints_well(
    page, live_server, home_page, settings
):
    settings.FRENCH_TYPOGRAPHY = True
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    urls = page_types()
    page.goto(live_server.url + "/mots-cles/")
    keyword = page.locator("main a[href^='/mots-cles/']").first.get_attribute("href")
    urls.update({name: url or keyword for name, url in EXTRA_VIEWS.items()})
    shots = screenshot_dir()
    failures: dict[str, list[str]] = {}
    heights: dict[str, int] = {}

    for size_name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, url in urls.items():
            page.goto(live_server.url + url)
            found = axe(page)
            if found:
                failures[f"axe {name} {size_name}"] = found
            heights[f"{name} {size_name}"] = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=str(shots / f"{name}-{size_name}.png"), full_page=True)

        # The skip link is the first stop of the keyboard, and following it lands in main.
        page.goto(live_server.url + urls["MeetingMinutesPage"])
        page.keyboard.press("Tab")
        skip = page.evaluate("document.activeElement.getAttribute('href')")
        page.keyboard.press("Enter")
        in_main = page.evaluate(
            "document.activeElement.closest('main') !== null || document.activeElement.tagName"
        )
        if skip != "#content" or in_main is not True:
            failures[f"skip link {size_name}"] = [f"href={skip}", f"focus={in_main}"]

        # Minutes' tables: no column clipped, no hidden scrolling.
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('main table')].flatMap(table => {
                const box = table.getBoundingClientRect();
                const out = [];
                if (box.right > document.documentElement.clientWidth + 1) out.push('table too wide');
                const wrap = table.closest('.table-wrap');
                if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push('scrolls sideways');
                table.querySelectorAll('tbody th, tbody td').forEach(cell => {
                    if (cell.scrollWidth > cell.clientWidth + 1 && cell.offsetParent !== null)
                        out.push('clipped: ' + cell.innerText.slice(0, 20));
                });
                return out;
            })"""
        )
        if clipped or page.locator("main table").count() == 0:
            failures[f"minutes tables {size_name}"] = clipped or ["no table on the minutes page"]

    # Print: emulated print media, a PDF from Chromium, its pages counted with pypdf.
    page.set_viewport_size({"width": 1366, "height": 900})
    page_counts: dict[str, int] = {}
    from articles.models import MethodSheetPage

    printed = [(f"sheet {p.slug}", p.url, 1) for p in MethodSheetPage.objects.live().public()]
    printed += [
        ("minutes", urls["MeetingMinutesPage"], None),
        ("white paper", urls["WhitePaperPage"], None),
    ]
    for name, url, expected_pages in printed:
        page.goto(live_server.url + url)
        page.emulate_media(media="print")
        shown = [
            selector
            for selector in (".related", ".reactions", ".backlinks", ".minutes-nav", ".site-nav")
            if page.locator(selector).count() and page.locator(selector).first.is_visible()
        ]
        if shown:
            failures[f"print {name}"] = [f"visible in print: {shown}"]
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
        page_counts[name] = len(pdf.pages)
        last = pdf.pages[-1].extract_text()
        for expected in (url.strip("/").split("/")[-1], "licence", "publié le"):
            if expected not in last.replace("\n", ""):
                failures.setdefault(f"print {name}", []).append(f"last page lacks {expected!r}")
        if expected_pages and len(pdf.pages) != expected_pages:
            failures.setdefault(f"print {name}", []).append(f"{len(pdf.pages)} pages")
        page.emulate_media(media="screen")

    # The figures, for whoever compares before and after (git-ignored, like the screenshots).
    (shots / "figures.json").write_text(
        json.dumps({"heights": heights, "printed_pages": page_counts}, indent=2)
    )
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
    assert len(list(shots.glob("*-phone.png"))) >= len(urls)
