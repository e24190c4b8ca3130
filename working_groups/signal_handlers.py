"""Keep the editorial set-up in step with the page tree, whoever changes it (admin or code)."""

from django.db import connections, transaction
from django.db.models.signals import post_migrate, post_save, pre_delete
from wagtail.signals import page_published, post_page_move

from . import provisioning
from .models import WorkingGroupIndexPage, WorkingGroupPage


def _is_committee_section(model) -> bool:
    return bool(getattr(model, "uses_committee_workflow", False))


# Fields the set-up is named after or attached to; other saves (revisions, locks) change nothing.
RELEVANT_FIELDS = {"short_name", "title", "path", "depth", "live"}


def group_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and not RELEVANT_FIELDS.intersection(update_fields)):
        return
    provisioning.provision_group(instance)


def group_page_published(sender, instance, **kwargs):
    provisioning.provision_group(instance)


def page_moved(sender, instance, **kwargs):
    """A group page, or a page above groups, moved: their set-up follows (idempotent)."""
    for group_page in WorkingGroupPage.objects.descendant_of(instance, inclusive=True):
        provisioning.provision_group(group_page)
    if sender is WorkingGroupIndexPage or _is_committee_section(sender):
        provisioning.provision_committee()


def group_page_deleted(sender, instance, **kwargs):
    provisioning.remove_group(instance)


def section_page_saved(sender, instance, created=False, raw=False, **kwargs):
    """A working groups index or a committee section (resources, podcasts) was created."""
    if raw or not created:
        return
    if sender is WorkingGroupIndexPage or _is_committee_section(sender):
        provisioning.provision_committee()


def _provisioning_tables_exist(using) -> bool:
    """Every table provisioning writes to exists (not so while migrating backwards to zero)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, GroupApprovalTask, GroupPagePermission, Page, Workflow

    models = [Group, Permission, ContentType, Collection, GroupApprovalTask, Page, Workflow]
    models += [GroupPagePermission, WorkingGroupPage, WorkingGroupIndexPage]
    tables = set(connections[using].introspection.table_names())
    return all(model._meta.db_table in tables for model in models)


def after_migrate(sender, using="default", plan=None, **kwargs):
    # Unapplying migrations (``migrate working_groups zero``): nothing to provision, and the
    # tables may be gone.
    if plan and any(backwards for _migration, backwards in plan):
        return
    if not _provisioning_tables_exist(using):
        return
    with transaction.atomic(using=using):
        provisioning.provision_all()


def register(app_config):
    uid = "working_groups.provisioning"
    post_save.connect(group_page_saved, sender=WorkingGroupPage, dispatch_uid=f"{uid}.saved")
    page_published.connect(
        group_page_published, sender=WorkingGroupPage, dispatch_uid=f"{uid}.published"
    )
    post_page_move.connect(page_moved, dispatch_uid=f"{uid}.moved")
    pre_delete.connect(group_page_deleted, sender=WorkingGroupPage, dispatch_uid=f"{uid}.deleted")
    post_save.connect(section_page_saved, dispatch_uid=f"{uid}.sections")
    post_migrate.connect(after_migrate, sender=app_config, dispatch_uid=f"{uid}.migrate")
