"""The public side: a reader's POST (works without JavaScript), then back to the page.

The reader is sent back to the page (post/redirect/get): the outcome (thanks, errors with the text
kept, a refusal in plain French) waits in their session and is shown by the per-reader fragment
of the page, so it works on pages served from the page cache. A post without the reader's nonce
cookie (a browser that keeps no cookie) cannot carry its text through a session: the page is
shown again in the response itself, with the text and a French explanation.

The post needs no CSRF token: the fill-time token, signed, single-use and bound to the nonce of a
SameSite=Lax cookie, refuses a cross-site post (it arrives without the cookie) as CSRF would, and
lets a reader without cookies reach the view that gives their text back (contributions/spam.py).
"""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page

from site_core.models import BasePage
from site_core.params import get_int

from . import services
from .choices import SpamReason
from .display import (
    DRAFT_ATTRIBUTE,
    DRAFT_SESSION_KEY,
    NOTICE_SESSION_KEY,
    SESSION_KEY,
    reply_target,
)
from .forms import ReactionForm
from .models import STORED_BODY_MAX
from .notifications import reaction_for_unsubscribe
from .spam import client_ip, reader_nonce

SESSION_KEEP = 20
DRAFT_FIELDS = ("author_name", "author_email", "body", "chapter", "notify_replies", "parent")


def reactable_page(page_id):
    """The live BasePage a reaction may target, or 404 (drafts, other models, hidden pages)."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not isinstance(page, BasePage) or not page.accepts_reactions:
        raise Http404
    return page


def back_to_page(request, page, *, draft=None, notice=""):
    """Redirect to the page; `draft` (the reader's text and the errors) or `notice` wait in the
    session for the page's fragment."""
    if draft is not None:
        request.session[DRAFT_SESSION_KEY] = {"page": page.pk, **draft}
    if notice:
        request.session[NOTICE_SESSION_KEY] = {"page": page.pk, "text": notice}
    anchor = "#reactions-form" if draft is not None else "#reactions"
    return HttpResponseRedirect((page.get_url(request) or "/") + anchor)


def give_back(request, page, nonce, *, data, errors):
    """The reader's text and the errors, shown with the page's form: after a redirect through
    the session, or, for a post that came without the nonce cookie, in this very response."""
    if nonce:
        return back_to_page(request, page, draft={"data": data, "errors": errors})
    setattr(request, DRAFT_ATTRIBUTE, {"page": page.pk, "data": data, "errors": errors})
    response = page.serve(request)
    if hasattr(response, "render"):
        response.render()
    response.status_code = 400
    return response


def _draft_data(post) -> dict:
    data = {name: post.get(name, "") for name in DRAFT_FIELDS}
    data["body"] = data["body"][:STORED_BODY_MAX]
    return data


@csrf_exempt  # the nonce-bound, single-use fill-time token protects the post (module docstring)
def post_reaction(request, page_id):
    if request.method != "POST":
        # Someone followed the form's address: the page is where the form lives.
        page = reactable_page(page_id)
        return HttpResponseRedirect((page.get_url(request) or "/") + "#reactions-form", status=303)
    page = reactable_page(page_id)
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    if not page.reactions_allowed():
        return back_to_page(
            request,
            page,
            notice=_("Reactions are closed on this page: yours has not been recorded."),
        )
    parent_id = get_int(request.POST, "parent", minimum=1)
    parent = reply_target(page, parent_id)
    if parent_id and parent is None:
        return back_to_page(
            request,
            page,
            notice=_(
                "The reaction you replied to is no longer shown: your reply has not been sent."
            ),
        )

    nonce = reader_nonce(request)
    form = ReactionForm(request.POST, page=page, parent=parent)
    if not form.is_valid():
        return give_back(request, page, nonce, data=_draft_data(request.POST), errors=[])

    reaction = services.receive(
        page,
        form.cleaned_data,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        nonce=nonce,
        parent=parent,
    )
    if reaction.spam_reason:
        if reaction.spam_reason == SpamReason.BAD_TOKEN and not nonce:
            message = str(services.NO_COOKIE_MESSAGE)
        else:
            message = services.refusal_message(
                reaction.spam_reason, form.cleaned_data.get("body", ""), reaction.author_name
            )
        return give_back(request, page, nonce, data=_draft_data(request.POST), errors=[message])

    mine = [reaction.pk, *request.session.get(SESSION_KEY, [])][:SESSION_KEEP]
    request.session[SESSION_KEY] = mine
    thanks = (
        _("Thank you! Your reply is awaiting moderation.")
        if parent
        else _("Thank you! Your reaction is awaiting moderation.")
    )
    return back_to_page(request, page, notice=thanks)


@csrf_exempt  # the signed token in the URL is the authorisation (RFC 8058 one-click POST)
def unsubscribe(request, token):
    """Stop reply e-mails for one reaction: a button (GET), or one click from the mail client."""
    reaction = reaction_for_unsubscribe(token)
    if reaction is None:
        response = TemplateResponse(request, "contributions/unsubscribe.html", {"invalid": True})
        response.status_code = 404
        return response
    if request.method == "POST":
        if reaction.notify_replies:
            reaction.notify_replies = False
            reaction.save(update_fields=["notify_replies"])
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(status=204)
        return TemplateResponse(
            request, "contributions/unsubscribe.html", {"reaction": reaction, "done": True}
        )
    return TemplateResponse(
        request,
        "contributions/unsubscribe.html",
        {"reaction": reaction, "done": not reaction.notify_replies},
    )
