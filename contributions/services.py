"""Receiving a reaction and moderating it: the rules in one place, shared by views and demo."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from . import spam
from .choices import ReactionStatus, SpamReason
from .models import STORED_BODY_MAX, Reaction
from .notifications import notify_editors

LOG_RECEIVED = "contributions.reaction.received"
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
        "The form had expired or was altered. Your reaction has been kept for the editorial "
        "team; check your text below and send it again."
    ),
    SpamReason.TOO_FAST: _(
        "The form was sent a few seconds after the page was shown, as robots do. Your reaction "
        "has been kept for the editorial team; if you are a person, wait a moment and send it "
        "again."
    ),
    SpamReason.RATE_LIMITED: _(
        "Too many reactions have been sent from your connection in a short time. Your reaction "
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


def refusal_message(reason: str, body: str = "", name: str = "") -> str:
    return str(REFUSAL_MESSAGES[reason]) % {
        "length": len(body),
        "max": spam.MAX_LENGTH,
        "links": spam.count_links(name, body),
        "max_links": spam.MAX_LINKS,
    }


def receive(page, cleaned_data, *, ip=None, user_agent="") -> Reaction:
    """Screen and store one submission; pending ones are announced to the page's editors."""
    name = cleaned_data["author_name"].strip()
    body = cleaned_data["body"]
    reason = spam.screen(
        honeypot=cleaned_data.get("website") or "",
        token=cleaned_data.get("token") or "",
        page_id=page.pk,
        ip=ip,
        name=name,
        body=body,
    )
    reaction = Reaction.objects.create(
        page=page,
        author_name=name,
        author_email=cleaned_data.get("author_email") or "",
        body=body[:STORED_BODY_MAX],
        status=ReactionStatus.SPAM if reason else ReactionStatus.PENDING,
        spam_reason=reason,
        ip_address=ip,
        user_agent=(user_agent or "")[:255],
    )
    log(instance=reaction, action=LOG_RECEIVED, data={"status": reaction.status, "reason": reason})
    if not reason:
        transaction.on_commit(lambda: notify_editors(reaction))
    return reaction


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
