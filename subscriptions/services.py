"""Subscribe, confirm, unsubscribe, send digests, forget, export and erase."""

import datetime
import json
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from site_core.syndication import absolute, resolve, site_name

from . import tokens
from .models import Frequency, Status, Subscription

logger = logging.getLogger("maillage.subscriptions")

DIGEST_ITEMS = 30
PERIODS = {
    Frequency.IMMEDIATE: datetime.timedelta(0),
    Frequency.WEEKLY: datetime.timedelta(days=7),
    Frequency.MONTHLY: datetime.timedelta(days=30),
}


def links(subscription) -> dict:
    return {
        "confirm_url": absolute(
            reverse("subscriptions:confirm", args=[tokens.confirm_token(subscription)])
        ),
        "unsubscribe_url": absolute(
            reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscription)])
        ),
        "manage_url": absolute(
            reverse("subscriptions:manage", args=[tokens.manage_token(subscription.email)])
        ),
    }


def send(subscription, template: str, context: dict, *, list_headers: bool) -> bool:
    """One French multipart (text + HTML) message to the subscriber, through the configured
    mailer. Digests carry List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 one-click)."""
    context = {
        **context,
        **links(subscription),
        "subscription": subscription,
        "site_name": site_name(),
        "site_url": absolute("/"),
        "from_email": settings.DEFAULT_FROM_EMAIL,
    }
    with translation.override("fr"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    headers = {}
    if list_headers:
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{site_name()} <abonnements.{subscription.kind}>",
        }
    message = EmailMultiAlternatives(subject, text, to=[subscription.email], headers=headers)
    message.attach_alternative(html, "text/html")
    try:
        return bool(mailers.default.send_messages([message]))
    except Exception:
        logger.exception("Could not send %s to subscription %s", template, subscription.pk)
        return False


def subscribe(email: str, target, frequency: str) -> Subscription:
    """Record (or renew) a pending subscription and send its confirmation link. A confirmed one
    is left as it is and its address gets the link to manage it (nothing reveals who is
    subscribed to the person who filled the form)."""
    email = email.strip().lower()
    resolved = resolve(target)
    subscription, created = Subscription.objects.get_or_create(
        email=email,
        kind=target.kind,
        key=target.key,
        defaults={"label": resolved.title[:255], "frequency": frequency},
    )
    if subscription.status == Status.CONFIRMED:
        send(subscription, "subscriptions/email/already", {}, list_headers=False)
        return subscription
    if not created:
        subscription.status = Status.PENDING
        subscription.frequency = frequency
        subscription.label = resolved.title[:255]
        subscription.created_at = timezone.now()
        subscription.save()
    send(subscription, "subscriptions/email/confirm", {}, list_headers=False)
    return subscription


def confirm(subscription) -> None:
    if subscription.status != Status.CONFIRMED:
        subscription.status = Status.CONFIRMED
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])


def unsubscribe(subscription) -> None:
    if subscription.status != Status.UNSUBSCRIBED:
        subscription.status = Status.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])


def new_pages(subscription, *, since, until):
    resolved = resolve(subscription.target)
    if resolved is None:
        return []
    return list(
        resolved.pages.filter(first_published_at__gt=since, first_published_at__lte=until)
        .order_by("-first_published_at", "-pk")
        .specific()[:DIGEST_ITEMS]
    )


def send_digests(frequency: str | None = None, *, now=None) -> int:
    """Send every due digest (of one frequency, or all); returns how many were sent.

    A digest is due when its period has passed since the last one (or the confirmation) and
    something new was published meanwhile; a subscription with nothing new gets nothing.
    """
    now = now or timezone.now()
    due = Subscription.objects.filter(status=Status.CONFIRMED)
    if frequency:
        due = due.filter(frequency=frequency)
    sent = 0
    for subscription in due.order_by("pk"):
        since = subscription.last_sent_at or subscription.confirmed_at
        if since is None or now - since < PERIODS[subscription.frequency]:
            continue
        pages = new_pages(subscription, since=since, until=now)
        if not pages:
            continue
        context = {"pages": pages, "since": since}
        if send(subscription, "subscriptions/email/digest", context, list_headers=True):
            Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
            sent += 1
    return sent


def forget_unconfirmed(*, now=None) -> int:
    """Delete pending subscriptions older than SUBSCRIPTIONS_PENDING_DAYS; returns the count."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.SUBSCRIPTIONS_PENDING_DAYS)
    deleted, _ = Subscription.objects.filter(status=Status.PENDING, created_at__lt=limit).delete()
    return deleted


def export_address(email: str) -> str:
    """Everything stored about `email`, as JSON (RGPD right of access)."""
    return json.dumps(export_data(email), ensure_ascii=False, indent=2)


def export_data(email: str) -> dict:
    """Everything stored about `email` (RGPD right of access)."""
    rows = Subscription.objects.filter(email=email.strip().lower()).order_by("pk")
    return {
        "email": email.strip().lower(),
        "subscriptions": [
            {
                "what": row.get_kind_display(),
                "key": row.key,
                "title": row.label,
                "frequency": row.frequency,
                "status": row.status,
                "created_at": row.created_at.isoformat(),
                "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
                "unsubscribed_at": row.unsubscribed_at.isoformat() if row.unsubscribed_at else None,
                "last_sent_at": row.last_sent_at.isoformat() if row.last_sent_at else None,
            }
            for row in rows
        ],
    }


@transaction.atomic
def erase_address(email: str) -> int:
    """Delete every subscription of `email` (RGPD right to erasure); returns the count."""
    deleted, _ = Subscription.objects.filter(email=email.strip().lower()).delete()
    return deleted
