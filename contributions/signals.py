"""Thin receivers: the stored counter and reply e-mails follow a reaction's status.

A reaction's post_save is also the event the page cache sees (it listens to models by label).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import counters
from .choices import ReactionStatus
from .models import Reaction


def _touches_approved(instance) -> bool:
    return ReactionStatus.APPROVED in (instance.status, getattr(instance, "_loaded_status", None))


@receiver(post_save, sender=Reaction, dispatch_uid="contributions_reaction_saved")
def reaction_saved(sender, instance, created, **kwargs):
    if _touches_approved(instance):
        counters.refresh(instance.page_id)
    became_approved = (
        instance.status == ReactionStatus.APPROVED
        and instance._loaded_status != ReactionStatus.APPROVED
    )
    instance._loaded_status = instance.status
    if became_approved and instance.parent_id and not instance.reply_notified:
        from .notifications import notify_reply_author

        transaction.on_commit(lambda: notify_reply_author(instance))


@receiver(post_delete, sender=Reaction, dispatch_uid="contributions_reaction_deleted")
def reaction_deleted(sender, instance, origin=None, **kwargs):
    # A page being deleted takes its counter with it: refresh only when reactions were deleted.
    origin_model = (
        origin.__class__ if isinstance(origin, Reaction) else getattr(origin, "model", None)
    )
    if origin_model is Reaction and _touches_approved(instance):
        counters.refresh(instance.page_id)
