"""A group's dossier as a book (PDF made with WeasyPrint), and booklets of a theme or a keyword
(public URLs) or of an editor's selection (the admin's screen, `booklets.py`).

The book holds a cover, a table of contents with page numbers, the group's mission and member
organisations, every live, public minutes page in meeting order (participants, body, decisions),
the register, and the pages that were built from these minutes or link to them (white papers,
sheets, episodes), found through the `maillage_backlinks_list` hook (and the single form
`maillage_backlinks`): this app imports no other feature app.

A dossier is cached in the default storage under a key made of the group's last publication (the
group's and its minutes'): the next publish changes the key, so the next request builds it anew.
`build_dossier` is a `django.tasks` task to build it ahead of readers.
"""

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail import hooks
from wagtail.models import Page

from .models import MeetingMinutesPage, WorkingGroupPage
from .register import Register, RegisterFilters, public_minutes

logger = logging.getLogger(__name__)

DOSSIER_DIR = "dossiers"
# Above this many minutes a missing dossier is built by a task rather than in the request.
SYNC_MAX_MINUTES = 40


# --- Content -------------------------------------------------------------------------------------
def minutes_for_book(minutes_queryset, request=None):
    """Minutes in meeting order with their participants and decisions, in three queries."""
    minutes_list = list(
        minutes_queryset.order_by("meeting_date", "sequence_number", "pk").prefetch_related(
            "participants", "decisions"
        )
    )
    for minutes in minutes_list:
        minutes.book_url = minutes.get_full_url(request)
        # The body's heading ids, unique in the book (two meetings both have a « Tour de table »).
        minutes.anchor_prefix = f"minutes-{minutes.pk}"
    return minutes_list


def backlinked_pages(minutes_list, request):
    """(heading, [pages]) of the pages that point to these minutes, each page once.

    The list form of the hook (`maillage_backlinks_list`) is called once for the whole book; a
    hook registered only in the single form (`maillage_backlinks`) still counts, page by page."""
    found = []
    for fn in hooks.get_hooks("maillage_backlinks_list"):
        by_page = fn(minutes_list, request) or {}
        for minutes in minutes_list:
            found.extend(by_page.get(minutes.pk, []))
    for fn in hooks.get_hooks("maillage_backlinks"):
        for minutes in minutes_list:
            found.extend(fn(minutes, request) or [])
    sections, seen = {}, set()
    for heading, pages in found:
        for page in pages:
            if page.pk in seen:
                continue
            seen.add(page.pk)
            sections.setdefault(str(heading), []).append(page)
    return list(sections.items())


def book_context(request, *, title, subtitle, minutes_list, group=None, register_rows=None):
    dates = [m.meeting_date for m in minutes_list]
    return {
        "book_title": title,
        "subtitle": subtitle,
        "group": group,
        "organisations": list(group.member_organisations.all()) if group else [],
        "minutes_list": minutes_list,
        "register_rows": register_rows or [],
        "backlinks": backlinked_pages(minutes_list, request),
        "period": (min(dates), max(dates)) if dates else None,
        "author": site_name(request),
        "logo": cover_logo(request, group),
        "built_at": timezone.localtime(),
        "request": request,
    }


def site_name(request) -> str:
    from wagtail.models import Site

    site = Site.find_for_request(request) if request else None
    return (site.site_name if site and site.site_name else "") or "Maillage"


def cover_logo(request, group=None):
    """The cover's logo: the group's own image if it has one, else the site's logo; a small
    rendition (never the original upload), or None."""
    from wagtail.models import Site

    from site_core.models import SiteSettings

    image = getattr(group, "listing_image", None) if group is not None else None
    if image is None:
        site = (Site.find_for_request(request) if request else None) or Site.objects.filter(
            is_default_site=True
        ).first()
        image = SiteSettings.for_site(site).logo if site else None
    if image is None:
        return None
    from wagtail.images.models import SourceImageIOError

    try:
        return image.get_rendition("max-600x300|format-png")
    except (SourceImageIOError, OSError):  # a missing or unreadable file: no logo then
        logger.warning("The dossier's logo could not be read (image %s)", image.pk)
        return None


# --- Rendering -----------------------------------------------------------------------------------
def _stored_name(url: str):
    """(storage, name) of a media URL (a rendition's or a file's, on the disk or in a bucket)."""
    from urllib.parse import unquote, urlsplit

    from site_core.storage import rendition_storage

    address = url.split("?", 1)[0]
    for storage in (rendition_storage, default_storage):
        probe = storage.url("probe").split("?", 1)[0]
        prefix = probe[: -len("probe")]
        if not urlsplit(prefix).netloc:  # a path such as /media/: relative to the site
            prefix = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + prefix
        if address.startswith(prefix):
            name = unquote(address[len(prefix) :])
            if name and ".." not in name.split("/"):
                return storage, name
    return None, None


def url_fetcher(url, *args, **kwargs):
    """Only the site's own static and media files: WeasyPrint never goes on the network. Media
    are read through their storage's open(): the local disk or a bucket."""
    from weasyprint.urls import URLFetcherResponse, URLFetchingError

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    path = url[len(base) :] if url.startswith(base) else url
    if path.startswith("file://"):
        raise URLFetchingError(_("Only the site's own files are included."))
    if path.startswith(settings.STATIC_URL):
        local = finders.find(path[len(settings.STATIC_URL) :])
        if not local or not Path(local).is_file():
            raise URLFetchingError(_("Only the site's own files are included."))
        body, filename = Path(local).read_bytes(), str(local)
    else:
        storage, name = _stored_name(url)
        if storage is None:
            raise URLFetchingError(_("Only the site's own files are included."))
        try:
            with storage.open(name, "rb") as handle:
                body = handle.read()
        except Exception as exc:  # OSError on disk; botocore's errors from a bucket
            raise URLFetchingError(_("Only the site's own files are included.")) from exc
        filename = name
    mime_type, _encoding = mimetypes.guess_type(filename)
    return URLFetcherResponse(
        url, body=body, headers={"Content-Type": mime_type or "application/octet-stream"}
    )


def cache_page_references():
    """Make pydyf's `PDF.page_references` cheap: WeasyPrint's PDF/UA tagging reads it once per
    structure element and pydyf rebuilds the whole tuple of page references each time, which is
    quadratic (about a third of the writing time of a 200-minutes dossier). The cached tuple is
    rebuilt whenever a page is added, so the answer is always the library's own."""
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or getattr(original.fget, "maillage_cached", False):
        return

    def page_references(pdf):
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_maillage_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original.fget(pdf))
            pdf.__dict__["_maillage_page_references"] = cached
        return cached[1]

    page_references.maillage_cached = True
    pydyf.PDF.page_references = property(page_references)


def render_pdf(context) -> bytes:
    from weasyprint import HTML

    cache_page_references()

    with override("fr"):
        html = render_to_string("working_groups/dossier/book.html", context)
    document = HTML(string=html, base_url=settings.WAGTAILADMIN_BASE_URL, url_fetcher=url_fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")


# --- A group's dossier ---------------------------------------------------------------------------
def dossier_key(group, request=None) -> str:
    """Changes whenever the group or one of its minutes is published, unpublished or moved."""
    stats = public_minutes(request, group).aggregate(n=Count("pk"), last=Max("last_published_at"))
    raw = f"{group.pk}:{group.last_published_at}:{stats['n']}:{stats['last']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def dossier_path(group, key: str) -> str:
    return f"{DOSSIER_DIR}/{group.slug}-{group.pk}-{key}.pdf"


def build_group_dossier(group, request=None) -> bytes:
    minutes_list = minutes_for_book(public_minutes(request, group), request)
    register = Register(request=request, group=group, filters=RegisterFilters())
    context = book_context(
        request,
        title=group.title,
        subtitle=_("Dossier of the working group"),
        minutes_list=minutes_list,
        group=group,
        register_rows=register.all_rows(),
    )
    return render_pdf(context)


def ensure_dossier(group, request=None) -> str:
    """The storage name of the group's current dossier, built if it is not there yet."""
    key = dossier_key(group, request)
    name = dossier_path(group, key)
    if not default_storage.exists(name):
        pdf = build_group_dossier(group, request)
        for old in stale_dossiers(group, keep=name):
            default_storage.delete(old)
        default_storage.save(name, ContentFile(pdf))
    return name


def stale_dossiers(group, keep: str):
    try:
        _dirs, files = default_storage.listdir(DOSSIER_DIR)
    except FileNotFoundError:
        return []
    prefix = f"{group.slug}-{group.pk}-"
    return [
        f"{DOSSIER_DIR}/{f}" for f in files if f.startswith(prefix) and f"{DOSSIER_DIR}/{f}" != keep
    ]


@dataclass
class DossierInfo:
    url: str
    size: int | None
    built_at: object | None


def dossier_info(group, request=None) -> DossierInfo:
    """What the group page says about the dossier: its size and date once it is built."""
    name = dossier_path(group, dossier_key(group, request))
    url = group.url + "dossier.pdf" if group.url else ""
    if default_storage.exists(name):
        return DossierInfo(url, default_storage.size(name), default_storage.get_modified_time(name))
    return DossierInfo(url, None, None)


def dossier_response(request, group):
    key = dossier_key(group, request)
    name = dossier_path(group, key)
    if not default_storage.exists(name):
        if public_minutes(request, group).count() > SYNC_MAX_MINUTES:
            build_dossier.enqueue(group.pk)  # a worker builds it; immediate backends build now
            if not default_storage.exists(name):
                response = render(
                    request, "working_groups/dossier/pending.html", {"group": group}, status=503
                )
                response["Retry-After"] = "60"
                return response
        else:
            name = ensure_dossier(group, request)
    response = FileResponse(default_storage.open(name, "rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="dossier-{group.slug}.pdf"'
    return response


@task
def build_dossier(group_id: int) -> str:
    """Build a group's dossier ahead of readers (e.g. after a publish); returns its file name."""
    group = WorkingGroupPage.objects.live().public().filter(pk=group_id).first()
    if group is None:
        return ""
    return ensure_dossier(group)


# --- Booklets of a theme, a keyword or an editor's selection ------------------------------------
def render_booklet(request, minutes_queryset, *, title: str, subtitle: str) -> bytes | None:
    """A booklet of these minutes (in meeting order, each with its group's name), or None when
    there are none. Used by the public booklets and by the admin's booklets (`booklets.py`)."""
    minutes_list = minutes_for_book(minutes_queryset, request)
    if not minutes_list:
        return None
    context = book_context(request, title=title, subtitle=subtitle, minutes_list=minutes_list)
    attach_groups(minutes_list)
    context["booklet"] = True
    return render_pdf(context)


def attach_groups(minutes_list):
    """Set `.group` on each minutes page (its working group), in one query for the list."""
    groups = {
        g.path: g
        for g in WorkingGroupPage.objects.filter(
            path__in={m.path[: (m.depth - 1) * Page.steplen] for m in minutes_list}
        )
    }
    for minutes_page in minutes_list:
        minutes_page.group = groups.get(
            minutes_page.path[: (minutes_page.depth - 1) * Page.steplen]
        )
    return minutes_list


def booklet_response(request, *, theme=None, keyword=None):
    minutes = public_minutes(request)
    if theme is not None:
        minutes = minutes.filter(themes=theme)
        title = theme.name
        subtitle = _("Booklet of the theme")
    else:
        minutes = minutes.filter(keywords__slug=keyword.slug).distinct()
        title = keyword.name
        subtitle = _("Booklet of the keyword")
    pdf = render_booklet(request, minutes, title=title, subtitle=subtitle)
    if pdf is None:
        raise Http404
    slug = theme.slug if theme is not None else keyword.slug
    response = FileResponse(iter([pdf]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="livret-{slug}.pdf"'
    response["Content-Length"] = str(len(pdf))
    return response


__all__ = [
    "MeetingMinutesPage",
    "booklet_response",
    "build_dossier",
    "dossier_info",
    "dossier_response",
    "ensure_dossier",
    "render_booklet",
]
