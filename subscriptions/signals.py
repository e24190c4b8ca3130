"""Immediate subscribers hear of a publication once it is committed."""

from django.db import transaction
from wagtail.signals import page_published


def on_published(sender, instance, revision=None, **kwargs):
    from .models import Frequency, Status, Subscription
    from .tasks import send_digests_task

    def enqueue():
        if Subscription.objects.filter(
            status=Status.CONFIRMED, frequency=Frequency.IMMEDIATE
        ).exists():
            send_digests_task.enqueue(Frequency.IMMEDIATE)

    transaction.on_commit(enqueue)


def connect():
    page_published.connect(on_published, dispatch_uid="subscriptions_page_published")
