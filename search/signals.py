"""Signal handlers: the index follows publishing, unpublishing, deletion, moves and privacy.

Every update runs after the transaction commits, so tags and themes written with the revision
are read in their final state (Wagtail's own search signal fires before the tag rows exist).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from search import indexing


def on_published(sender, instance, **kwargs):
    indexing.schedule_update([instance.pk])


def on_unpublished(sender, instance, **kwargs):
    indexing.schedule_removal([instance.pk])


def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        indexing.schedule_removal([instance.pk])


def on_moved(sender, instance, **kwargs):
    # URLs, group and inherited privacy of the whole subtree may have changed.
    indexing.schedule_subtree_update(instance)


def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.schedule_subtree_update(page)


def on_theme_saved(sender, instance, created=False, **kwargs):
    if created:
        return
    from site_core.listing import pages_with_theme

    indexing.schedule_update(pages_with_theme(instance).values_list("pk", flat=True))


def on_slug_changed(sender, instance, **kwargs):
    # The stored URLs of the page and of every descendant changed with the slug.
    indexing.schedule_subtree_update(instance)


def on_keyword_saved(sender, instance, created=False, **kwargs):
    if created:
        return
    from site_core.listing import pages_with_keyword

    indexing.schedule_update(pages_with_keyword(instance).values_list("pk", flat=True))


def on_synonyms_changed(sender, instance, **kwargs):
    """Elasticsearch keeps the synonyms in its search analyser; the database engines read the
    sets at query time."""
    from django.db import transaction

    from search.synonyms import forget

    forget()
    transaction.on_commit(forget)
    transaction.on_commit(indexing.update_engine_synonyms)


def connect():
    page_published.connect(on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search_page_unpublished")
    post_delete.connect(on_deleted, dispatch_uid="search_page_deleted")
    post_page_move.connect(on_moved, dispatch_uid="search_page_moved")
    post_save.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_saved"
    )
    post_delete.connect(
        on_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search_restriction_deleted",
    )
    from site_core.models import Theme

    post_save.connect(on_theme_saved, sender=Theme, dispatch_uid="search_theme_saved")
    from site_core.models import Keyword

    post_save.connect(on_keyword_saved, sender=Keyword, dispatch_uid="search_keyword_saved")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="search_page_slug_changed")
    from search.models import SynonymSet

    post_save.connect(on_synonyms_changed, sender=SynonymSet, dispatch_uid="search_synonyms_saved")
    post_delete.connect(
        on_synonyms_changed, sender=SynonymSet, dispatch_uid="search_synonyms_deleted"
    )
