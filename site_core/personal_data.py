"""Personal data across the apps, without the apps importing each other (RGPD).

Each feature app that stores something tied to a person registers, in its `wagtail_hooks.py`:

- ``maillage_personal_data``: a function returning a `PersonalDataSource` — how to count, export
  and erase what it holds for one e-mail address;
- ``maillage_retention_periods``: a function returning `RetentionPeriod`s — how long it keeps
  what, read from the live settings — shown on the site's « Données personnelles » page.

`export_all` / `erase_all` are what the admin screen and `manage.py personal_data` call.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from wagtail import hooks

SOURCES_HOOK = "maillage_personal_data"
RETENTION_HOOK = "maillage_retention_periods"
PERMISSION = "site_core.manage_personal_data"


@dataclass(frozen=True)
class PersonalDataSource:
    name: str  # key in the export, e.g. "reactions"
    label: str  # what people read, e.g. « Réactions »
    count: Callable[[str], int]
    export: Callable[[str], list]
    erase: Callable[[str], int]


@dataclass(frozen=True)
class RetentionPeriod:
    what: str
    days: int | None  # None: kept until the person asks or leaves
    until: str = ""  # said instead of a number of days


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def sources() -> list[PersonalDataSource]:
    return [fn() for fn in hooks.get_hooks(SOURCES_HOOK)]


def counts(email: str) -> list[tuple[PersonalDataSource, int]]:
    email = normalise(email)
    return [(source, source.count(email)) for source in sources()]


def export_all(email: str) -> dict:
    email = normalise(email)
    data = {"email": email}
    for source in sources():
        data[source.name] = source.export(email)
    return data


@transaction.atomic
def erase_all(email: str) -> dict[str, int]:
    """Erase everything every app holds for `email`, all or nothing; {source name: count}."""
    email = normalise(email)
    return {source.name: source.erase(email) for source in sources()}


def retention_periods() -> list[RetentionPeriod]:
    periods = []
    for fn in hooks.get_hooks(RETENTION_HOOK):
        periods.extend(fn())
    return periods


def user_may_manage(user) -> bool:
    return bool(user and user.is_active and user.is_authenticated and user.has_perm(PERMISSION))
