"""Who may do what in working group A: every cell, through Wagtail's API and through the admin.

Rows: writer A, editor A, writer B, editor B, a committee member, an anonymous visitor.
Columns: the actions of the issue. `EXPECTED` is the whole table; each cell is one test per
channel (API, HTTP), so a failure names the exact cell.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from tests.utils import ensure_site_tree
from tests.working_groups.forms import existing_minutes_form_data
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.models import GroupEditorialSetup, MeetingMinutesPage, WorkingGroupPage
from working_groups.provisioning import add_member, provision_committee

USERS = ["writer_a", "editor_a", "writer_b", "editor_b", "committee", "anonymous"]
ACTIONS = [
    "create_minutes",
    "edit_own_draft",
    "edit_other_writers_draft",
    "publish",
    "submit_for_moderation",
    "approve_or_reject",
    "preview_draft",
    "upload_document",
    "see_drafts",
]
T, F = True, False
# fmt: off
EXPECTED = {
    #                            writer_a editor_a writer_b editor_b committee anonymous
    "create_minutes":           (T,       T,       F,       F,       T,        F),
    "edit_own_draft":           (T,       T,       F,       F,       T,        F),
    "edit_other_writers_draft": (F,       T,       F,       F,       T,        F),
    "publish":                  (F,       T,       F,       F,       T,        F),
    "submit_for_moderation":    (T,       T,       F,       F,       T,        F),
    "approve_or_reject":        (F,       T,       F,       F,       T,        F),
    "preview_draft":            (T,       T,       F,       F,       T,        F),
    "upload_document":          (T,       T,       F,       F,       T,        F),
    "see_drafts":               (T,       T,       F,       F,       T,        F),
}
# fmt: on
CELLS = [
    pytest.param(action, user, EXPECTED[action][i], id=f"{action}-{user}")
    for action in ACTIONS
    for i, user in enumerate(USERS)
]


def build_world():
    """Groups A and B with their people; in A, drafts: one owned by each person, one in review.

    Returns primary keys only: each test reads fresh objects (no state leaks between cells).
    """
    home = ensure_site_tree()
    index = WorkingGroupIndexPageFactory(parent=home)
    group_a = WorkingGroupPageFactory(parent=index, title="Groupe A", short_name="A")
    group_b = WorkingGroupPageFactory(parent=index, title="Groupe B", short_name="B")
    User = get_user_model()

    def person(username, group_page=None, role="writer"):
        user = User.objects.create_user(username=username, email=f"{username}@example.org")
        if group_page is not None:
            add_member(group_page, user, role)
        else:
            user.groups.add(provision_committee())
        return user

    people = {
        "writer_a": person("writer_a", group_a, "writer"),
        "writer_a2": person("writer_a2", group_a, "writer"),
        "editor_a": person("editor_a", group_a, "editor"),
        "writer_b": person("writer_b", group_b, "writer"),
        "editor_b": person("editor_b", group_b, "editor"),
        "committee": person("committee"),
    }

    def draft(title, owner, number):
        page = MeetingMinutesPageFactory(
            parent=group_a, title=title, sequence_number=number, live=False, owner=owner
        )
        page.save_revision(user=owner)
        return page

    own_drafts = {
        name: draft(f"Brouillon de {name}", user, number).pk
        for number, (name, user) in enumerate(people.items(), start=1)
    }
    in_review = draft("En relecture", people["writer_a2"], 50)
    in_review = MeetingMinutesPage.objects.get(pk=in_review.pk)
    in_review.get_workflow().start(in_review, people["writer_a2"])
    return {
        "people": {name: user.pk for name, user in people.items()},
        "group_a": group_a.pk,
        "own_drafts": own_drafts,
        "in_review": in_review.pk,
    }


@pytest.fixture(scope="class")
def world_ids(django_db_setup, django_db_blocker):
    """Built once per test class inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


class World:
    def __init__(self, ids):
        User = get_user_model()
        self.people = {name: User.objects.get(pk=pk) for name, pk in ids["people"].items()}
        self.group_a = WorkingGroupPage.objects.get(pk=ids["group_a"])
        self.setup = GroupEditorialSetup.objects.get(page=self.group_a)
        self.own_drafts = {
            name: MeetingMinutesPage.objects.get(pk=pk) for name, pk in ids["own_drafts"].items()
        }
        self.other_draft = self.own_drafts["writer_a2"]
        self.writer_a_draft = self.own_drafts["writer_a"]
        self.in_review = MeetingMinutesPage.objects.get(pk=ids["in_review"])

    def user(self, name):
        return AnonymousUser() if name == "anonymous" else self.people[name]

    def own_draft(self, name):
        # A page in group A owned by this person (anonymous owns none: take writer A's).
        return self.own_drafts.get(name, self.writer_a_draft)

    def task_state(self):
        return TaskState.objects.get(
            workflow_state__object_id=str(self.in_review.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )


@pytest.fixture
def world(world_ids, db):
    return World(world_ids)


# --- Through Wagtail's permission API ------------------------------------------------------------
def api_allows(world, action, name):
    user = world.user(name)
    perms = lambda page: page.permissions_for_user(user)  # noqa: E731
    if action == "create_minutes":
        return perms(world.group_a).can_add_subpage() and MeetingMinutesPage.can_create_at(
            world.group_a
        )
    if action == "edit_own_draft":
        return perms(world.own_draft(name)).can_edit()
    if action == "edit_other_writers_draft":
        return perms(world.other_draft).can_edit()
    if action == "publish":
        return perms(world.writer_a_draft).can_publish()
    if action == "submit_for_moderation":
        # The edit view offers "submit" only to someone who may edit the page.
        tester = perms(world.own_draft(name))
        return tester.can_edit() and tester.can_submit_for_moderation()
    if action == "approve_or_reject":
        task = world.task_state().task.specific
        names = {action for action, _label, _modal in task.get_actions(world.in_review, user)}
        return {"approve", "reject"} <= names
    if action == "preview_draft":
        tester = perms(world.writer_a_draft)
        return tester.can_edit() or tester.can_publish()
    if action == "upload_document":
        if not user.is_authenticated:
            return False
        policy = policy_registry.get_by_type(get_document_model())
        allowed = policy.collections_user_has_permission_for(user, "add")
        return allowed.filter(pk=world.setup.collection_id).exists()
    if action == "see_drafts":
        if not user.is_authenticated:
            return False
        explorable = PagePermissionPolicy().explorable_instances(user)
        return explorable.filter(pk=world.other_draft.pk).exists()
    raise AssertionError(action)


@pytest.mark.django_db
class TestPermissionMatrixThroughWagtailApi:
    @pytest.mark.parametrize(("action", "name", "expected"), CELLS)
    def test_cell(self, world, action, name, expected):
        assert api_allows(world, action, name) is expected


# --- Through the admin's HTTP views --------------------------------------------------------------
def login(client, world, name):
    if name != "anonymous":
        client.force_login(world.people[name])


def assert_denied(response, name):
    """Anonymous: sent to the login page. Others: Wagtail's "no permission" redirect home."""
    assert response.status_code == 302
    if name == "anonymous":
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert response["Location"] == reverse("wagtailadmin_home")


def http_allows(client, world, action, name):
    """Performs the action through the admin; returns whether it happened (and checks codes)."""
    login(client, world, name)
    if action == "create_minutes":
        url = reverse(
            "wagtailadmin_pages:add",
            args=("working_groups", "meetingminutespage", world.group_a.pk),
        )
        response = client.get(url)
        if response.status_code == 200:
            assert b'name="meeting_date"' in response.content
            return True
        assert_denied(response, name)
        return False

    if action in ("edit_own_draft", "edit_other_writers_draft"):
        page = world.own_draft(name) if action == "edit_own_draft" else world.other_draft
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = client.post(url, existing_minutes_form_data(page, title="Titre corrigé"))
        latest_title = (
            MeetingMinutesPage.objects.get(pk=page.pk).get_latest_revision_as_object().title
        )
        if response.status_code == 302 and response["Location"].startswith(url):
            assert latest_title == "Titre corrigé"
            return True
        assert_denied(response, name)
        assert latest_title != "Titre corrigé"
        return False

    if action == "publish":
        page = world.writer_a_draft
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = client.post(url, existing_minutes_form_data(page, action="publish"))
        page.refresh_from_db()
        if name in ("writer_a",):
            # Writer A may edit the page, so the admin saves a draft, but never publishes it.
            assert response.status_code == 302
        elif not page.live:
            assert_denied(response, name)
        return page.live

    if action == "submit_for_moderation":
        page = world.own_draft(name)
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        response = client.post(url, existing_minutes_form_data(page, action="submit"))
        submitted = WorkflowState.objects.filter(
            object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS
        ).exists()
        if submitted:
            assert response.status_code == 302
        else:
            assert_denied(response, name)
        return submitted

    if action == "approve_or_reject":
        task_state = world.task_state()
        results = []
        for verb in ("reject", "approve"):
            url = reverse(
                "wagtailadmin_pages:workflow_action",
                args=(world.in_review.pk, verb, task_state.pk),
            )
            # GET opens the action's dialog (with its comment field) without acting.
            response = client.get(url)
            if response.status_code == 200:
                assert 'name="comment"' in response.json()["html"]
                results.append(True)
            else:
                assert_denied(response, name)
                results.append(False)
        if all(results):
            url = reverse(
                "wagtailadmin_pages:workflow_action",
                args=(world.in_review.pk, "approve", task_state.pk),
            )
            response = client.post(url, {"comment": "Parfait, merci."})
            assert response.status_code == 302
            task_state.refresh_from_db()
            assert task_state.status == TaskState.STATUS_APPROVED
            world.in_review.refresh_from_db()
            assert world.in_review.live
        else:
            task_state.refresh_from_db()
            assert task_state.status == TaskState.STATUS_IN_PROGRESS
        assert len(set(results)) == 1
        return results[0]

    if action == "preview_draft":
        response = client.get(
            reverse("wagtailadmin_pages:view_draft", args=(world.writer_a_draft.pk,))
        )
        if response.status_code == 200:
            assert "Brouillon de writer_a" in response.content.decode()
            return True
        assert_denied(response, name)
        return False

    if action == "upload_document":
        response = client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Ordre du jour",
                "collection": world.setup.collection_id,
                "file": SimpleUploadedFile("ordre-du-jour.txt", b"1. Accueil\n2. Tour de table\n"),
            },
        )
        created = (
            get_document_model()
            .objects.filter(title="Ordre du jour", collection_id=world.setup.collection_id)
            .exists()
        )
        if created:
            assert response.status_code == 302
        elif name == "anonymous":
            assert_denied(response, name)
        else:
            # B's people may upload, but only into B's collection (Wagtail even hides the
            # choice when there is one): whatever they post, nothing lands in A's collection.
            assert response.status_code in (200, 302)
            assert (
                not get_document_model()
                .objects.filter(collection_id=world.setup.collection_id)
                .exists()
            )
        return created

    if action == "see_drafts":
        response = client.get(reverse("wagtailadmin_explore", args=(world.group_a.pk,)))
        if response.status_code == 200:
            assert world.other_draft.title in response.content.decode()
            return True
        if name == "anonymous":
            assert_denied(response, name)
        else:
            # Wagtail sends people outside A back to their own part of the tree.
            assert response.status_code == 302
            assert response["Location"] != reverse("wagtailadmin_explore", args=(world.group_a.pk,))
            followed = client.get(response["Location"])
            assert world.other_draft.title not in followed.content.decode()
        return False
    raise AssertionError(action)


@pytest.mark.django_db
class TestPermissionMatrixThroughAdminViews:
    @pytest.mark.parametrize(("action", "name", "expected"), CELLS)
    def test_cell(self, client, world, action, name, expected):
        assert http_allows(client, world, action, name) is expected


@pytest.mark.django_db
class TestModerationLock:
    def test_a_page_in_review_is_locked_for_its_writer_but_not_for_the_editors(self, world):
        writer, editor = world.people["writer_a2"], world.people["editor_a"]
        page = MeetingMinutesPage.objects.get(pk=world.in_review.pk)
        assert page.permissions_for_user(writer).page_locked()
        assert not page.permissions_for_user(editor).page_locked()
