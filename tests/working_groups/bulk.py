"""Thousands of minutes in a few seconds: pages written in bulk, under one group.

Wagtail creates a page with several queries (tree, revisions); Django's `bulk_create` refuses
multi-table inheritance. This writes the `wagtailcore_page` rows with `bulk_create` and the
minutes' own rows with one `executemany`, then fixes the group's child count.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Page

from working_groups.choices import DecisionStatus
from working_groups.models import MeetingMinutesDecision, MeetingMinutesPage


def bulk_minutes(group, count: int, *, start=datetime.date(2015, 1, 5)):
    content_type = ContentType.objects.get_for_model(MeetingMinutesPage)
    locale = Locale.get_default()
    now = timezone.now()
    group.refresh_from_db()
    first = group.numchild + 1
    pages = []
    for offset in range(count):
        number = first + offset
        date = start + datetime.timedelta(days=number)
        slug = f"{date.isoformat()}-rencontre-{number}"
        pages.append(
            MeetingMinutesPage(
                title=f"Rencontre en masse n° {number}",
                draft_title=f"Rencontre en masse n° {number}",
                slug=slug,
                content_type=content_type,
                locale=locale,
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                path=MeetingMinutesPage._get_path(group.path, group.depth + 1, number),
                depth=group.depth + 1,
                numchild=0,
                url_path=f"{group.url_path}{slug}/",
                meeting_date=date,
                sequence_number=number % 30000,
            )
        )
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    created = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(p, f.attname) for f in page_fields}) for p in pages]
    )
    local = [
        f for f in MeetingMinutesPage._meta.local_concrete_fields if f.attname != "page_ptr_id"
    ]
    table = connection.ops.quote_name(MeetingMinutesPage._meta.db_table)
    names = [connection.ops.quote_name("page_ptr_id")] + [
        connection.ops.quote_name(f.column) for f in local
    ]
    placeholders = ", ".join(["%s"] * len(names))
    rows = []
    for base, page in zip(created, pages, strict=True):
        values = [base.pk]
        for field in local:
            value = getattr(page, field.attname)
            prepared = (
                "[]" if field.attname == "body" else field.get_db_prep_save(value, connection)
            )
            values.append(prepared)
        rows.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )
    Page.objects.filter(pk=group.pk).update(numchild=group.numchild + count)
    return [base.pk for base in created]


def bulk_decisions(page_ids, *, per_page=3):
    """`per_page` rows for each minutes page, in turn to do, in progress and done."""
    statuses = [DecisionStatus.TO_DO, DecisionStatus.IN_PROGRESS, DecisionStatus.DONE]
    rows = []
    for index, page_id in enumerate(page_ids):
        for n in range(per_page):
            rows.append(
                MeetingMinutesDecision(
                    page_id=page_id,
                    sort_order=n,
                    what=f"Action {index}-{n}",
                    who=f"Personne {n}",
                    organisation=f"Organisation {index % 7}",
                    due_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=index),
                    status=statuses[(index + n) % 3],
                )
            )
    return MeetingMinutesDecision.objects.bulk_create(rows, batch_size=2000)
