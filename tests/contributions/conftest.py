"""Fixtures of the contributions tests: two working groups with minutes, their editors."""

import secrets
import time

import pytest
from django.core.cache import cache

from contributions.spam import NONCE_COOKIE, make_token, nonce_signer
from working_groups.factories import (
    MeetingMinutesPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
)
from working_groups.provisioning import add_member, provision_committee


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def nonce_cookie_value(nonce: str) -> str:
    """The signed cookie value the site sets for `nonce`."""
    return nonce_signer().sign(nonce)


def client_nonce(client) -> str:
    """The nonce of a test client's reader: from its cookie, or a new one in its cookie (as the
    first page showing the form would set it)."""
    cookie = client.cookies.get(NONCE_COOKIE)
    if cookie is not None and cookie.value:
        return nonce_signer().unsign(cookie.value)
    nonce = secrets.token_urlsafe(18)
    client.cookies[NONCE_COOKIE] = nonce_cookie_value(nonce)
    return nonce


def aged_token(page, client, seconds=60):
    """The token the form would carry had it been shown to `client` `seconds` ago."""
    return make_token(page.pk, client_nonce(client), now=time.time() - seconds)


def reaction_data(page, client, **overrides):
    data = {
        "author_name": "Camille Martin",
        "author_email": "camille@example.org",
        "body": "Merci pour ce compte-rendu.\nNous avons vécu la même chose à Lyon.",
        "website": "",
        "token": aged_token(page, client),
    }
    data.update(overrides)
    return data


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
        parent=groups_index, title="Santé au travail", slug="sante", short_name="SANTE"
    )


def live(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def minutes_a(group_a):
    return live(MeetingMinutesPageFactory(parent=group_a, title="Rencontre de Lyon"))


@pytest.fixture
def minutes_b(group_b):
    return live(MeetingMinutesPageFactory(parent=group_b, title="Rencontre de Nantes"))


@pytest.fixture
def make_user(django_user_model):
    def make(username, *, group_page=None, role="editor", committee=False):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password="pass-" + username,
            first_name=username.replace("_", " ").title(),
        )
        if group_page is not None:
            add_member(group_page, user, role)
        if committee:
            user.groups.add(provision_committee())
        return user

    return make


@pytest.fixture
def editor_a(group_a, make_user):
    return make_user("editor_a", group_page=group_a)


@pytest.fixture
def editor_b(group_b, make_user):
    return make_user("editor_b", group_page=group_b)


@pytest.fixture
def writer_a(group_a, make_user):
    return make_user("writer_a", group_page=group_a, role="writer")


@pytest.fixture
def committee_member(groups_index, make_user):
    return make_user("committee", committee=True)
