"""Two readers, two browsers, one page stored once by the anonymous page cache."""

import pytest
from django.core.cache import cache, caches
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cache_on(settings, home_page):
    from wagtail.models import Site

    from site_core.models import SiteSettings

    # Created on first reading, which makes stored pages stale: read it before the readers come.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    cache.clear()
    caches["pages"].clear()
    settings.PAGE_CACHE_ENABLED = True
    yield
    caches["pages"].clear()


def test_two_readers_are_served_the_stored_home_page(browser, live_server, home_page, cache_on):
    states = []
    for _ in range(2):
        context = browser.new_context(locale="fr-FR")
        response = context.new_page().goto(live_server.url + "/")
        states.append(response.headers.get("x-page-cache"))
        assert response.status == 200
        assert "public" in response.headers["cache-control"]
        context.close()
    assert states == ["miss", "hit"]


def test_two_readers_react_from_the_same_cached_page(browser, live_server, home_page, cache_on):
    from contributions.models import Reaction
    from working_groups.factories import (
        MeetingMinutesPageFactory,
        WorkingGroupIndexPageFactory,
        WorkingGroupPageFactory,
    )

    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(parent=index, title="Pratiques", slug="praxis")
    minutes = MeetingMinutesPageFactory(parent=group, title="Rencontre de Lyon")
    minutes.save_revision().publish()
    minutes.refresh_from_db()
    url = live_server.url + minutes.url

    readers = []
    for name in ("Camille Martin", "Awa Diallo"):
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        response = page.goto(url)
        readers.append((name, context, page, response.headers.get("x-page-cache")))
        # Reading costs no session: the form's nonce comes in a cookie of its own, HttpOnly.
        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert "sessionid" not in cookies
        assert cookies["maillage_lecteur"]["httpOnly"]
        assert cookies["maillage_lecteur"]["sameSite"] == "Lax"
        assert "private" in response.headers["cache-control"]
    page_of_first_reader = readers[0][2]
    page_of_first_reader.wait_for_timeout(3200)  # people take longer than the minimum fill time
    for name, _context, page, _state in readers:
        page.get_by_label("Votre nom").fill(name)
        page.get_by_role("textbox", name="Votre réaction :").fill(f"{name} : très utile.")
        page.get_by_role("button", name="Envoyer ma réaction").click()
        expect(page.get_by_text("Votre réaction est en attente de modération.")).to_be_visible()
    assert sorted(Reaction.objects.values_list("author_name", flat=True)) == [
        "Awa Diallo",
        "Camille Martin",
    ]
    for _name, context, _page, _state in readers:
        context.close()
    # The second reader got the page the first one's visit stored.
    assert readers[1][3] == "hit"
