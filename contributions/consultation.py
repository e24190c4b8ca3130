"""A consultation seen by its editors: reactions grouped by chapter, and the export for the
committee's synthesis (CSV and OpenDocument spreadsheet, written by `site_core.tabular`)."""

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .choices import ReactionStatus
from .forms import page_chapters
from .models import Reaction

WHOLE_DOCUMENT = ""


def whole_document_label() -> str:
    return _("On the whole document")


def chapter_headings(page) -> dict[str, str]:
    """{block id: heading} in the page's order, "" (the whole document) first."""
    headings = {WHOLE_DOCUMENT: whole_document_label()}
    headings.update({key: heading for key, _anchor, heading in page_chapters(page)})
    return headings


def order_by_chapter(reactions, headings: dict[str, str]):
    """Reactions in the chapters' order (the whole document first, unknown chapters last)."""
    position = Case(
        *[When(chapter=key, then=Value(number)) for number, key in enumerate(headings)],
        default=Value(len(headings)),
        output_field=IntegerField(),
    )
    return reactions.annotate(chapter_position=position).order_by(
        "chapter_position", "chapter", "created_at", "pk"
    )


def chapter_counts(reactions, headings: dict[str, str]) -> list[tuple[str, str, int]]:
    """(block id, heading, count) of every chapter, those without reactions included."""
    counts = dict(
        reactions.order_by()
        .values_list("chapter")
        .annotate(n=Count("pk"))
        .values_list("chapter", "n")
    )
    rows = [(key, heading, counts.pop(key, 0)) for key, heading in headings.items()]
    # Reactions on a chapter that has since been removed from the page.
    rows += [(key, _("Removed chapter"), count) for key, count in sorted(counts.items())]
    return rows


# --- Export ------------------------------------------------------------------------------------
def export_columns() -> list[str]:
    return [
        _("Chapter"),
        _("Date"),
        _("Author"),
        _("Text"),
        _("Status"),
        _("Replies and answers"),
    ]


def _reply_line(reply) -> str:
    if reply.as_group:
        who = _("%(name)s (answer from the group)") % {"name": reply.author_name}
    else:
        who = reply.author_name
    return _("%(who)s: %(text)s") % {"who": who, "text": reply.body}


def export_rows(page):
    """One row per reaction given on `page` (spam left out), its approved replies in one cell."""
    headings = chapter_headings(page)
    statuses = dict(ReactionStatus.choices)
    threads = order_by_chapter(
        Reaction.objects.filter(page_id=page.pk, parent__isnull=True).exclude(
            status=ReactionStatus.SPAM
        ),
        headings,
    )
    replies: dict[int, list[str]] = {}
    for reply in Reaction.objects.filter(
        page_id=page.pk, parent__isnull=False, status=ReactionStatus.APPROVED
    ).order_by("created_at", "pk"):
        replies.setdefault(reply.parent_id, []).append(_reply_line(reply))
    for reaction in threads.iterator():
        yield [
            headings.get(reaction.chapter, _("Removed chapter")),
            reaction.created_at,
            reaction.author_name,
            reaction.body,
            str(statuses.get(reaction.status, reaction.status)),
            "\n".join(replies.get(reaction.pk, [])),
        ]


def export_filename(page, extension: str) -> str:
    return f"consultation-{slugify(page.slug) or page.pk}.{extension}"
