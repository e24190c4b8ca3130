"""French e-mail to the people who may publish a page when a reaction arrives under it."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from wagtail.permission_policies.pages import PagePermissionPolicy

logger = logging.getLogger("maillage.contributions")


def page_editors(page):
    """Active users with an e-mail address who may publish `page` (hence moderate under it)."""
    include_superusers = getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True)
    return (
        PagePermissionPolicy()
        .users_with_permission_for_instance("publish", page, include_superusers=include_superusers)
        .exclude(email="")
        .order_by("pk")
    )


def notify_editors(reaction) -> int:
    """Send one message per editor (no address is disclosed to the others); returns the count.

    A mail failure is logged and never loses the reaction, which is already stored.
    """
    page = reaction.page.specific
    recipients = list(page_editors(page))
    if not recipients:
        return 0
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "reaction": reaction,
        "page": page,
        "page_url": page.get_full_url() or "",
        "review_url": base_url + reverse("contributions_admin:detail", args=[reaction.pk]),
        "queue_url": base_url + reverse("contributions_admin:index"),
    }
    with translation.override("fr"):
        subject = render_to_string("contributions/email/new_reaction_subject.txt", context)
        subject = " ".join(subject.split())
        text = render_to_string("contributions/email/new_reaction.txt", context)
        html = render_to_string("contributions/email/new_reaction.html", context)
    messages = []
    for user in recipients:
        message = EmailMultiAlternatives(subject, text, to=[user.email])
        message.attach_alternative(html, "text/html")
        messages.append(message)
    try:
        return mailers.default.send_messages(messages) or 0
    except Exception:
        logger.exception("Could not notify the editors of reaction %s", reaction.pk)
        return 0


# --- Replies -----------------------------------------------------------------------------------
UNSUBSCRIBE_SALT = "contributions.reply-unsubscribe"


def unsubscribe_token(reaction) -> str:
    return signing.dumps({"r": reaction.pk, "e": reaction.author_email}, salt=UNSUBSCRIBE_SALT)


def reaction_for_unsubscribe(token: str):
    """The reaction whose author asked for reply e-mails, from a link's token, or None."""
    from .models import Reaction

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        pk, email = int(data["r"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return Reaction.objects.filter(pk=pk, author_email=email).first()


def notify_reply_author(reply) -> bool:
    """Tell the author of the reaction `reply` answers (if they opted in), once per reply."""
    from .models import Reaction

    parent = reply.parent
    if parent is None or not parent.notify_replies or not parent.author_email:
        return False
    # Claim the reply first: two processes approving at once send one message.
    claimed = Reaction.objects.filter(pk=reply.pk, reply_notified=False).update(reply_notified=True)
    if not claimed:
        return False
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    unsubscribe_url = base_url + reverse(
        "contributions:unsubscribe", args=[unsubscribe_token(parent)]
    )
    page = parent.page.specific
    context = {
        "reply": reply,
        "parent": parent,
        "page": page,
        "reply_url": (page.get_full_url() or base_url) + f"#reaction-{reply.pk}",
        "unsubscribe_url": unsubscribe_url,
    }
    with translation.override("fr"):
        subject = render_to_string("contributions/email/new_reply_subject.txt", context)
        subject = " ".join(subject.split())
        text = render_to_string("contributions/email/new_reply.txt", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[parent.author_email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        return bool(mailers.default.send_messages([message]))
    except Exception:
        logger.exception("Could not tell the author of reaction %s about a reply", parent.pk)
        return False
