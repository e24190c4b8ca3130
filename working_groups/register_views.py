"""The register's pages (network and group) and its exports (CSV, OpenDocument spreadsheet)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from site_core.tabular import csv_response, ods_response

from .choices import DecisionKind, DecisionStatus
from .register import (
    GROUP_PARAM,
    KIND_PARAM,
    ORGANISATION_PARAM,
    PERSON_PARAM,
    STATUS_FILTERS,
    STATUS_PARAM,
    THEME_PARAM,
    YEAR_PARAM,
    page_number,
    register_for,
)

REGISTER_SUBPATH = "decisions/"


def render_register(request, group=None):
    register = register_for(request, group)
    page_obj = register.page(page_number(request))
    counts = register.counts()
    status_links = [(value, label, counts.get(value, 0)) for value, label in STATUS_FILTERS.items()]
    base_url = (group.url if group else "/") + REGISTER_SUBPATH
    context = {
        "group": group,
        "register": register,
        "filters": register.filters,
        "page_obj": page_obj,
        "counts": counts,
        "status_links": status_links,
        "facets": register.facets(),
        "kinds": DecisionKind.choices,
        "params": {
            "status": STATUS_PARAM,
            "kind": KIND_PARAM,
            "person": PERSON_PARAM,
            "organisation": ORGANISATION_PARAM,
            "group": GROUP_PARAM,
            "year": YEAR_PARAM,
            "theme": THEME_PARAM,
        },
        "base_url": base_url,
        "query": request.GET.urlencode(),
        "today": register.today,
    }
    response = render(request, "working_groups/register.html", context)
    response["X-Robots-Tag"] = "noindex" if register.filters.active else "all"
    return response


# --- Exports -------------------------------------------------------------------------------------
def export_columns():
    return [
        _("Group"),
        _("Kind"),
        _("What"),
        _("Who"),
        _("Organisation"),
        _("By when"),
        _("Status"),
        _("Overdue"),
        _("Decided on"),
        _("Meeting that decided it"),
        _("Last followed up on"),
        _("Meeting of the last follow-up"),
    ]


def export_rows(request, group=None):
    register = register_for(request, group)
    kinds = dict(DecisionKind.choices)
    statuses = dict(DecisionStatus.choices)
    for row in register.all_rows():
        is_action = row.kind == DecisionKind.ACTION
        yield [
            row.group.title if row.group else "",
            str(kinds.get(row.kind, row.kind)),
            row.what,
            row.who,
            row.organisation,
            row.due_date,
            str(statuses.get(row.status, row.status)) if is_action else "",
            _("yes") if row.overdue else "",
            row.decided_in.meeting_date,
            row.decided_in.get_full_url(request),
            row.page.meeting_date if row.history else None,
            row.page.get_full_url(request) if row.history else "",
        ]


def export_filename(group, extension: str) -> str:
    return f"registre-{group.slug if group else 'reseau'}.{extension}"


def register_csv(request, group=None):
    return csv_response(
        export_filename(group, "csv"), export_columns(), export_rows(request, group)
    )


def register_ods(request, group=None):
    return ods_response(
        export_filename(group, "ods"), _("Register"), export_columns(), export_rows(request, group)
    )
