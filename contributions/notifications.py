"""French e-mail to the people who may publish a page when a reaction arrives under it."""

import logging

from django.conf import settings
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
