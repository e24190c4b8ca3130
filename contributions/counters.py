"""The stored count of approved reactions per page (and per chapter).

Replies carry their parent's chapter. Refreshed by `signals.py` when a reaction enters or leaves "approved" (one grouped query over one
page's approved reactions, on the write side); read by listings and tables of contents in one
query per request whatever the number of pages and reactions.
"""

from django.db.models import Count, Q

from .choices import ReactionStatus
from .models import PageReactionCount, Reaction

COUNTS_ATTRIBUTE = "_contributions_counts"


def refresh(page_id: int) -> PageReactionCount:
    rows = (
        Reaction.objects.filter(page_id=page_id, status=ReactionStatus.APPROVED)
        .order_by()
        .values("chapter")
        .annotate(total=Count("pk"), threads=Count("pk", filter=Q(parent__isnull=True)))
    )
    total = threads = 0
    by_chapter = {}
    for row in rows:
        total += row["total"]
        threads += row["threads"]
        if row["chapter"]:
            by_chapter[row["chapter"]] = row["total"]
    counter, _created = PageReactionCount.objects.update_or_create(
        page_id=page_id,
        defaults={"approved": total, "threads": threads, "by_chapter": by_chapter},
    )
    return counter


def refresh_all() -> int:
    """Rebuild every counter (after a bulk import); returns the number of pages."""
    page_ids = set(
        Reaction.objects.approved().order_by().values_list("page_id", flat=True).distinct()
    ) | set(PageReactionCount.objects.values_list("page_id", flat=True))
    for page_id in page_ids:
        refresh(page_id)
    return len(page_ids)


def _memo(request) -> dict:
    memo = getattr(request, COUNTS_ATTRIBUTE, None) if request is not None else None
    if memo is None:
        memo = {"all": False, "rows": {}, "expected": set()}
        if request is not None:
            setattr(request, COUNTS_ATTRIBUTE, memo)
    return memo


def expect(request, page_id: int) -> None:
    """Read `page_id`'s counter with the next batch: the page being served shows its own count
    and cards of other pages, one query serves both."""
    if request is not None:
        _memo(request)["expected"].add(page_id)


def counters_for(request, page_ids=None) -> dict[int, PageReactionCount]:
    """{page id: counter}, one query per request, memoised on the request.

    With `page_ids` (a batch of cards), only those rows are read (with the expected ones, see
    `expect`); without (one card at a time), the non-zero counters of the site are read once:
    one short row per page that has reactions.
    """
    memo = _memo(request)
    if page_ids is not None:
        missing = [pk for pk in page_ids if pk not in memo["rows"]]
        if missing and not memo["all"]:
            wanted = set(missing) | {pk for pk in memo["expected"] if pk not in memo["rows"]}
            found = {c.page_id: c for c in PageReactionCount.objects.filter(page_id__in=wanted)}
            for pk in wanted:
                memo["rows"][pk] = found.get(pk)
        return {pk: memo["rows"].get(pk) for pk in page_ids}
    if not memo["all"]:
        memo["rows"].update(
            {c.page_id: c for c in PageReactionCount.objects.filter(approved__gt=0)}
        )
        memo["all"] = True
    return memo["rows"]


def counter_for(request, page_id: int) -> PageReactionCount | None:
    return counters_for(request, [page_id])[page_id]
