"""What readers see under a page and in listings (called from the Wagtail hooks)."""

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import ngettext

from .choices import ReactionStatus
from .forms import ReactionForm
from .models import Reaction

SESSION_KEY = "contributions_mine"


def reactions_section(page, request) -> str:
    """The approved reactions under `page`, the reader's own pending ones, and the form.

    Two queries at most, whatever the number of reactions.
    """
    if not getattr(page, "accepts_reactions", False) or not page.pk:
        return ""
    is_open = bool(page.reactions_allowed() and page.live)
    approved = list(
        Reaction.objects.filter(page_id=page.pk, status=ReactionStatus.APPROVED)
        .only("author_name", "body", "created_at")
        .order_by("created_at", "pk")
    )
    mine_ids = []
    if request is not None and hasattr(request, "session"):
        mine_ids = [pk for pk in request.session.get(SESSION_KEY, []) if isinstance(pk, int)]
    mine = []
    if mine_ids:
        mine = list(
            Reaction.objects.filter(
                pk__in=mine_ids, page_id=page.pk, status=ReactionStatus.PENDING
            ).only("author_name", "body", "created_at")
        )
    form = getattr(request, "contributions_form", None) if request is not None else None
    if form is None and is_open:
        form = ReactionForm(page=page)
    notice = getattr(request, "contributions_notice", "") if request is not None else ""
    if not (approved or mine or is_open or notice):
        return ""
    return render_to_string(
        "contributions/reactions_section.html",
        {
            "page": page,
            "reactions": approved,
            "mine": mine,
            "form": form if is_open else None,
            "is_open": is_open,
            "notice": notice,
        },
        request=request,
    )


def approved_counts(request) -> dict[int, int]:
    """{page id: approved reactions}, computed once per request in one grouped query."""
    cached = getattr(request, "_contributions_counts", None) if request is not None else None
    if cached is not None:
        return cached
    counts = dict(
        Reaction.objects.filter(status=ReactionStatus.APPROVED)
        .order_by()
        .values_list("page_id")
        .annotate(total=Count("pk"))
        .values_list("page_id", "total")
    )
    if request is not None:
        request._contributions_counts = counts
    return counts


def reaction_count_badge(page, request) -> str:
    """ "3 réactions" on a page's card in listings; nothing for types without reactions."""
    if not getattr(page, "accepts_reactions", False):
        return ""
    count = approved_counts(request).get(page.pk, 0)
    if not count:
        return ""
    label = ngettext("%(count)s reaction", "%(count)s reactions", count) % {"count": count}
    return render_to_string("contributions/card_count.html", {"label": label})
