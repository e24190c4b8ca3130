"""The admin's booklets screen: choose a theme or a keyword (a group, a period), see the pages
that will go in, untick some, give a title, build; the booklets already made, with their status
and a download link (rules in `booklets.py`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import booklets
from .dossier import attach_groups
from .forms import BookletForm
from .models import Booklet, BookletStatus

RECENT_BOOKLETS = 20
PREVIEW_LIMIT = 500  # pages listed on the screen (a booklet that large is left to a task anyway)


def booklets_screen(request):
    user = request.user
    if not booklets.may_assemble(user):
        raise PermissionDenied
    building = request.method == "POST" and request.POST.get("action") == "build"
    data = request.POST.copy() if request.method == "POST" else None
    form = BookletForm(user, data, building=building)
    pages, ticked = None, set()
    valid = data is not None and form.is_valid()
    # The choices above the list are readable (a missing title or tick does not hide the list).
    criteria_ok = data is not None and not set(form.errors) - {"title", "pages"}
    if criteria_ok:
        selected = booklets.selection(**form.criteria())
        pages = attach_groups(list(selected[:PREVIEW_LIMIT]))
        if building:
            posted = form.cleaned_data.get("pages") or []
            # Only pages of the selection, live and public: a forged or stale id stays out.
            chosen = list(selected.filter(pk__in=posted).values_list("pk", flat=True))
            ticked = set(chosen)
            if not chosen:
                form.add_error(None, _("Tick at least one page to build the booklet."))
            elif valid:
                booklet = create_booklet(request, form, chosen)
                return redirect_after_build(request, booklet, len(set(posted)) - len(chosen))
        else:
            ticked = {page.pk for page in pages}
            if not form.cleaned_data.get("title"):
                form.data["title"] = form.default_title()
            if not pages:
                messages.warning(request, _("No published minutes match these choices."))
    elif data is not None:
        # Keep what the person ticked while the choices above are corrected.
        ticked = {int(value) for value in data.getlist("pages") if value.isdigit()}
    return TemplateResponse(
        request,
        "working_groups/admin/booklets.html",
        {
            "page_title": _("Booklets"),
            "form": form,
            "pages": pages,
            "ticked": ticked,
            "recent": booklets.visible_booklets(user).select_related(
                "theme", "keyword", "group", "created_by"
            )[:RECENT_BOOKLETS],
            "sync_max": booklets.dossier.SYNC_MAX_MINUTES,
        },
    )


def create_booklet(request, form, page_ids):
    data = form.cleaned_data
    booklet = Booklet.objects.create(
        title=data["title"],
        theme=data.get("theme"),
        keyword=data.get("keyword"),
        group=data.get("group"),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        page_ids=page_ids,
        created_by=request.user,
    )
    booklets.start_build(booklet, request)
    booklet.refresh_from_db()
    return booklet


def redirect_after_build(request, booklet, dropped: int):
    if dropped:
        messages.warning(
            request,
            _(
                "%(count)s ticked page(s) were left out: they are no longer published, are "
                "private or do not match these choices."
            )
            % {"count": dropped},
        )
    if booklet.status == BookletStatus.READY:
        messages.success(
            request,
            _("The booklet “%(title)s” is ready: download it below.") % {"title": booklet.title},
        )
    elif booklet.status == BookletStatus.PENDING:
        messages.info(
            request,
            _(
                "The booklet “%(title)s” holds many pages: it is being built in the background. "
                "Reload this page in a few minutes to download it."
            )
            % {"title": booklet.title},
        )
    else:
        messages.error(
            request,
            _("The booklet “%(title)s” could not be built. Try again, or tell the site's team.")
            % {"title": booklet.title},
        )
    return redirect("working_groups_booklets")


def booklet_download(request, booklet_pk):
    if not booklets.may_assemble(request.user):
        raise PermissionDenied
    booklet = booklets.visible_booklets(request.user).filter(pk=booklet_pk).first()
    if booklet is None:
        raise Http404
    if booklet.status != BookletStatus.READY or not default_storage.exists(booklet.file_name):
        messages.warning(
            request,
            _("The booklet “%(title)s” is not ready yet.") % {"title": booklet.title},
        )
        return redirect("working_groups_booklets")
    response = FileResponse(
        default_storage.open(booklet.file_name, "rb"), content_type="application/pdf"
    )
    name = slugify(booklet.title)[:80] or str(booklet.pk)
    response["Content-Disposition"] = f'attachment; filename="livret-{name}.pdf"'
    return response
