"""The register of decisions and actions: every row of every live, public minutes page.

An action lives across meetings: a later meeting's row `follows` an earlier one to carry it
forward, mark it done or drop it. The register shows each action once, at its latest public row,
with the meeting that decided it (`origin`) and its history.

Queries are fixed whatever the number of minutes: the private sections (once per request), one
grouped query that yields every count and every filter's values, the themes, the group names, the
page of rows, and the history of those rows.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from site_core.models import Theme
from site_core.params import get_int, get_page_number, get_text

from .choices import DecisionKind, DecisionStatus
from .models import MeetingMinutesDecision, MeetingMinutesPage, WorkingGroupPage

ROWS_PER_PAGE = 25
EXPORT_LIMIT = 20_000
FACET_LIMIT = 40

# GET parameters (French: people read and share these links).
STATUS_PARAM = "statut"
KIND_PARAM = "type"
PERSON_PARAM = "personne"
ORGANISATION_PARAM = "organisation"
GROUP_PARAM = "groupe"
YEAR_PARAM = "annee"
THEME_PARAM = "thematique"

OPEN = "open"
OVERDUE = "overdue"
STATUS_FILTERS = {
    OPEN: _("Open"),
    OVERDUE: _("Overdue"),
    **dict(DecisionStatus.choices),
}


def private_q(request=None):
    """Wagtail's `PageQuerySet.private_q()`, computed once per request (one query)."""
    cached = getattr(request, "_maillage_private_q", None) if request is not None else None
    if cached is None:
        cached = MeetingMinutesPage.objects.all().private_q()
        if request is not None:
            request._maillage_private_q = cached
    return cached


def public_minutes(request=None, group=None):
    """Live minutes outside any private section, of one group or of all."""
    minutes = MeetingMinutesPage.objects.live().exclude(private_q(request))
    if group is not None:
        minutes = minutes.child_of(group)
    return minutes


@dataclass
class RegisterFilters:
    status: str = ""
    kind: str = ""
    person: str = ""
    organisation: str = ""
    group: str = ""
    year: int | None = None
    theme: str = ""

    @classmethod
    def from_request(cls, request):
        data = request.GET
        status = get_text(data, STATUS_PARAM, max_length=20)
        kind = get_text(data, KIND_PARAM, max_length=20)
        return cls(
            status=status if status in STATUS_FILTERS else "",
            kind=kind if kind in DecisionKind.values else "",
            person=get_text(data, PERSON_PARAM, max_length=255),
            organisation=get_text(data, ORGANISATION_PARAM, max_length=200),
            group=get_text(data, GROUP_PARAM, max_length=255),
            year=get_int(data, YEAR_PARAM, minimum=1900, maximum=2999),
            theme=get_text(data, THEME_PARAM, max_length=120),
        )

    @property
    def active(self) -> bool:
        return any([self.status, self.kind, self.person, self.organisation, self.group, self.year])

    def matches(self, facet_row: dict, today: datetime.date, *, skip: str = "") -> bool:
        """Whether one grouped row of the facet query passes every filter but `skip`."""
        checks = {
            "kind": not self.kind or facet_row["kind"] == self.kind,
            "person": not self.person or facet_row["who"] == self.person,
            "organisation": not self.organisation or facet_row["organisation"] == self.organisation,
            "group": not self.group or facet_row["group_slug"] == self.group,
            "year": not self.year or facet_row["year"] == self.year,
            "status": not self.status or status_matches(self.status, facet_row, today),
        }
        return all(ok for name, ok in checks.items() if name != skip)


def status_matches(status: str, facet_row: dict, today: datetime.date) -> bool:
    if facet_row["kind"] != DecisionKind.ACTION:
        return False
    if status == OPEN:
        return facet_row["status"] in DecisionStatus.open_values()
    if status == OVERDUE:
        return facet_row["overdue"]
    return facet_row["status"] == status


def is_overdue(row, today: datetime.date) -> bool:
    return bool(
        row.kind == DecisionKind.ACTION
        and row.status in DecisionStatus.open_values()
        and row.due_date
        and row.due_date < today
    )


@dataclass
class Register:
    """The register of one group (`group`) or of the whole network (`index`)."""

    request: object
    group: WorkingGroupPage | None = None
    filters: RegisterFilters = field(default_factory=RegisterFilters)

    def __post_init__(self):
        self.today = timezone.localdate()
        self.minutes = public_minutes(self.request, self.group)
        followed = MeetingMinutesDecision.objects.filter(
            follows=OuterRef("pk"), page__in=self.minutes.values("pk")
        )
        self.current = (
            MeetingMinutesDecision.objects.filter(page__in=self.minutes.values("pk"))
            .annotate(superseded=Exists(followed))
            .filter(superseded=False)
            .annotate(
                decided_on=Coalesce("origin__page__meeting_date", "page__meeting_date"),
                decided_page_id=Coalesce("origin__page_id", "page_id"),
            )
        )
        self._groups = None

    # --- Filtering in the database ---------------------------------------------------------------
    def theme_filtered(self):
        rows = self.current
        if self.filters.theme:
            themed = MeetingMinutesPage.objects.filter(themes__slug=self.filters.theme).values("pk")
            rows = rows.filter(decided_page_id__in=themed)
        return rows

    def filtered(self):
        rows = self.theme_filtered()
        f = self.filters
        if f.kind:
            rows = rows.filter(kind=f.kind)
        if f.person:
            rows = rows.filter(who=f.person)
        if f.organisation:
            rows = rows.filter(organisation=f.organisation)
        if f.year:
            rows = rows.filter(decided_on__year=f.year)
        if f.group:
            group = self.groups_by_slug().get(f.group)
            rows = rows.filter(page__path__startswith=group.path) if group else rows.none()
        if f.status:
            rows = rows.filter(kind=DecisionKind.ACTION)
            if f.status == OPEN:
                rows = rows.filter(status__in=DecisionStatus.open_values())
            elif f.status == OVERDUE:
                rows = rows.filter(status__in=DecisionStatus.open_values(), due_date__lt=self.today)
            else:
                rows = rows.filter(status=f.status)
        return rows

    # --- Counts and facets: one grouped query ----------------------------------------------------
    def facet_rows(self) -> list[dict]:
        if hasattr(self, "_facet_rows"):
            return self._facet_rows
        grouped = (
            self.theme_filtered()
            .annotate(
                year=ExtractYear("decided_on"),
                group_path=Substr(
                    "page__path", 1, (F("page__depth") - 1) * WorkingGroupPage.steplen
                ),
                overdue=Q(
                    kind=DecisionKind.ACTION,
                    status__in=DecisionStatus.open_values(),
                    due_date__lt=self.today,
                ),
            )
            .values("kind", "status", "who", "organisation", "year", "group_path", "overdue")
            .annotate(n=Count("pk"))
            .order_by()
        )
        rows = list(grouped)
        paths = {row["group_path"] for row in rows}
        groups = self.groups_by_path(paths)
        for row in rows:
            group = groups.get(row["group_path"])
            row["group_slug"] = group.slug if group else ""
            row["overdue"] = bool(row["overdue"])
        self._facet_rows = rows
        return rows

    def groups_by_path(self, paths=None) -> dict:
        if self._groups is None:
            if self.group is not None:
                self._groups = {self.group.path: self.group}
            else:
                self._groups = {
                    group.path: group
                    for group in WorkingGroupPage.objects.filter(path__in=paths or [])
                    .only("title", "short_name", "slug", "path", "depth", "url_path")
                    .order_by("title")
                }
        return self._groups

    def groups_by_slug(self) -> dict:
        self.facet_rows()
        return {group.slug: group for group in self._groups.values()}

    def counts(self) -> dict:
        """Counts of the rows that pass every filter but the status, by status."""
        counts = Counter()
        for row in self.facet_rows():
            if not self.filters.matches(row, self.today, skip="status"):
                continue
            counts["all"] += row["n"]
            if row["kind"] == DecisionKind.DECISION:
                counts["decisions"] += row["n"]
                continue
            counts["actions"] += row["n"]
            counts[row["status"]] += row["n"]
            if row["status"] in DecisionStatus.open_values():
                counts[OPEN] += row["n"]
            if row["overdue"]:
                counts[OVERDUE] += row["n"]
        return counts

    def filtered_count(self) -> int:
        return sum(row["n"] for row in self.facet_rows() if self.filters.matches(row, self.today))

    def facet(self, key: str, skip: str) -> list[tuple]:
        """(value, count) of one field over the rows that pass the other filters."""
        counter = Counter()
        for row in self.facet_rows():
            if row[key] and self.filters.matches(row, self.today, skip=skip):
                counter[row[key]] += row["n"]
        return sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))[:FACET_LIMIT]

    def facets(self) -> dict:
        years = self.facet("year", "year")
        groups = self.groups_by_slug()
        group_counts = self.facet("group_slug", "group") if self.group is None else []
        themes = list(
            Theme.objects.filter(
                pk__in=MeetingMinutesPage.themes.through.objects.filter(
                    meetingminutespage_id__in=self.minutes.values("pk")
                ).values("theme_id")
            ).only("name", "slug")
        )
        return {
            "people": self.facet("who", "person"),
            "organisations": self.facet("organisation", "organisation"),
            "years": sorted(years, reverse=True),
            "groups": [(groups[slug], n) for slug, n in group_counts if slug in groups],
            "themes": themes,
        }

    # --- Rows ------------------------------------------------------------------------------------
    def ordered(self, rows):
        return (
            rows.select_related("page")
            .only(*ROW_FIELDS)
            .order_by(F("due_date").asc(nulls_last=True), "-decided_on", "pk")
        )

    def page(self, number: int):
        """The page `number` of the filtered rows, each with `.history` and `.overdue`."""
        paginator = Paginator(self.ordered(self.filtered()), ROWS_PER_PAGE)
        paginator.__dict__["count"] = self.filtered_count()  # known from the facet query
        page_obj = paginator.get_page(number)
        rows = list(page_obj.object_list)
        self.decorate(rows)
        page_obj.object_list = rows
        return page_obj

    def all_rows(self) -> list:
        rows = list(self.ordered(self.filtered())[:EXPORT_LIMIT])
        self.decorate(rows)
        return rows

    def decorate(self, rows):
        """Attach history (earlier public rows of the same action), group and overdue flag."""
        chain_ids = {row.origin_id or row.pk for row in rows}
        history = {}
        if chain_ids:
            earlier = (
                MeetingMinutesDecision.objects.filter(
                    Q(origin_id__in=chain_ids) | Q(pk__in=chain_ids),
                    page__in=self.minutes.values("pk"),
                )
                .select_related("page")
                .only(*HISTORY_FIELDS)
                .order_by("page__meeting_date", "page__sequence_number", "pk")
            )
            for item in earlier:
                history.setdefault(item.origin_id or item.pk, []).append(item)
        groups = self._groups or self.groups_by_path({group_path(row.page) for row in rows})
        for row in rows:
            row.history = [h for h in history.get(row.origin_id or row.pk, []) if h.pk != row.pk]
            row.decided_in = row.history[0].page if row.history else row.page
            row.overdue = is_overdue(row, self.today)
            row.group = groups.get(group_path(row.page))


def group_path(minutes) -> str:
    """The tree path of the group of a minutes page (its parent), without a query."""
    return minutes.path[: (minutes.depth - 1) * WorkingGroupPage.steplen]


PAGE_FIELDS = ("title", "url_path", "path", "depth", "meeting_date", "sequence_number", "slug")
ROW_FIELDS = (
    "kind",
    "what",
    "who",
    "organisation",
    "due_date",
    "status",
    "follows_id",
    "origin_id",
    "page_id",
    *(f"page__{name}" for name in PAGE_FIELDS),
)
HISTORY_FIELDS = (
    "what",
    "status",
    "due_date",
    "origin_id",
    "page_id",
    *(f"page__{name}" for name in PAGE_FIELDS),
)


def register_for(request, group=None) -> Register:
    return Register(request=request, group=group, filters=RegisterFilters.from_request(request))


def page_number(request) -> int:
    return get_page_number(request.GET)
