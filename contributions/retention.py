"""Personal data kept only as long as documented (docs/contributions.md).

- `purge_refused`: submissions the site refused by itself, older than
  `REACTIONS_REFUSED_RETENTION_DAYS`, are deleted;
- `expire_addresses`: IP addresses and browsers of reactions older than
  `REACTIONS_IP_RETENTION_DAYS` are erased;
- `purge_spent_tokens`: ids of spent form tokens (contributions.spam) past their expiry;
- `export_email` / `erase_email`: everything tied to one e-mail address.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from .models import Reaction, SpentFormToken


def purge_refused(now=None) -> int:
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.REACTIONS_REFUSED_RETENTION_DAYS)
    old = Reaction.objects.refused_by_site().filter(created_at__lt=limit)
    _drop_logs(list(old.values_list("pk", flat=True)))
    deleted, _detail = old.delete()
    return deleted


def expire_addresses(now=None) -> int:
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.REACTIONS_IP_RETENTION_DAYS)
    return (
        Reaction.objects.filter(created_at__lt=limit)
        .exclude(ip_address__isnull=True, user_agent="")
        .update(ip_address=None, user_agent="")
    )


def purge_spent_tokens(now=None) -> int:
    """Forget spent tokens that would be refused as expired anyway."""
    deleted, _detail = SpentFormToken.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted


def _drop_logs(pks) -> None:
    if pks:
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Reaction),
            object_id__in=[str(pk) for pk in pks],
        ).delete()


def count_email(email: str) -> int:
    return Reaction.objects.filter(author_email__iexact=email.strip()).count()


def export_email(email: str) -> dict:
    reactions = Reaction.objects.filter(author_email__iexact=email.strip()).select_related("page")
    return {
        "email": email.strip(),
        "reactions": [
            {
                "id": r.pk,
                "page": r.page.title,
                "page_url": r.page.url or "",
                "in_reply_to": r.parent_id,
                "chapter": r.chapter,
                "name": r.author_name,
                "text": r.body,
                "status": r.status,
                "received_at": r.created_at.isoformat(),
                "ip_address": r.ip_address,
                "browser": r.user_agent,
                "reply_emails": r.notify_replies,
            }
            for r in reactions.order_by("created_at", "pk")
        ],
    }


@transaction.atomic
def erase_email(email: str) -> int:
    """Delete every reaction given with `email` (their replies with them) and their log lines."""
    reactions = Reaction.objects.filter(author_email__iexact=email.strip())
    pks = list(reactions.values_list("pk", flat=True))
    pks += list(Reaction.objects.filter(parent_id__in=pks).values_list("pk", flat=True))
    _drop_logs(pks)
    deleted = 0
    for reaction in Reaction.objects.filter(pk__in=pks).order_by("-parent_id"):
        reaction.delete()
        deleted += 1
    return deleted
