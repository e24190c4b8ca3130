"""Fixtures of the working groups tests: the groups index, two groups, people in each role."""

import pytest

from working_groups.factories import WorkingGroupIndexPageFactory, WorkingGroupPageFactory
from working_groups.provisioning import add_member, provision_committee


@pytest.fixture
def groups_index(home_page):
    return WorkingGroupIndexPageFactory(parent=home_page)


@pytest.fixture
def group_a(groups_index):
    return WorkingGroupPageFactory(
        parent=groups_index, title="Pratiques d'accompagnement", slug="praxis", short_name="PRAXIS"
    )


@pytest.fixture
def group_b(groups_index):
    return WorkingGroupPageFactory(
        parent=groups_index, title="Santé au travail", slug="sante", short_name="SANTÉ"
    )


@pytest.fixture
def make_user(django_user_model):
    def make(username, *, group_page=None, role="writer", committee=False):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password="pass-" + username
        )
        if group_page is not None:
            add_member(group_page, user, role)
        if committee:
            user.groups.add(provision_committee())
        return user

    return make


@pytest.fixture
def people(group_a, group_b, make_user):
    """Writer and editor of each group, a second writer of A, a committee member."""
    return {
        "writer_a": make_user("writer_a", group_page=group_a, role="writer"),
        "writer_a2": make_user("writer_a2", group_page=group_a, role="writer"),
        "editor_a": make_user("editor_a", group_page=group_a, role="editor"),
        "writer_b": make_user("writer_b", group_page=group_b, role="writer"),
        "editor_b": make_user("editor_b", group_page=group_b, role="editor"),
        "committee": make_user("committee", committee=True),
    }
