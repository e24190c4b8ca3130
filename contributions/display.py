"""What readers see under a page and in listings (called from the Wagtail hooks).

The section under a page is cacheable: the approved reactions (paginated, with their replies) are
the same for every reader. Everything that belongs to one reader (the form with its CSRF and
fill-time tokens, the reader's pending reactions, notices, the form's errors) is the fragment
``contributions.form``, rendered per response even when the page comes from the page cache
(`site_core.fragments`).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import ngettext
from wagtail.models import Page

from site_core.params import get_int, get_page_number, get_text
from site_core.site_data import kept, kept_html

from . import counters, spam
from .choices import ReactionOrder, ReactionStatus
from .forms import ReactionForm, page_chapters
from .models import Reaction

SESSION_KEY = "contributions_mine"
DRAFT_SESSION_KEY = "contributions_draft"
NOTICE_SESSION_KEY = "contributions_notice"
# The reader's text and errors given back in the response to their post itself (a reader whose
# browser keeps no cookie has no session to carry them through a redirect).
DRAFT_ATTRIBUTE = "_contributions_draft"
FRAGMENT_NAME = "contributions.form"
PAGE_PARAM = "reactions"
ORDER_PARAM = "ordre"
CHAPTER_PARAM = "chapitre"
REPLY_PARAM = "repondre"
PAGES_ATTRIBUTE = "_contributions_pages"


def _remember_page(request, page):
    if request is not None:
        pages = getattr(request, PAGES_ATTRIBUTE, None)
        if pages is None:
            pages = {}
            setattr(request, PAGES_ATTRIBUTE, pages)
        pages[page.pk] = page


def is_open(page) -> bool:
    return bool(page.reactions_allowed() and page.live)


def chosen_chapter(request, chapters) -> str:
    value = get_text(request.GET, CHAPTER_PARAM, max_length=64) if request is not None else ""
    return value if value in {key for key, _anchor, _heading in chapters} else ""


def reactions_section(page, request) -> str:
    """The approved reactions under `page` (a page of threads, with their approved replies) and
    the per-reader fragment with the form. Four queries, whatever the number of reactions."""
    if not getattr(page, "accepts_reactions", False) or not page.pk:
        return ""
    _remember_page(request, page)
    chapters = page_chapters(page)
    params = request.GET if request is not None else {}
    chapter = chosen_chapter(request, chapters)
    order = get_text(params, ORDER_PARAM, max_length=20)
    if order not in ReactionOrder.values:
        order = ReactionOrder.OLDEST
    number = get_page_number(params, PAGE_PARAM)

    def build():
        return _section(page, request, chapters, chapter, order, number)

    # The same for every reader (the form is a fragment of its own): kept under the stamp, which
    # a reaction's approval or removal renews.
    return kept_html(request, f"reactions:{page.pk}:{chapter}:{order}:{number}", build)


def _section(page, request, chapters, chapter, order, number) -> str:
    open_now = is_open(page)
    counter = counters.counter_for(request, page.pk)
    if counter is None and not open_now:
        return ""
    headings = {key: (anchor, heading) for key, anchor, heading in chapters}
    sort = ("created_at", "pk") if order == ReactionOrder.OLDEST else ("-created_at", "-pk")

    threads = Reaction.objects.filter(
        page_id=page.pk, status=ReactionStatus.APPROVED, parent__isnull=True
    )
    if chapter:
        threads = threads.filter(chapter=chapter)
    threads = threads.only("author_name", "body", "created_at", "chapter", "as_group").order_by(
        *sort
    )
    paginator = Paginator(threads, settings.REACTIONS_PER_PAGE)
    if not chapter:
        # The stored counter has the number of approved threads: no COUNT query.
        paginator.count = counter.threads if counter is not None else 0
    page_obj = paginator.get_page(number)
    shown = list(page_obj.object_list)
    replies: dict[int, list] = {}
    if shown:
        for reply in (
            Reaction.objects.filter(
                parent_id__in=[r.pk for r in shown], status=ReactionStatus.APPROVED
            )
            .only("parent_id", "author_name", "body", "created_at", "as_group")
            .order_by("created_at", "pk")
        ):
            replies.setdefault(reply.parent_id, []).append(reply)
    for reaction in shown:
        reaction.shown_replies = replies.get(reaction.pk, [])
        reaction.chapter_anchor, reaction.chapter_heading = headings.get(reaction.chapter, ("", ""))
    return render_to_string(
        "contributions/reactions_section.html",
        {
            "page": page,
            "reactions": shown,
            "page_obj": page_obj,
            "total": counter.approved if counter else 0,
            "is_open": open_now,
            "order": order,
            "orders": ReactionOrder,
            "chapter": chapter,
            "chapter_heading": headings.get(chapter, ("", ""))[1],
            "fragment_name": FRAGMENT_NAME,
            "page_param": PAGE_PARAM,
        },
        request=request,
    )


# --- The per-reader fragment -------------------------------------------------------------------
def _fragment_page(request, page_id: str):
    pk = get_int({"pk": page_id}, "pk", minimum=1)
    if pk is None:
        return None
    page = (getattr(request, PAGES_ATTRIBUTE, None) or {}).get(pk)
    if page is None:
        # A stored page's fragment: the page itself is kept under the stamp (an unpublish or a
        # change renews it), so that a hit reads nothing from the database.
        page = kept(request, f"fragment-page:{pk}", lambda: _live_page(pk))
    if page is None or not getattr(page, "accepts_reactions", False):
        return None
    return page


def _live_page(pk: int):
    found = Page.objects.live().filter(pk=pk).first()
    return found.specific if found is not None else None


def reply_target(page, pk) -> Reaction | None:
    """The approved top-level reaction of `page` a reply may answer, or None."""
    if not pk:
        return None
    return (
        Reaction.objects.filter(
            pk=pk, page_id=page.pk, status=ReactionStatus.APPROVED, parent__isnull=True
        )
        .only("pk", "author_name", "chapter", "page_id", "notify_replies", "author_email")
        .first()
    )


def render_form_fragment(request, page_id: str) -> SafeString:
    """The form (fresh single-use token each time), the reader's notices and pending reactions."""
    page = _fragment_page(request, page_id)
    if page is None or request is None:
        return SafeString("")
    session = getattr(request, "session", None)
    draft = getattr(request, DRAFT_ATTRIBUTE, None)
    notice = ""
    if draft is not None and draft.get("page") != page.pk:
        draft = None
    if session is not None and draft is None:
        stored = session.get(DRAFT_SESSION_KEY)
        if isinstance(stored, dict) and stored.get("page") == page.pk:
            draft = session.pop(DRAFT_SESSION_KEY)
        stored_notice = session.get(NOTICE_SESSION_KEY)
        if isinstance(stored_notice, dict) and stored_notice.get("page") == page.pk:
            notice = str(session.pop(NOTICE_SESSION_KEY).get("text", ""))
    mine = []
    mine_ids = [
        pk for pk in (session.get(SESSION_KEY, []) if session else []) if isinstance(pk, int)
    ]
    if mine_ids:
        mine = list(
            Reaction.objects.filter(
                pk__in=mine_ids, page_id=page.pk, status=ReactionStatus.PENDING
            ).only("author_name", "body", "created_at", "parent_id")
        )
    open_now = is_open(page)
    form = None
    parent = None
    if open_now:
        if draft is not None:
            data = dict(draft.get("data") or {})
            parent = reply_target(page, get_int(data, "parent", minimum=1))
            data["token"] = spam.make_token(page.pk, spam.form_nonce(request))
            data["website"] = ""
            form = ReactionForm(data, page=page, parent=parent)
            form.is_valid()
            for message in draft.get("errors") or []:
                form.add_error(None, message)
        else:
            parent = reply_target(page, get_int(request.GET, REPLY_PARAM, minimum=1))
            chapter = chosen_chapter(request, page_chapters(page))
            token = spam.make_token(page.pk, spam.form_nonce(request))
            if not mine and not notice:
                # A blank form is the same for every reader but for its token: its HTML is kept
                # under the page cache's stamp with a stand-in, replaced by this reader's token.
                name = f"reaction-form:{page.pk}:{parent.pk if parent else 0}:{chapter}"
                html = kept(
                    request,
                    name,
                    lambda: _render_form(
                        page, _blank_form(page, parent, chapter, TOKEN_STAND_IN), parent=parent
                    ),
                )
                return SafeString(html.replace(TOKEN_STAND_IN, token))
            form = _blank_form(page, parent, chapter, token)
    return _render_form(page, form, parent=parent, mine=mine, notice=notice, is_open=open_now)


# Written where a kept blank form's token goes (site_data.kept): never a signed token's text.
TOKEN_STAND_IN = "maillage-reaction-token-stand-in"  # noqa: S105 - no secret


def _blank_form(page, parent, chapter, token) -> ReactionForm:
    form = ReactionForm(page=page, parent=parent)
    form.initial["token"] = token
    if chapter and "chapter" in form.fields:
        form.initial["chapter"] = chapter
    return form


def _render_form(page, form, *, parent=None, mine=(), notice="", is_open=True) -> str:
    return render_to_string(
        "contributions/reactions_form.html",
        {
            "page": page,
            "form": form,
            "parent": parent,
            "mine": mine,
            "notice": notice,
            "is_open": is_open,
        },
        # No request: the template needs none (no CSRF token, the fill-time token is the form's
        # protection), and the context processors (navigation: two queries) would run for every
        # reader of a stored page.
    )


# --- Cards and tables of contents --------------------------------------------------------------
def reactions_label(count: int) -> str:
    return ngettext("%(count)s reaction", "%(count)s reactions", count) % {"count": count}


def approved_counts(request, pages=None) -> dict[int, int]:
    """{page id: approved reactions} from the stored counters, one query per request."""
    rows = counters.counters_for(request, [p.pk for p in pages] if pages is not None else None)
    return {pk: row.approved for pk, row in rows.items() if row is not None}


def reaction_count_badges(pages, request) -> dict[int, str]:
    """The badges of a whole batch of cards at once (one query for the batch)."""
    pages = [p for p in pages if getattr(p, "accepts_reactions", False)]
    counts = approved_counts(request, pages)
    return {
        pk: render_to_string("contributions/card_count.html", {"label": reactions_label(count)})
        for pk, count in counts.items()
        if count
    }


def chapter_entry(page, chapter_id, request) -> str:
    """After a chapter's entry in a white paper's table of contents: its reactions, a link to
    them and, during the consultation, a link to react to it."""
    if not getattr(page, "accepts_reactions", False) or not chapter_id:
        return ""
    headings = {key: heading for key, _anchor, heading in page_chapters(page)}
    if chapter_id not in headings:
        return ""
    counter = counters.counter_for(request, page.pk)
    count = (counter.by_chapter or {}).get(chapter_id, 0) if counter else 0
    open_now = is_open(page)
    if not count and not open_now:
        return ""
    return render_to_string(
        "contributions/toc_entry.html",
        {
            "count": count,
            "label": reactions_label(count),
            "chapter_id": chapter_id,
            "heading": headings[chapter_id],
            "is_open": open_now,
            "chapter_param": CHAPTER_PARAM,
        },
        request=request,
    )
