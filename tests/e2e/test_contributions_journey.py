"""A reader reacts, the group's editor approves it in the admin queue, the reader sees it."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.utils import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reaction_journey(page, live_server, home_page, settings, django_user_model):
    from working_groups.factories import (
        MeetingMinutesPageFactory,
        WorkingGroupIndexPageFactory,
        WorkingGroupPageFactory,
    )
    from working_groups.provisioning import add_member

    cache.clear()
    settings.REACTIONS_MIN_FILL_SECONDS = 1
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(
        parent=index, title="Pratiques", slug="praxis", short_name="PRAXIS"
    )
    minutes = MeetingMinutesPageFactory(parent=group, title="Rencontre de Lyon")
    minutes.save_revision().publish()
    minutes.refresh_from_db()
    editor = django_user_model.objects.create_user(
        username="editrice", password="mot-de-passe-editrice", email="editrice@example.org"
    )
    add_member(group, editor, "editor")

    # The reader writes.
    page.goto(live_server.url + minutes.url)
    expect(page.get_by_role("heading", name="Réagir à cette page")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_role("textbox", name="Votre réaction :").fill(
        "Très utile.\nNous allons l'essayer à Lyon."
    )
    page.wait_for_timeout(1200)  # a person takes longer than the minimum fill time
    page.get_by_role("button", name="Envoyer ma réaction").click()
    expect(page.get_by_text("Merci ! Votre réaction est en attente de modération.")).to_be_visible()
    pending = page.locator(".reaction--pending")
    expect(pending).to_contain_text("Nous allons l'essayer à Lyon.")
    expect(pending).to_contain_text("en attente de modération")
    assert_no_axe_violations(page)

    # The group's editor approves it from the queue.
    editor_page = page.context.browser.new_context(locale="fr-FR").new_page()
    editor_page.goto(live_server.url + "/admin/login/")
    editor_page.locator("#id_username").fill("editrice")
    editor_page.locator("#id_password").fill("mot-de-passe-editrice")
    editor_page.locator("form button[type=submit]").first.click()
    expect(editor_page.get_by_text("1 réaction est en attente de modération")).to_be_visible()
    editor_page.get_by_role("link", name="Ouvrir la file de modération").click()
    row = editor_page.locator("table.listing tbody tr", has_text="Camille Martin")
    row.get_by_role("button", name="Approuver").click()
    expect(editor_page.get_by_text(re.compile("1 réaction : approuver"))).to_be_visible()

    # The reader sees it published.
    page.reload()
    published = page.locator("ol.reactions__list .reaction")
    expect(published).to_have_count(1)
    expect(published).to_contain_text("Camille Martin")
    expect(published).to_contain_text("Nous allons l'essayer à Lyon.")
    expect(page.locator("#reactions-title")).to_have_text("Réactions (1)")
    assert_no_axe_violations(page)
