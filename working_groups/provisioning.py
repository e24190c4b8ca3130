"""The editorial set-up of working groups and of the editorial committee, in one idempotent service.

For each `WorkingGroupPage` (`provision_group`):

- Django groups "<short name> — rédaction" (writers) and "<short name> — édition" (editors), both
  with access to the administration;
- page permissions on the group's page, hence its subtree: writers may add pages and edit their
  own drafts (Wagtail's "add"), never publish; editors add, change, publish, lock and unlock (so
  they open Wagtail's locked-pages report, which lists their group's locked pages only, and can
  release a lock a colleague left on one of them);
- a collection "<short name> — <title>" (under "Groupes de travail") for the group's documents and
  images: writers add and choose, editors also change and delete;
- a Workflow with one GroupApprovalTask for the editors (and the committee), attached to the group
  page (WorkflowPage), so everything under the page goes through the group's own review.

Renaming the group renames them, moving it keeps them, deleting it removes them
(`remove_group`). The editorial committee ("Comité éditorial", `provision_committee`) gets the same
rights as editors on every working groups index (hence every group) and on every page whose class
sets `uses_committee_workflow` (resources, podcasts), plus the whole library of documents and
images (every group's collection included: the committee acts on every group), audio (wagtailmedia)
in the site-wide collections « Podcasts » and « Ressources » (created here), the management of
themes and keywords (snippets), and its own workflow on those site-wide sections.

Every function here can run any number of times: it converges on the same state.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
    get_page_models,
)

from .models import GroupEditorialSetup, WorkingGroupIndexPage, WorkingGroupPage

logger = logging.getLogger("maillage.working_groups")

COMMITTEE_GROUP_NAME = "Comité éditorial"
COMMITTEE_WORKFLOW_NAME = "Comité éditorial — relecture"
COMMITTEE_TASK_NAME = "Relecture par le comité éditorial"
GROUPS_COLLECTION_NAME = "Groupes de travail"
# The site-wide sections' own collections, where the committee files audio, images, documents.
PODCASTS_COLLECTION_NAME = "Podcasts"
RESOURCES_COLLECTION_NAME = "Ressources"
SECTION_COLLECTION_NAMES = (PODCASTS_COLLECTION_NAME, RESOURCES_COLLECTION_NAME)
WRITERS_SUFFIX = "rédaction"
EDITORS_SUFFIX = "édition"

WRITER_PAGE_PERMISSIONS = ("add",)
EDITOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
COMMITTEE_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
WRITER_COLLECTION_PERMISSIONS = ("add", "choose")
EDITOR_COLLECTION_PERMISSIONS = ("add", "change", "choose", "delete")
COLLECTION_MODELS = (("wagtaildocs", "document"), ("wagtailimages", "image"))
# wagtailmedia has no "choose" permission: its chooser lists what one may change or delete.
MEDIA_MODEL = ("wagtailmedia", "media")
COMMITTEE_MEDIA_PERMISSIONS = ("add", "change", "delete")
# Themes and keywords: snippets, hence Django model permissions.
TAXONOMY_MODELS = (("site_core", "theme"), ("site_core", "keyword"))
COMMITTEE_TAXONOMY_PERMISSIONS = ("add", "change", "delete", "view")


@dataclass(frozen=True)
class GroupNames:
    writers: str
    editors: str
    collection: str
    workflow: str
    task: str


def names_for(page: WorkingGroupPage) -> GroupNames:
    short = page.short_name.strip()
    return GroupNames(
        writers=f"{short} — {WRITERS_SUFFIX}",
        editors=f"{short} — {EDITORS_SUFFIX}",
        collection=f"{short} — {page.title}"[:255],
        workflow=f"{short} — relecture"[:255],
        task=f"Relecture par {short} — {EDITORS_SUFFIX}"[:255],
    )


# --- Permissions -------------------------------------------------------------------------------
def _permission(app_label: str, model: str, codename: str) -> Permission:
    """A permission, created if post_migrate has not created it yet (fresh databases)."""
    # get_or_create, not the cached lookup: a flushed test database renumbers content types.
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def _page_permission(action: str) -> Permission:
    return _permission("wagtailcore", "page", f"{action}_page")


def admin_access_permission() -> Permission:
    return _permission("wagtailadmin", "admin", "access_admin")


def _sync_page_permissions(group: Group, page: Page, actions) -> None:
    """`group` has exactly `actions` on `page`, and no page permission elsewhere."""
    wanted = {_page_permission(action).pk for action in actions}
    GroupPagePermission.objects.filter(group=group).exclude(
        page=page, permission_id__in=wanted
    ).delete()
    existing = set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission_id", flat=True
        )
    )
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission_id=pk)
        for pk in sorted(wanted - existing)
    )


def _add_page_permissions(group: Group, page: Page, actions) -> None:
    for action in actions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(action)
        )


def _collection_permissions(actions, models=COLLECTION_MODELS) -> list[Permission]:
    return [
        _permission(app_label, model, f"{action}_{model}")
        for app_label, model in models
        for action in actions
    ]


def _sync_collection_grants(group: Group, grants) -> None:
    """`group` holds exactly `grants` ({collection: [Permission]}) and no other collection
    permission."""
    wanted = {(collection.pk, p.pk) for collection, perms in grants.items() for p in perms}
    rows = GroupCollectionPermission.objects.filter(group=group)
    held = {(r.collection_id, r.permission_id): r.pk for r in rows}
    rows.filter(pk__in=[pk for key, pk in held.items() if key not in wanted]).delete()
    existing = wanted & held.keys()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=collection_id, permission_id=pk)
        for collection_id, pk in sorted(wanted - existing)
    )


def _sync_collection_permissions(group: Group, collection: Collection, actions) -> None:
    """`group` has exactly `actions` (documents and images) on `collection`, and nowhere else."""
    _sync_collection_grants(group, {collection: _collection_permissions(actions)})


# --- Named objects -----------------------------------------------------------------------------
def _named_group(current: Group | None, name: str, *, taken_by_others) -> Group:
    """`current` renamed to `name`, or the group called `name`, or a new one."""
    clash = Group.objects.filter(name=name).exclude(pk=getattr(current, "pk", None)).first()
    if clash is not None:
        if clash.pk in taken_by_others:
            raise ImproperlyConfigured(
                f"The Django group {name!r} already belongs to another working group."
            )
        if current is None:
            return clash
        # A stray group holds the name (left by hand): ours takes the name, the stray one goes.
        clash.delete()
    if current is None:
        return Group.objects.create(name=name)
    if current.name != name:
        current.name = name
        current.save(update_fields=["name"])
    return current


def _root_collection() -> Collection:
    # Wagtail's migration creates it; a flushed test database may not have it.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _groups_collection() -> Collection:
    root = _root_collection()
    existing = root.get_children().filter(name=GROUPS_COLLECTION_NAME).first()
    return existing or root.add_child(name=GROUPS_COLLECTION_NAME)


def _section_collection(name: str) -> Collection:
    root = _root_collection()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def _group_collection(current: Collection | None, name: str) -> Collection:
    if current is None:
        parent = _groups_collection()
        current = parent.get_children().filter(name=name).first() or parent.add_child(name=name)
    elif current.name != name:
        current.name = name
        current.save(update_fields=["name"])
    return current


def _approval_workflow(workflow, task, *, workflow_name, task_name, groups):
    """A single-task workflow (created or renamed) whose task is approved by `groups`."""
    if task is None:
        task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name, active=True)
    elif task.name != task_name or not task.active:
        task.name, task.active = task_name, True
        task.save(update_fields=["name", "active"])
    task.groups.set(groups)

    if workflow is None:
        workflow = Workflow.objects.filter(name=workflow_name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=workflow_name, active=True)
    elif workflow.name != workflow_name or not workflow.active:
        workflow.name, workflow.active = workflow_name, True
        workflow.save(update_fields=["name", "active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow, task


def _attach_workflow(page: Page, workflow: Workflow) -> None:
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


# --- The committee -----------------------------------------------------------------------------
def committee_group() -> Group:
    group, _ = Group.objects.get_or_create(name=COMMITTEE_GROUP_NAME)
    group.permissions.add(admin_access_permission())
    return group


def _committee_model_permissions() -> list[Permission]:
    return [admin_access_permission()] + [
        _permission(app_label, model, f"{action}_{model}")
        for app_label, model in TAXONOMY_MODELS
        for action in COMMITTEE_TAXONOMY_PERMISSIONS
    ]


def committee_section_pages():
    """Pages whose class sets `uses_committee_workflow` (resources, podcasts)."""
    models = [m for m in get_page_models() if getattr(m, "uses_committee_workflow", False)]
    if not models:
        return Page.objects.none()
    return Page.objects.type(*models)


@transaction.atomic
def provision_committee() -> Group:
    """The committee's group, rights and workflow; idempotent."""
    group = committee_group()
    # Added, never taken: an administrator may have given the committee more by hand.
    group.permissions.add(*_committee_model_permissions())
    media = _collection_permissions(COMMITTEE_MEDIA_PERMISSIONS, models=(MEDIA_MODEL,))
    grants = {_root_collection(): _collection_permissions(EDITOR_COLLECTION_PERMISSIONS)}
    for name in SECTION_COLLECTION_NAMES:
        grants[_section_collection(name)] = media
    _sync_collection_grants(group, grants)
    index_pages = list(WorkingGroupIndexPage.objects.all())
    section_pages = list(committee_section_pages())
    # Exactly these pages: a page that no longer qualifies loses the committee's rights.
    GroupPagePermission.objects.filter(group=group).exclude(
        page__in=[p.pk for p in index_pages + section_pages]
    ).delete()
    for page in index_pages + section_pages:
        _add_page_permissions(group, page, COMMITTEE_PAGE_PERMISSIONS)

    workflow, _ = _approval_workflow(
        Workflow.objects.filter(name=COMMITTEE_WORKFLOW_NAME).first(),
        GroupApprovalTask.objects.filter(name=COMMITTEE_TASK_NAME).first(),
        workflow_name=COMMITTEE_WORKFLOW_NAME,
        task_name=COMMITTEE_TASK_NAME,
        groups=[group],
    )
    WorkflowPage.objects.filter(workflow=workflow).exclude(
        page__in=[p.pk for p in section_pages]
    ).delete()
    for page in section_pages:
        _attach_workflow(page, workflow)
    return group


# --- A working group ---------------------------------------------------------------------------
@transaction.atomic
def provision_group(page) -> GroupEditorialSetup:
    """Create or bring up to date the editorial set-up of one working group page."""
    # The database row, not the instance in hand: a draft revision must not rename anything.
    page = WorkingGroupPage.objects.get(pk=page.pk)
    names = names_for(page)
    committee = provision_committee()
    setup = (
        GroupEditorialSetup.objects.select_for_update(of=("self",))
        .select_related("writers", "editors", "collection", "workflow", "task")
        .filter(page=page)
        .first()
    ) or GroupEditorialSetup(page=page)

    others = GroupEditorialSetup.objects.exclude(pk=setup.pk)
    taken = set(others.values_list("writers_id", flat=True)) | set(
        others.values_list("editors_id", flat=True)
    )
    setup.writers = _named_group(setup.writers, names.writers, taken_by_others=taken)
    setup.editors = _named_group(setup.editors, names.editors, taken_by_others=taken)
    access = admin_access_permission()
    for group in (setup.writers, setup.editors):
        group.permissions.add(access)
    _sync_page_permissions(setup.writers, page, WRITER_PAGE_PERMISSIONS)
    _sync_page_permissions(setup.editors, page, EDITOR_PAGE_PERMISSIONS)

    setup.collection = _group_collection(setup.collection, names.collection)
    _sync_collection_permissions(setup.writers, setup.collection, WRITER_COLLECTION_PERMISSIONS)
    _sync_collection_permissions(setup.editors, setup.collection, EDITOR_COLLECTION_PERMISSIONS)

    setup.workflow, setup.task = _approval_workflow(
        setup.workflow,
        setup.task,
        workflow_name=names.workflow,
        task_name=names.task,
        groups=[setup.editors, committee],
    )
    _attach_workflow(page, setup.workflow)
    setup.save()
    return setup


@transaction.atomic
def remove_group(page) -> None:
    """Remove a deleted group's Django groups, workflow and (empty) collection."""
    setup = (
        GroupEditorialSetup.objects.select_related("collection", "workflow", "task")
        .filter(page_id=page.pk)
        .first()
    )
    if setup is None:
        return
    for group in (setup.writers, setup.editors):
        if group is not None:
            group.delete()
    if setup.workflow is not None:
        setup.workflow.delete()
    if setup.task is not None:
        setup.task.delete()
    collection = setup.collection
    if collection is not None:
        has_files = any(
            model.objects.filter(collection=collection).exists()
            for model in (get_document_model(), get_image_model())
        )
        if has_files or collection.get_children().exists():
            # Files outlive the group: kept, renamed, reachable by administrators only.
            collection.name = f"{collection.name} (groupe supprimé)"[:255]
            collection.save(update_fields=["name"])
        else:
            collection.delete()
    setup.delete()
    logger.info("Editorial set-up of working group %s removed", page.pk)


def provision_all() -> None:
    """Everything: the committee and every working group (post_migrate, or by hand)."""
    provision_committee()
    for page in WorkingGroupPage.objects.all():
        provision_group(page)


def setup_for(page) -> GroupEditorialSetup | None:
    return (
        GroupEditorialSetup.objects.select_related("writers", "editors", "collection")
        .filter(page_id=page.pk)
        .first()
    )


def find_group_page(short_name: str) -> WorkingGroupPage:
    page = WorkingGroupPage.objects.filter(short_name__iexact=short_name.strip()).first()
    if page is None:
        raise WorkingGroupPage.DoesNotExist(short_name)
    return page


def add_member(page: WorkingGroupPage, user, role: str) -> Group:
    """Make `user` a writer or an editor of the group (provisioning it first if needed)."""
    setup = setup_for(page)
    if setup is None or setup.writers is None or setup.editors is None:
        setup = provision_group(page)
    group = setup.editors if role == "editor" else setup.writers
    user.groups.add(group)
    return group
