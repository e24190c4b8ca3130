"""The moderation queue in the Wagtail admin.

Each editor sees and moderates only the reactions under pages they may publish (Wagtail's page
permission policy): a group's editors their group's pages, the editorial committee every page it
has rights on, superusers everything. Anything else answers 404, whatever the URL.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from site_core.params import get_int, get_int_list, get_page_number, get_text, parse_int
from site_core.tabular import csv_response, ods_response

from . import consultation, services
from .choices import ReactionStatus
from .models import Reaction

ACTIONS = {
    "approve": ReactionStatus.APPROVED,
    "reject": ReactionStatus.REJECTED,
    "spam": ReactionStatus.SPAM,
    "pending": ReactionStatus.PENDING,
}
ACTION_LABELS = {
    "approve": gettext_lazy("Approve"),
    "reject": gettext_lazy("Reject"),
    "spam": gettext_lazy("Mark as spam"),
    "pending": gettext_lazy("Back to pending"),
}
PER_PAGE = 50
PAGE_PARAM = "page"
PAGE_CHOICES_MAX = 300


def user_may_moderate(user) -> bool:
    """Whether `user` may publish some page, hence moderate reactions somewhere."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_superuser or PagePermissionPolicy().user_has_permission(user, "publish")


def moderator_scope(request):
    if not user_may_moderate(request.user):
        raise PermissionDenied
    return Reaction.objects.moderated_by_user(request.user)


def moderated_page(request, pk):
    """The page `pk` if the user may moderate its reactions (publish it), else 404."""
    if not user_may_moderate(request.user):
        raise PermissionDenied
    pages = Page.objects.all()
    if not request.user.is_superuser:
        pages = PagePermissionPolicy().instances_user_has_permission_for(request.user, "publish")
    return get_object_or_404(pages.specific(), pk=pk)


def safe_next(request, fallback: str) -> str:
    target = get_text(request.POST, "next", max_length=2000) or get_text(
        request.GET, "next", max_length=2000
    )
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def queue(request):
    scope = moderator_scope(request)
    status = get_text(request.GET, "status", max_length=20) or ReactionStatus.PENDING
    if status not in ReactionStatus.values and status != "all":
        status = ReactionStatus.PENDING
    page_id = get_int(request.GET, PAGE_PARAM, minimum=1)
    chosen_page = moderated_page(request, page_id) if page_id else None
    if chosen_page is not None:
        scope = scope.filter(page_id=chosen_page.pk)
    counts = dict(
        scope.order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
        .values_list("status", "total")
    )
    reactions = scope.select_related("page", "moderated_by").order_by("-created_at", "-pk")
    if status != "all":
        reactions = reactions.filter(status=status)
    # A consultation (a page with chapters) is read chapter by chapter, in the page's order.
    headings = consultation.chapter_headings(chosen_page) if chosen_page else {}
    by_chapter = len(headings) > 1
    chapters = []
    if by_chapter:
        chapters = consultation.chapter_counts(reactions, headings)
        reactions = consultation.order_by_chapter(reactions, headings)
    paginator = Paginator(reactions, PER_PAGE)
    page_obj = paginator.get_page(get_page_number(request.GET, "p"))
    rows = list(page_obj.object_list)
    if by_chapter:
        removed = _("Removed chapter")
        for reaction in rows:
            reaction.chapter_heading = headings.get(reaction.chapter, removed)
    tabs = [(value, label, counts.get(value, 0)) for value, label in ReactionStatus.choices] + [
        ("all", _("All"), sum(counts.values()))
    ]
    page_choices = Page.objects.filter(
        pk__in=moderator_scope(request).order_by().values("page_id")
    ).order_by("title")[:PAGE_CHOICES_MAX]
    title = _("Reactions")
    return TemplateResponse(
        request,
        "contributions/admin/queue.html",
        {
            "header_title": title,
            "page_title": title,
            "header_icon": "comment",
            "reactions": rows,
            "page_obj": page_obj,
            "paginator": paginator,
            "status": status,
            "tabs": tabs,
            "actions": ACTION_LABELS,
            "chosen_page": chosen_page,
            "page_choices": page_choices,
            "by_chapter": by_chapter,
            "chapters": chapters,
        },
    )


EXPORT_FORMATS = ("csv", "ods")


def export(request, page_id, fmt):
    """A consultation's reactions for the committee's synthesis: editors of that page only."""
    page = moderated_page(request, page_id)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    columns = consultation.export_columns()
    rows = consultation.export_rows(page)
    filename = consultation.export_filename(page, fmt)
    if fmt == "csv":
        return csv_response(filename, columns, rows, neutralise_formulas=True)
    return ods_response(filename, _("Reactions"), columns, rows, column_width="5cm")


def detail(request, pk):
    reaction = get_object_or_404(moderator_scope(request).select_related("page"), pk=pk)
    history = (
        log_registry.get_logs_for_instance(reaction)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    title = _("Reaction no. %(number)s") % {"number": reaction.pk}
    return TemplateResponse(
        request,
        "contributions/admin/detail.html",
        {
            "header_title": title,
            "page_title": title,
            "header_icon": "comment",
            "reaction": reaction,
            "history": history,
            "actions": ACTION_LABELS,
            "queue_url": reverse("contributions_admin:index"),
        },
    )


@require_POST
def moderate(request, pk, action):
    reaction = get_object_or_404(moderator_scope(request), pk=pk)
    if action not in ACTIONS:
        raise PermissionDenied
    changed = services.moderate([reaction], ACTIONS[action], request.user)
    if changed:
        messages.success(
            request,
            _("Reaction from %(name)s: %(status)s.")
            % {"name": reaction.author_name, "status": reaction.get_status_display()},
        )
    return HttpResponseRedirect(
        safe_next(request, reverse("contributions_admin:detail", args=[reaction.pk]))
    )


@require_POST
def bulk(request):
    """One form for the whole queue: `action` is "approve" (checked rows) or "approve:12"."""
    scope = moderator_scope(request)
    action, _sep, single = (request.POST.get("action") or "").partition(":")
    if action not in ACTIONS:
        messages.error(request, _("Choose an action."))
        return HttpResponseRedirect(safe_next(request, reverse("contributions_admin:index")))
    if single:
        ids = [number] if (number := parse_int(single, minimum=1)) is not None else []
    else:
        ids = get_int_list(request.POST, "ids")
    if not ids:
        messages.warning(request, _("Tick at least one reaction."))
        return HttpResponseRedirect(safe_next(request, reverse("contributions_admin:index")))
    # Reactions outside the user's pages are simply not found: nothing happens to them.
    reactions = list(scope.filter(pk__in=ids))
    changed = services.moderate(reactions, ACTIONS[action], request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s reaction: %(action)s.",
            "%(count)s reactions: %(action)s.",
            changed,
        )
        % {"count": changed, "action": str(ACTION_LABELS[action]).lower()},
    )
    return HttpResponseRedirect(safe_next(request, reverse("contributions_admin:index")))


@require_POST
def answer(request, pk):
    """Answer an approved reaction in the name of the page's group (published at once)."""
    from .forms import GroupAnswerForm

    reaction = get_object_or_404(moderator_scope(request), pk=pk, status=ReactionStatus.APPROVED)
    form = GroupAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("body", [])))
    else:
        services.answer_as_group(reaction, form.cleaned_data["body"], request.user)
        messages.success(request, _("Your answer is published under the reaction."))
    return HttpResponseRedirect(reverse("contributions_admin:detail", args=[reaction.pk]))
