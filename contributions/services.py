"""Receiving a reaction and moderating it: the rules in one place, shared by views and demo."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from . import spam
from .choices import ReactionStatus, SpamReason
from .models import REFUSED_BODY_MAX, STORED_BODY_MAX, Reaction
from .notifications import notify_editors

logger = logging.getLogger("maillage.contributions")

LOG_RECEIVED = "contributions.reaction.received"
LOG_ANSWERED = "contributions.reaction.answer"
LOG_ACTIONS = {
    ReactionStatus.APPROVED: "contributions.reaction.approve",
    ReactionStatus.REJECTED: "contributions.reaction.reject",
    ReactionStatus.SPAM: "contributions.reaction.spam",
    ReactionStatus.PENDING: "contributions.reaction.pending",
}

# What the reader reads when the site refuses a reaction (it is kept all the same).
REFUSAL_MESSAGES = {
    SpamReason.HONEYPOT: _(
        "Your reaction looks like an automated submission: a field meant to stay empty was "
        "filled in. It has been kept and the editorial team will look at it."
    ),
    SpamReason.BAD_TOKEN: _(
        "The form had expired or was altered (your browser may refuse cookies, which this form "
        "needs). Your reaction has been kept for the editorial team; check your text below and "
        "send it again."
    ),
    SpamReason.REPLAYED: _(
        "This form had already been sent once. Your reaction has been kept for the editorial "
        "team; check your text below and send it again with this new form."
    ),
    SpamReason.TOO_FAST: _(
        "The form was sent a few seconds after the page was shown, as robots do. Your reaction "
        "has been kept for the editorial team; if you are a person, wait a moment and send it "
        "again."
    ),
    SpamReason.RATE_LIMITED: _(
        "Too many reactions have been sent to this page from your connection in a short time. "
        "Your reaction has been kept for the editorial team; please try again in a few minutes."
    ),
    SpamReason.SITE_RATE_LIMITED: _(
        "Too many reactions have been sent from your connection in the last hour. Your reaction "
        "has been kept for the editorial team; please try again later."
    ),
    SpamReason.TOO_LONG: _(
        "Your reaction is too long (%(length)s characters, at most %(max)s). Shorten it and send "
        "it again; this version has been kept for the editorial team."
    ),
    SpamReason.TOO_MANY_LINKS: _(
        "Your reaction contains %(links)s links; at most %(max_links)s are accepted. Remove some "
        "and send it again; this version has been kept for the editorial team."
    ),
}

# A form sent without the reader's nonce cookie: their browser refuses cookies, or the cookie
# expired (spam.NONCE_MAX_AGE).
NO_COOKIE_MESSAGE = _(
    "Your browser did not send back the cookie this form needs: it may refuse cookies for this "
    "site. Your reaction has been kept for the editorial team and your text is below: allow "
    "cookies for this site, then send it again."
)


def refusal_message(reason: str, body: str = "", name: str = "") -> str:
    return str(REFUSAL_MESSAGES[reason]) % {
        "length": len(body),
        "max": spam.MAX_LENGTH,
        "links": spam.count_links(name, body),
        "max_links": spam.MAX_LINKS,
    }


def _keep_refused(ip) -> bool:
    """Whether one more refused submission from `ip` may be stored this hour (a flood is only
    counted in the log beyond `REACTIONS_REFUSED_KEEP_PER_HOUR`)."""
    count = spam.count_hit("refused", ip, window=3600)
    return count is None or count <= settings.REACTIONS_REFUSED_KEEP_PER_HOUR


def receive(page, cleaned_data, *, ip=None, user_agent="", nonce="", parent=None):
    """Screen and store one submission; pending ones are announced to the page's editors.

    Returns the reaction (saved, or unsaved when a flood's refused copy was not kept).
    """
    name = cleaned_data["author_name"].strip()
    body = cleaned_data["body"]
    reason = spam.screen(
        honeypot=cleaned_data.get("website") or "",
        token=cleaned_data.get("token") or "",
        nonce=nonce,
        page_id=page.pk,
        ip=ip,
        name=name,
        body=body,
    )
    reaction = Reaction(
        page=page,
        parent=parent,
        chapter=parent.chapter if parent is not None else (cleaned_data.get("chapter") or ""),
        author_name=name,
        author_email=cleaned_data.get("author_email") or "",
        notify_replies=bool(cleaned_data.get("notify_replies")) and parent is None,
        body=body[: REFUSED_BODY_MAX if reason else STORED_BODY_MAX],
        body_length=len(body),
        status=ReactionStatus.SPAM if reason else ReactionStatus.PENDING,
        spam_reason=reason,
        ip_address=ip,
        user_agent=(user_agent or "")[:255],
    )
    if reason and not _keep_refused(ip):
        logger.warning("Refused reaction not stored (flood): page %s, reason %s", page.pk, reason)
        return reaction
    reaction.save()
    log(instance=reaction, action=LOG_RECEIVED, data={"status": reaction.status, "reason": reason})
    if not reason:
        transaction.on_commit(lambda: notify_editors(reaction))
    return reaction


def group_label(page) -> str:
    """Who answers "as the group" under `page`: its working group, else the committee."""
    group = getattr(page.specific, "group_page", None)
    if group is not None:
        short = getattr(group, "short_name", "") or group.title
        return str(_("%(group)s team") % {"group": short})
    return str(_("The editorial committee"))


@transaction.atomic
def answer_as_group(reaction, body: str, user) -> Reaction:
    """An editor's answer under an approved top-level reaction, published at once."""
    parent = reaction if reaction.parent_id is None else reaction.parent
    answer = Reaction.objects.create(
        page_id=parent.page_id,
        parent=parent,
        chapter=parent.chapter,
        author_name=group_label(parent.page),
        as_group=True,
        body=body,
        body_length=len(body),
        status=ReactionStatus.APPROVED,
        moderated_by=user,
        moderated_at=timezone.now(),
    )
    log(instance=answer, action=LOG_ANSWERED, user=user, data={"parent": parent.pk})
    return answer


def moderate(reactions, status, user) -> int:
    """Apply a moderator's decision to each reaction and log it; returns how many changed."""
    changed = 0
    for reaction in reactions:
        if reaction.status == status:
            continue
        previous = reaction.status
        reaction.set_status(status, user)
        log(
            instance=reaction,
            action=LOG_ACTIONS[status],
            user=user,
            data={"from": previous, "to": status},
        )
        changed += 1
    return changed
