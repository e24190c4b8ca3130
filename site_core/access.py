"""Who may see which page: the one rule every view, chooser, report and file download follows.

A page is visible to someone when it is live and public (no view restriction on it or above), or
when they hold a page permission over it (their group's subtree; the committee's sections).
Superusers see everything. Feature apps and the `security` app ask this module, never each other.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.pages import PagePermissionPolicy

# Holding any of these over a page (directly or above it) lets one see its drafts and privacy.
EDITING_ACTIONS = ["add", "change", "publish", "lock", "unlock", "bulk_delete"]


def public_pages():
    from site_core.query import restricted_q

    return Page.objects.live().exclude(restricted_q())


def pages_visible_to(user):
    """Every page `user` may see in the admin and on the site, as one queryset."""
    if user is None or not user.is_authenticated:
        return public_pages()
    if user.is_active and user.is_superuser:
        return Page.objects.all()
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, EDITING_ACTIONS)
    return Page.objects.filter(
        Q(pk__in=public_pages().values("pk")) | Q(pk__in=editable.values("pk"))
    )


def page_visible_to(page, user) -> bool:
    return pages_visible_to(user).filter(pk=page.pk).exists()


def pages_referring_to(obj):
    """Pages whose content (fields, StreamField blocks, inline rows) points at `obj`."""
    references = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in references if pk.isdigit()])
