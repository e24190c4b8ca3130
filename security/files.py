"""Who may download a document: those who may see a page that uses it.

A document used by a live page is served to whoever that page's view restrictions accept (anyone
for a public page; members or password holders for a private one). A document used only by drafts,
or by no page yet, is served only to people who may work on such a page or in its collection.
"""

from wagtail.permissions import policy_registry

from site_core.access import pages_referring_to, pages_visible_to


def _accepts(page, request) -> bool:
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def document_visible_to(document, request) -> bool:
    user = request.user
    if user.is_active and user.is_superuser:
        return True
    pages = pages_referring_to(document)
    if any(_accepts(page, request) for page in pages.live()):
        return True
    if user.is_authenticated:
        if pages_visible_to(user).filter(pk__in=pages.values("pk")).exists():
            return True
        policy = policy_registry.get_by_type(type(document))
        return policy.user_has_any_permission_for_instance(
            user, ["add", "change", "choose"], document
        )
    return False
