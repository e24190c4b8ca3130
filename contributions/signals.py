"""Thin receivers: the stored counter and reply e-mails follow a reaction's status.

A reaction's post_save is also the event the page cache sees (it listens to models by label).
Approving or withdrawing one changes its page and the cards counting reactions in listings:
front caches purge them (site_core/front_cache.py).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from site_core import front_cache

from . import counters
from .choices import ReactionStatus
from .models import Reaction


def _touches_approved(instance) -> bool:
    return ReactionStatus.APPROVED in (instance.status, getattr(instance, "_loaded_status", None))


def _purge_front_caches(instance):
    if front_cache.configured():
        page = instance.page.specific_deferred
        front_cache.purge_for_page(page, reason=f"reaction {instance.pk}")


@receiver(post_save, sender=Reaction, dispatch_uid="contributions_reaction_saved")
def reaction_saved(sender, instance, created, **kwargs):
    if _touches_approved(instance):
        counters.refresh(instance.page_id)
        _purge_front_caches(instance)
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
        _purge_front_caches(instance)
