"""Helpers for tests: the page tree, accessibility checks."""

from wagtail.models import Locale, Page, Site

from site_core.models import HomePage
from site_core.public_address import sync_site


def ensure_site_tree() -> HomePage:
    """Return the HomePage, recreating root, locale, home and site if a flush removed them."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=locale)
    home = root.add_child(instance=HomePage(title="Maillage", slug="accueil", locale=locale))
    Site.objects.filter(is_default_site=True).update(root_page=home)
    sync_site()  # hostname and port from SITE_BASE_URL
    return home


def publish(page):
    """Save a revision of `page` and publish it; returns the refreshed page."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_child(parent, page, *, live=True):
    """Add `page` under `parent`; publish it when `live`, else leave a never-published draft."""
    if not live:
        page.live = False
    parent.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page


def make_private(page, password="secret"):
    """Restrict `page` (and its subtree) with a password: it must vanish from public listings."""
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=password
    )


def axe_violations(browser_page, *, context=None):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) in the page; return the violations."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(browser_page, context=context, options=options)
    return results.response["violations"]


def assert_no_axe_violations(browser_page):
    violations = axe_violations(browser_page)
    described = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:5]}"
        for v in violations
    ]
    assert not violations, f"axe-core violations on {browser_page.url}:\n" + "\n".join(described)
