"""Demo subscribers in each state. Confirmed ones date from weeks ago, so that
`make digests` (`manage.py send_digests`, console mailer in `make run`'s settings) prints their
digests of the demo publications at once."""

import datetime

from django.utils import timezone

from site_core.models import Theme
from site_core.syndication import (
    GROUP,
    SITE,
    THEME,
    FollowTarget,
    find_group,
    group_models,
    resolve,
)

from .models import Frequency, Status, Subscription


def _targets():
    targets = [FollowTarget(SITE)]
    theme = Theme.objects.order_by("sort_order", "name").first()
    if theme is not None:
        targets.append(FollowTarget(THEME, theme.slug))
    models = group_models()
    if models:
        from wagtail.models import Page

        first = Page.objects.live().public().type(*models).order_by("path").first()
        if first is not None and find_group(first.slug) is not None:
            targets.append(FollowTarget(GROUP, first.slug))
    return targets


def load(ctx):
    now = timezone.now()
    weeks_ago = now - datetime.timedelta(days=45)
    rows = [
        ("camille.demo@exemple.org", Frequency.WEEKLY, Status.CONFIRMED),
        ("sacha.demo@exemple.org", Frequency.MONTHLY, Status.CONFIRMED),
        ("dominique.demo@exemple.org", Frequency.IMMEDIATE, Status.PENDING),
        ("alix.demo@exemple.org", Frequency.WEEKLY, Status.UNSUBSCRIBED),
    ]
    created = 0
    for target in _targets():
        resolved = resolve(target)
        if resolved is None:
            continue
        for email, frequency, status in rows:
            _, made = Subscription.objects.get_or_create(
                email=email,
                kind=target.kind,
                key=target.key,
                defaults={
                    "label": resolved.title[:255],
                    "frequency": frequency,
                    "status": status,
                    "confirmed_at": weeks_ago if status != Status.PENDING else None,
                    "unsubscribed_at": now if status == Status.UNSUBSCRIBED else None,
                },
            )
            created += made
    ctx.created += created
    if created:
        ctx.log(
            f"Abonnés de démonstration : {created} abonnement(s) (en attente, confirmés, désabonnés)."
        )
