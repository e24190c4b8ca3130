"""Booklets that an editor assembles in the admin: minutes of a theme or a keyword, optionally of
one group and a period, the pages ticked one by one (`booklet_views.py` is the screen).

Who: whoever may publish in a working group — its editors for their own groups, the committee
and superusers for every group and for the whole network. Writers cannot (they do not publish).
What goes in: only live minutes outside any private section, whatever ids the form receives; the
selection is computed again when the PDF is built, so a page unpublished in between stays out.
How: `dossier.render_booklet` (the dossier's template, fetcher and PDF writer); up to
`dossier.SYNC_MAX_MINUTES` pages in the request, above through the `build_booklet` task; the file
is kept in the default storage under `dossiers/livrets/` with an unguessable name and served only
through the admin's permission-checked download view.
"""

import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import dossier
from .models import Booklet, BookletStatus, WorkingGroupIndexPage, WorkingGroupPage
from .register import public_minutes

logger = logging.getLogger(__name__)

BOOKLET_DIR = f"{dossier.DOSSIER_DIR}/livrets"


# --- Who may assemble, and which groups --------------------------------------------------------
def may_assemble_network(user) -> bool:
    """Superusers and those who may publish on a groups index (the committee): every group."""
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return any(
        index.permissions_for_user(user).can_publish()
        for index in WorkingGroupIndexPage.objects.all()
    )


def assemblable_groups(user):
    """The working groups whose minutes `user` may put into a booklet (those they may publish)."""
    if not (user.is_active and user.is_authenticated):
        return WorkingGroupPage.objects.none()
    groups = WorkingGroupPage.objects.order_by("title")
    if user.is_superuser:
        return groups
    publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
    return groups.filter(pk__in=publishable.values("pk"))


def may_assemble(user) -> bool:
    return may_assemble_network(user) or assemblable_groups(user).exists()


def visible_booklets(user):
    """The booklets `user` may see and download: every one for the network's assemblers, those
    of their groups for a group's editors."""
    if may_assemble_network(user):
        return Booklet.objects.all()
    return Booklet.objects.filter(group__in=assemblable_groups(user).values("pk"))


# --- What goes in ------------------------------------------------------------------------------
def selection(*, theme=None, keyword=None, group=None, date_from=None, date_to=None):
    """Live public minutes of the theme and/or keyword, of `group` if given, met within the
    period, in meeting order."""
    minutes = public_minutes()
    if theme is not None:
        minutes = minutes.filter(themes=theme)
    if keyword is not None:
        minutes = minutes.filter(keywords__slug=keyword.slug)
    if group is not None:
        minutes = minutes.child_of(group)
    if date_from is not None:
        minutes = minutes.filter(meeting_date__gte=date_from)
    if date_to is not None:
        minutes = minutes.filter(meeting_date__lte=date_to)
    return minutes.distinct().order_by("meeting_date", "sequence_number", "pk")


def booklet_minutes(booklet):
    """The booklet's ticked pages that are still in its selection (live, public) right now."""
    return selection(
        theme=booklet.theme,
        keyword=booklet.keyword,
        group=booklet.group,
        date_from=booklet.date_from,
        date_to=booklet.date_to,
    ).filter(pk__in=booklet.page_ids)


def subtitle_of(booklet) -> str:
    if booklet.theme_id and booklet.keyword_id:
        return _("Booklet of the theme %(theme)s and the keyword %(keyword)s") % {
            "theme": booklet.theme.name,
            "keyword": booklet.keyword.name,
        }
    if booklet.theme_id:
        return _("Booklet of the theme %(theme)s") % {"theme": booklet.theme.name}
    if booklet.keyword_id:
        return _("Booklet of the keyword %(keyword)s") % {"keyword": booklet.keyword.name}
    return _("Booklet")


# --- Building -----------------------------------------------------------------------------------
def build_file(booklet, request=None) -> Booklet:
    """Render the booklet, store it, mark it ready (or failed, with the error logged)."""
    try:
        pdf = dossier.render_booklet(
            request, booklet_minutes(booklet), title=booklet.title, subtitle=subtitle_of(booklet)
        )
        if pdf is None:
            raise ValueError("none of the booklet's pages is still published")
        name = default_storage.save(
            f"{BOOKLET_DIR}/livret-{booklet.pk}-{secrets.token_hex(8)}.pdf", ContentFile(pdf)
        )
    except Exception:
        logger.exception("Booklet %s could not be built", booklet.pk)
        Booklet.objects.filter(pk=booklet.pk).update(status=BookletStatus.FAILED)
        booklet.status = BookletStatus.FAILED
        raise
    old = booklet.file_name
    booklet.file_name, booklet.size = name, len(pdf)
    booklet.built_at, booklet.status = timezone.now(), BookletStatus.READY
    booklet.save(update_fields=["file_name", "size", "built_at", "status"])
    if old and old != name:
        default_storage.delete(old)
    return booklet


def start_build(booklet, request=None) -> bool:
    """Build now when the booklet is small; else leave it to a task. True when it is ready."""
    if len(booklet.page_ids) > dossier.SYNC_MAX_MINUTES:
        build_booklet.enqueue(booklet.pk)  # an immediate backend builds it at once
        booklet.refresh_from_db()
        return booklet.status == BookletStatus.READY
    try:
        build_file(booklet, request)
    except Exception:  # logged by build_file; the screen tells the person in French
        return False
    return True


@task
def build_booklet(booklet_id: int) -> str:
    """Build an assembled booklet away from the request; returns its file name."""
    booklet = (
        Booklet.objects.select_related("theme", "keyword", "group").filter(pk=booklet_id).first()
    )
    if booklet is None:
        return ""
    return build_file(booklet).file_name
