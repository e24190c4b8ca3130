"""A reader reacts to one chapter of a white paper in consultation; the group's editor finds it
under that chapter in the queue, approves it and answers as the group; the reader sees the
answer, marked as the group's. Axe on the public pages at desktop and phone sizes."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from tests.utils import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def assert_accessible_at_both_sizes(page):
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        assert_no_axe_violations(page)
    page.set_viewport_size(DESKTOP)


def test_consultation_journey(page, live_server, home_page, settings, django_user_model):
    from articles.factories import WhitePaperPageFactory
    from working_groups.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory
    from working_groups.provisioning import add_member

    cache.clear()
    settings.REACTIONS_MIN_FILL_SECONDS = 1
    index = WorkingGroupIndexPageFactory(parent=home_page)
    group = WorkingGroupPageFactory(
        parent=index, title="Santé au travail", slug="sante", short_name="SANTE"
    )
    today = timezone.localdate()
    paper = WhitePaperPageFactory(
        parent=group,
        title="Prévenir l'usure dans les coopératives",
        slug="prevenir-l-usure",
        consultation_opens=today - datetime.timedelta(days=2),
        consultation_closes=today + datetime.timedelta(days=20),
        chapters=[
            ("chapter", {"heading": "Ce que nous avons observé", "anchor": "", "body": []}),
            ("chapter", {"heading": "Cinq repères pour agir", "anchor": "reperes", "body": []}),
        ],
    )
    paper.save_revision().publish()
    paper.refresh_from_db()
    editor = django_user_model.objects.create_user(
        username="editrice", password="mot-de-passe-editrice", email="editrice@example.org"
    )
    add_member(group, editor, "editor")

    # The reader opens the white paper and reacts to its second chapter, from the contents.
    page.goto(live_server.url + paper.url)
    expect(
        page.get_by_role("heading", name="Prévenir l'usure dans les coopératives")
    ).to_be_visible()
    assert_accessible_at_both_sizes(page)
    page.get_by_role("link", name="réagir à « Cinq repères pour agir »").click()
    expect(page.get_by_label("Vous réagissez à")).to_have_value(paper.chapters[1].id)
    page.get_by_label("Votre nom").fill("Camille Martin")
    page.get_by_role("textbox", name="Votre réaction :").fill(
        "Le troisième repère mériterait un exemple de coopérative d'activité."
    )
    page.wait_for_timeout(1200)  # a person takes longer than the minimum fill time
    page.get_by_role("button", name="Envoyer ma réaction").click()
    expect(page.get_by_text("Merci ! Votre réaction est en attente de modération.")).to_be_visible()
    assert "/envoyer/" not in page.url  # back on the page, never left on the form's address
    assert_accessible_at_both_sizes(page)

    # The group's editor finds it under its chapter, approves it and answers as the group.
    editor_page = page.context.browser.new_context(locale="fr-FR").new_page()
    editor_page.goto(live_server.url + "/admin/login/")
    editor_page.locator("#id_username").fill("editrice")
    editor_page.locator("#id_password").fill("mot-de-passe-editrice")
    editor_page.locator("form button[type=submit]").first.click()
    editor_page.get_by_role("link", name="Ouvrir la file de modération").click()
    editor_page.get_by_label("Page", exact=True).select_option(label=paper.title)
    editor_page.get_by_role("button", name="Filtrer").click()
    expect(editor_page.locator("th[scope=colgroup]")).to_have_text(["Cinq repères pour agir"])
    expect(editor_page.locator(".contributions-chapter-counts")).to_contain_text(
        "Cinq repères pour agir — 1 réaction"
    )
    row = editor_page.locator("table.listing tbody tr", has_text="Camille Martin")
    row.get_by_role("button", name="Approuver").click()
    expect(editor_page.get_by_text("1 réaction : approuver.")).to_be_visible()
    editor_page.get_by_role("link", name=re.compile(r"^Approuvée \(")).click()
    editor_page.get_by_role("link", name="Camille Martin").click()
    editor_page.locator("#id_answer_body").fill(
        "Merci ! Nous ajoutons l'exemple d'une CAE lyonnaise."
    )
    editor_page.get_by_role("button", name="Publier la réponse").click()
    expect(editor_page.get_by_text("Votre réponse est publiée sous la réaction.")).to_be_visible()

    # The reader reloads and sees the answer, marked as the group's.
    page.reload()
    thread = page.locator("ol.reactions__list > .reaction", has_text="Camille Martin")
    expect(thread).to_contain_text("Le troisième repère mériterait")
    answer = thread.locator(".reaction--group")
    expect(answer).to_contain_text("Nous ajoutons l'exemple d'une CAE lyonnaise.")
    expect(answer).to_contain_text("réponse du groupe")
    expect(answer.locator(".reaction__author")).to_contain_text("SANTE")
    assert_accessible_at_both_sizes(page)
