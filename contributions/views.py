"""The public side: a reader's POST (works without JavaScript), then back to the page."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from site_core.models import BasePage

from . import services
from .choices import SpamReason
from .display import SESSION_KEY
from .forms import ReactionForm
from .spam import client_ip, make_token

SESSION_KEEP = 20


def reactable_page(page_id):
    """The live BasePage a reaction may target, or 404 (drafts, other models, hidden pages)."""
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    if not isinstance(page, BasePage) or not page.accepts_reactions:
        raise Http404
    return page


def render_page(request, page, *, status, form=None, notice=""):
    """The page itself, with the bound form (the reader's text) or a notice in its footer."""
    request.contributions_form = form
    request.contributions_notice = notice
    route = page.route(request, [])
    response = route.page.serve(request, *route.args, **route.kwargs)
    response.status_code = status
    return response


@require_POST
def post_reaction(request, page_id):
    page = reactable_page(page_id)
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404
    if not page.reactions_allowed():
        notice = _("Reactions are closed on this page: yours has not been recorded.")
        return render_page(request, page, status=403, notice=notice)

    form = ReactionForm(request.POST, page=page)
    if not form.is_valid():
        return render_page(request, page, status=400, form=form)

    reaction = services.receive(
        page,
        form.cleaned_data,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if reaction.spam_reason:
        data = request.POST.copy()
        if reaction.spam_reason == SpamReason.BAD_TOKEN:
            data["token"] = make_token(page.pk)
        data["website"] = ""
        form = ReactionForm(data, page=page)
        form.is_valid()
        form.add_error(
            None,
            services.refusal_message(
                reaction.spam_reason, form.cleaned_data.get("body", ""), reaction.author_name
            ),
        )
        status = 429 if reaction.spam_reason == SpamReason.RATE_LIMITED else 400
        return render_page(request, page, status=status, form=form)

    mine = [reaction.pk, *request.session.get(SESSION_KEY, [])][:SESSION_KEEP]
    request.session[SESSION_KEY] = mine
    messages.success(
        request,
        _("Thank you! Your reaction is awaiting moderation."),
    )
    return HttpResponseRedirect((page.get_url(request) or "/") + "#reactions")
