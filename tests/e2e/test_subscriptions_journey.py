"""A reader subscribes to a theme by e-mail, follows the link of the e-mail (locmem outbox),
manages the subscription and unsubscribes."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from tests.utils import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_subscription_journey(page, live_server, home_page, settings):
    from site_core.models import StandardPage, Theme
    from subscriptions.models import Status, Subscription

    cache.clear()
    settings.SUBSCRIPTIONS_MIN_FILL_SECONDS = 1
    theme = Theme.objects.create(name="Tiers-lieux", slug="tiers-lieux")
    article = StandardPage(title="Ouvrir un tiers-lieu rural", slug="tiers-lieu-rural")
    home_page.add_child(instance=article)
    article.themes = [theme]
    article.save_revision().publish()

    # The theme's listing offers its feeds and the e-mail subscription.
    page.goto(live_server.url + "/thematiques/tiers-lieux/")
    box = page.locator(".follow-box")
    expect(box.get_by_role("heading", name="S’abonner")).to_be_visible()
    expect(box.get_by_role("link", name="S’abonner (RSS)")).to_have_attribute(
        "href", "/flux/thematiques/tiers-lieux.rss"
    )
    box.get_by_role("link", name="Par courriel").click()
    expect(page.get_by_role("heading", name="S’abonner par courriel")).to_be_visible()
    assert_no_axe_violations(page)

    # A bad address: a French error, the text kept.
    page.get_by_label("Votre adresse électronique").fill("camille@")
    page.get_by_label("une fois par mois").check()
    page.get_by_label(re.compile("J’accepte que mon adresse")).check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="S’abonner").click()
    expect(page.get_by_text("Saisissez une adresse électronique valide")).to_be_visible()
    expect(page.get_by_label("Votre adresse électronique")).to_have_value("camille@")
    assert_no_axe_violations(page)
    page.get_by_label("Votre adresse électronique").fill("camille@exemple.org")
    page.get_by_label(re.compile("J’accepte que mon adresse")).check()
    page.wait_for_timeout(1100)
    page.get_by_role("button", name="S’abonner").click()
    expect(page.get_by_role("heading", name="Consultez votre messagerie")).to_be_visible()
    assert Subscription.objects.get().status == Status.PENDING

    # The e-mail's link, then the confirmation button.
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/abonnement/confirmer/\S+/", mail.outbox[0].body).group(0)
    page.goto(live_server.url + path_of(link))
    page.get_by_role("button", name="Je confirme mon abonnement").click()
    expect(page.get_by_role("heading", name="Vos abonnements")).to_be_visible()
    row = page.locator("tbody tr", has_text="Tiers-lieux")
    expect(row).to_contain_text("confirmé")
    expect(row.get_by_role("combobox")).to_have_value("monthly")
    assert_no_axe_violations(page)

    # Manage: weekly instead of monthly, then unsubscribe.
    row.get_by_role("combobox").select_option("weekly")
    row.get_by_role("button", name="Modifier").click()
    expect(page.get_by_text("Fréquence modifiée.")).to_be_visible()
    assert Subscription.objects.get().frequency == "weekly"
    page.locator("tbody tr", has_text="Tiers-lieux").get_by_role(
        "button", name=re.compile("Se désabonner")
    ).click()
    expect(page.get_by_text(re.compile("Vous êtes désabonné·e de"))).to_be_visible()
    subscription = Subscription.objects.get()
    assert subscription.status == Status.UNSUBSCRIBED and subscription.unsubscribed_at
