"""The working groups' index and the page of each group."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, Count, IntegerField, Max, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from site_core import site_data
from site_core.api_fields import rows
from site_core.models import BasePage, KeywordItemBase
from site_core.params import get_page_number

from ..choices import GroupStatus

MINUTES_PER_PAGE = 10
GROUP_DOCUMENTS_LIMIT = 20


class WorkingGroupIndexPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "working_groups.WorkingGroupIndexPage",
        related_name="keyword_items",
        on_delete=models.CASCADE,
    )


class WorkingGroupIndexPage(BasePage):
    """/groupes-de-travail/: every group, the active ones first."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    keywords = ClusterTaggableManager(
        through=WorkingGroupIndexPageKeyword, blank=True, verbose_name=_("keywords")
    )

    listable = False
    max_count = 1
    template = "working_groups/working_group_index_page.html"
    parent_page_types = ["site_core.HomePage"]
    subpage_types = ["working_groups.WorkingGroupPage"]

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("keywords")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("working groups index")
        verbose_name_plural = _("working groups indexes")

    def get_groups(self):
        """Live public groups, active first, each with `minutes_count` and `last_meeting_date`.

        Three queries whatever the number of groups: the groups, the view restrictions (public()),
        and one aggregate over the minutes grouped by the group's tree path.
        """
        from .minutes import MeetingMinutesPage

        groups = list(
            WorkingGroupPage.objects.child_of(self)
            .live()
            .public()
            .annotate(
                status_rank=Case(
                    When(status=GroupStatus.ACTIVE, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("status_rank", "title")
        )
        if not groups:
            return []
        path_length = (self.depth + 1) * self.steplen
        stats = {
            row["group_path"]: row
            for row in MeetingMinutesPage.objects.descendant_of(self)
            .live()
            .public()
            .annotate(group_path=Substr("path", 1, path_length))
            .values("group_path")
            .annotate(minutes_count=Count("pk"), last_meeting_date=Max("meeting_date"))
            .order_by()
        }
        for group in groups:
            row = stats.get(group.path, {})
            group.minutes_count = row.get("minutes_count", 0)
            group.last_meeting_date = row.get("last_meeting_date")
        return groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        groups = self.get_groups()
        context["active_groups"] = [g for g in groups if g.status == GroupStatus.ACTIVE]
        context["archived_groups"] = [g for g in groups if g.status != GroupStatus.ACTIVE]
        return context


class WorkingGroupPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "working_groups.WorkingGroupPage", related_name="keyword_items", on_delete=models.CASCADE
    )


class WorkingGroupPage(BasePage):
    """A working group: its mission, members, next meeting and the history of its minutes.

    Creating, renaming, moving or deleting one keeps its editorial set-up (Django groups, page
    and collection permissions, workflow) in step: see `working_groups.provisioning`.
    """

    short_name = models.CharField(
        _("short name"),
        max_length=40,
        help_text=_(
            "An acronym or a short name, e.g. “PRAXIS”. It names the group's writers and editors "
            "in the administration."
        ),
    )
    mission = RichTextField(
        _("mission"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    keywords = ClusterTaggableManager(
        through=WorkingGroupPageKeyword, blank=True, verbose_name=_("keywords")
    )

    is_group_page = True
    template = "working_groups/working_group_page.html"
    parent_page_types = ["working_groups.WorkingGroupIndexPage"]
    subpage_types = [
        "working_groups.MeetingMinutesPage",
        "articles.MethodSheetPage",
        "articles.WhitePaperPage",
    ]

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("status")]),
        FieldPanel("mission"),
        FieldPanel("territory"),
        InlinePanel("member_organisations", label=_("Member organisations")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")], heading=_("Contact")
        ),
        FieldPanel("keywords"),
    ]
    # Wagtail API v2: never the contact's e-mail address.
    api_fields = BasePage.api_fields + [
        APIField("short_name"),
        APIField("mission"),
        APIField("territory"),
        APIField("status"),
        rows("member_organisations", "api_member_organisations"),
    ]

    @property
    def api_member_organisations(self):
        return [organisation.name for organisation in self.member_organisations.all()]

    search_fields = BasePage.search_fields + [
        index.SearchField("short_name"),
        index.AutocompleteField("short_name"),
        index.SearchField("mission"),
        index.SearchField("territory"),
        index.RelatedFields("member_organisations", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == GroupStatus.ACTIVE

    def clean(self):
        super().clean()
        self.short_name = (self.short_name or "").strip()
        if not self.short_name:
            raise ValidationError({"short_name": _("Give the group a short name.")})
        if "—" in self.short_name:
            raise ValidationError(
                {"short_name": _("The short name may not contain a long dash (—).")}
            )
        clash = (
            WorkingGroupPage.objects.exclude(pk=self.pk)
            .filter(short_name__iexact=self.short_name)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "short_name": _(
                        "The group “%(title)s” already uses this short name: each group needs "
                        "its own, it names its writers and editors."
                    )
                    % {"title": clash.title}
                }
            )

    # --- Listings --------------------------------------------------------------------------------
    def published_minutes(self):
        from .minutes import MeetingMinutesPage

        return (
            MeetingMinutesPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-meeting_date", "-sequence_number", "-pk")
        )

    def next_meeting(self):
        """The meeting announced in the newest minutes, if it is still to come."""
        latest = (
            self.published_minutes()
            .filter(next_meeting_at__isnull=False)
            .only("next_meeting_at", "next_meeting_place", "next_meeting_agenda", "title")
            .first()
        )
        if latest is None or latest.next_meeting_at < timezone.now():
            return None
        return latest

    def group_documents(self):
        """Documents attached to the group's published minutes, newest meeting first."""
        from .minutes import MeetingMinutesDocument

        rows = (
            MeetingMinutesDocument.objects.filter(page__in=self.published_minutes().values("pk"))
            .select_related("document", "page")
            .order_by("-page__meeting_date", "sort_order")[: GROUP_DOCUMENTS_LIMIT * 2]
        )
        seen, documents = set(), []
        for row in rows:
            if row.document_id in seen:
                continue
            seen.add(row.document_id)
            documents.append(row)
        return documents[:GROUP_DOCUMENTS_LIMIT]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.published_minutes(), MINUTES_PER_PAGE)
        context["minutes_page"] = paginator.get_page(get_page_number(request.GET))
        context["page_obj"] = context["minutes_page"]
        # Read from the group's published minutes, the same for every reader: kept under the
        # page cache's stamp (never in a preview).
        context["next_meeting"], context["documents"] = site_data.kept(
            request,
            f"group-next-and-documents:{self.pk}",
            lambda: (self.next_meeting(), self.group_documents()),
        )
        context["organisations"] = list(self.member_organisations.all())
        return context

    # --- Feeds (working_groups.urls serves them under the page's URL) -----------------------------
    feed_subpath = "comptes-rendus.xml"
    calendar_subpath = "prochaines-rencontres.ics"


class WorkingGroupOrganisation(Orderable):
    """A member organisation of a working group."""

    page = ParentalKey(
        WorkingGroupPage, related_name="member_organisations", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    place = models.CharField(_("town or territory"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("place")]

    class Meta(Orderable.Meta):
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")

    def __str__(self):
        return self.name
