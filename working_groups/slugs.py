"""Slugs and sequence numbers of minutes: dated, unique among the group's pages, counted."""

import re

from django.db.models import Max
from wagtail.models import Page

DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def next_sequence_number(group_page, exclude_pk=None) -> int:
    """One more than the highest number among the group's minutes (drafts included)."""
    from .models import MeetingMinutesPage

    siblings = MeetingMinutesPage.objects.child_of(group_page)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    highest = siblings.aggregate(highest=Max("sequence_number"))["highest"]
    return (highest or 0) + 1


def dated_slug(slug: str, meeting_date) -> str:
    """`2026-11-25-<slug>`: the meeting date first, an older date prefix replaced."""
    base = DATE_PREFIX.sub("", slug or "")
    return f"{meeting_date.isoformat()}-{base}".strip("-")[:255]


def unique_slug(slug: str, parent, page=None) -> str:
    """`slug`, or `slug-2`, `slug-3`… : the first one no sibling page already uses."""
    siblings = Page.objects.child_of(parent)
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=slug).values_list("slug", flat=True))
    if slug not in taken:
        return slug
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = slug[: 255 - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1
