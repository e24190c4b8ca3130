"""Meeting minutes ("comptes-rendus de rencontre") as structured data."""

import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from site_core import site_data
from site_core.api_fields import public_document, rows
from site_core.indexing import SearchAttachment
from site_core.models import BasePage, KeywordItemBase

from ..blocks import MinutesStreamBlock
from ..choices import DecisionKind, DecisionStatus, ParticipantRole
from ..forms import MeetingMinutesForm
from ..panels import MinutesInlinePanel, ParticipantSuggestionsPanel, SentBackCommentPanel
from ..slugs import dated_slug, next_sequence_number, unique_slug

# A meeting date further ahead than this is a typing mistake (2205 for 2025), not a plan.
MAX_DAYS_AHEAD = 366


class MeetingMinutesPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "working_groups.MeetingMinutesPage", related_name="keyword_items", on_delete=models.CASCADE
    )


class MeetingMinutesPage(BasePage):
    """The minutes of one meeting of a working group."""

    feed_prefetch = ("documents__document",)  # read by get_feed_enclosures

    meeting_date = models.DateField(_("meeting date"))
    sequence_number = models.PositiveSmallIntegerField(
        _("sequence number"),
        blank=True,
        help_text=_(
            "Counted from the group's meetings (3 for the third one); change it if needed."
        ),
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    synthesis_author = models.CharField(
        _("synthesis written by"),
        max_length=255,
        blank=True,
        help_text=_("Who wrote this synthesis (a person, or several)."),
    )
    body = StreamField(MinutesStreamBlock(), verbose_name=_("minutes"), blank=True)
    next_meeting_at = models.DateTimeField(_("next meeting: date and time"), null=True, blank=True)
    next_meeting_ends_at = models.DateTimeField(
        _("next meeting: end"),
        null=True,
        blank=True,
        help_text=_("When the meeting ends, if it is known (calendars show it)."),
    )
    next_meeting_place = models.CharField(_("next meeting: place"), max_length=255, blank=True)
    next_meeting_agenda = models.TextField(_("next meeting: agenda"), blank=True)
    keywords = ClusterTaggableManager(
        through=MeetingMinutesPageKeyword, blank=True, verbose_name=_("keywords")
    )

    accepts_reactions = True
    template = "working_groups/meeting_minutes_page.html"
    parent_page_types = ["working_groups.WorkingGroupPage"]
    subpage_types = []

    base_form_class = MeetingMinutesForm
    # In the order of a meeting: when and where, who came, what was said, what was decided, the
    # next meeting; then the documents and the classification.
    content_panels = [
        SentBackCommentPanel(),
        *BasePage.content_panels[:1],  # title
        FieldRowPanel([FieldPanel("meeting_date"), FieldPanel("sequence_number")]),
        FieldPanel("place"),
        ParticipantSuggestionsPanel(),
        MinutesInlinePanel(
            "participants",
            label=_("Person"),
            heading=_("Who came"),
            add_label=_("Add a person"),
        ),
        FieldPanel("synthesis_author"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MinutesInlinePanel(
            "decisions",
            label=_("Decision or action"),
            heading=_("What was decided"),
            add_label=_("Add a decision or an action"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("next_meeting_at"),
                FieldPanel("next_meeting_ends_at"),
                FieldPanel("next_meeting_place"),
                FieldPanel("next_meeting_agenda"),
            ],
            heading=_("Next meeting"),
        ),
        MinutesInlinePanel(
            "documents",
            label=_("Document"),
            heading=_("Supporting documents"),
            add_label=_("Add a document"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("keywords"),
                FieldPanel("listing_image"),
            ],
            heading=_("Classification"),
        ),
    ]
    # Wagtail API v2: the structured minutes (participants, decisions, public documents).
    api_fields = BasePage.api_fields + [
        APIField("meeting_date"),
        APIField("sequence_number"),
        APIField("place"),
        APIField("synthesis_author"),
        APIField("body"),
        rows("participants", "api_participants"),
        rows("decisions", "api_decisions"),
        rows("documents", "api_documents"),
        APIField("next_meeting_at"),
        APIField("next_meeting_place"),
        APIField("next_meeting_agenda"),
    ]

    @property
    def api_participants(self):
        return [
            {"name": p.name, "organisation": p.organisation, "role": p.role}
            for p in self.participants.all()
        ]

    @property
    def api_decisions(self):
        return [
            {"what": d.what, "who": d.who, "due_date": d.due_date, "status": d.status}
            for d in self.decisions.all()
        ]

    @property
    def api_documents(self):
        found = [public_document(row.document) for row in self.documents.select_related("document")]
        return [document for document in found if document is not None]

    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("place"),
        index.SearchField("synthesis_author"),
        index.SearchField("next_meeting_place"),
        index.SearchField("next_meeting_agenda"),
        index.FilterField("meeting_date"),
        index.RelatedFields(
            "participants", [index.SearchField("name"), index.SearchField("organisation")]
        ),
        index.RelatedFields("decisions", [index.SearchField("what"), index.SearchField("who")]),
    ]
    # Read by get_search_attachments(); the search indexer prefetches it for a batch of pages.
    search_prefetch = ("documents__document",)

    class Meta:
        verbose_name = _("meeting minutes")
        # Same English word, two French ones ("compte-rendu" / "comptes-rendus").
        verbose_name_plural = pgettext_lazy("plural", "meeting minutes")

    # --- Validation ------------------------------------------------------------------------------
    def prepare_slug_and_number(self):
        """The date before the slug, a number if a sibling has it, the sequence number counted.

        Runs in clean() (published pages, admin forms) and in minimal_clean() (drafts saved in
        code), so that two writers covering the same meeting get two addresses, never a crash.
        """
        parent = self.get_parent() if self.path else None
        if self.sequence_number is None and parent is not None:
            self.sequence_number = next_sequence_number(parent, self.pk)
        if self.meeting_date and not self.first_published_at and self.slug:
            self.slug = dated_slug(self.slug, self.meeting_date)
            if parent is not None:
                self.slug = unique_slug(self.slug, parent, self)

    def minimal_clean(self):
        self.prepare_slug_and_number()
        super().minimal_clean()

    def clean(self):
        errors = {}
        self.prepare_slug_and_number()
        if self.meeting_date:
            limit = timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD)
            if self.meeting_date > limit:
                errors["meeting_date"] = _(
                    "This date is more than a year ahead: minutes tell of a meeting that took "
                    "place. Check the year."
                )
        if self.next_meeting_at and self.meeting_date:
            next_day = timezone.localtime(self.next_meeting_at).date()
            if next_day <= self.meeting_date:
                errors["next_meeting_at"] = _(
                    "The next meeting must come after this one (%(date)s)."
                ) % {"date": self.meeting_date.strftime("%d/%m/%Y")}
        if (
            self.next_meeting_ends_at
            and self.next_meeting_at
            and self.next_meeting_ends_at <= self.next_meeting_at
        ):
            errors["next_meeting_ends_at"] = _("The meeting must end after it begins.")
        if (self.next_meeting_place or self.next_meeting_agenda) and not self.next_meeting_at:
            errors["next_meeting_at"] = _(
                "Give the date of the next meeting, or leave its place and agenda empty."
            )
        if errors:
            raise ValidationError(errors)
        super().clean()

    # --- Display ---------------------------------------------------------------------------------
    @property
    def sequence_label(self) -> str:
        if self.sequence_number == 1:
            return str(_("1st meeting"))
        return str(_("Meeting no. %(number)s")) % {"number": self.sequence_number}

    def get_listing_date(self):
        return self.meeting_date

    def sibling_minutes(self):
        return (
            MeetingMinutesPage.objects.sibling_of(self, inclusive=False)
            .live()
            .public()
            .only("title", "url_path", "meeting_date", "sequence_number", "path", "depth")
        )

    def _previous_q(self):
        return models.Q(meeting_date__lt=self.meeting_date) | models.Q(
            meeting_date=self.meeting_date, sequence_number__lt=self.sequence_number
        )

    def _next_q(self):
        return models.Q(meeting_date__gt=self.meeting_date) | models.Q(
            meeting_date=self.meeting_date, sequence_number__gt=self.sequence_number
        )

    def previous_meeting(self):
        return self.meeting_neighbours()[0]

    def next_meeting_minutes(self):
        return self.meeting_neighbours()[1]

    def meeting_neighbours(self, same_group_count: int = 4):
        """(previous, next, [latest others]) among the group's published minutes, in one query
        whatever the number of minutes: two scalar subqueries (previous, next) and a bounded
        one (the latest), each on the group's siblings only."""
        siblings = self.sibling_minutes()
        previous_id = (
            siblings.filter(self._previous_q())
            .order_by("-meeting_date", "-sequence_number")
            .values("pk")[:1]
        )
        next_id = (
            siblings.filter(self._next_q())
            .order_by("meeting_date", "sequence_number")
            .values("pk")[:1]
        )
        latest_ids = siblings.order_by("-meeting_date", "-sequence_number").values("pk")[
            : same_group_count + 2
        ]
        rows = list(
            siblings.filter(
                models.Q(pk=models.Subquery(previous_id))
                | models.Q(pk=models.Subquery(next_id))
                | models.Q(pk__in=latest_ids)
            )
        )
        here = (self.meeting_date, self.sequence_number)

        def key(row):
            return (row.meeting_date, row.sequence_number)

        # The true previous (next) is among the rows, and it is the latest before (the
        # earliest after) this meeting among them.
        previous = max((row for row in rows if key(row) < here), key=key, default=None)
        following = min((row for row in rows if key(row) > here), key=key, default=None)
        same_group = sorted(
            (row for row in rows if row not in (previous, following)), key=key, reverse=True
        )[:same_group_count]
        return previous, following, same_group

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read by the template only when it renders them: the kept block that shows them
        # (`kept_block`) comes from the page cache's store on most renderings.
        context["participants"] = self.participants.all()
        context["decisions"] = self.decisions.all()
        context["documents"] = self.documents.select_related("document")
        # The same for every reader: kept under the page cache's stamp (never in a preview,
        # whose meeting date may differ).
        previous, following, same_group = site_data.kept(
            request, f"minutes-neighbours:{self.pk}", self.meeting_neighbours
        )
        context["previous_minutes"] = previous
        context["next_minutes"] = following
        context["same_group"] = same_group
        context["group"] = self.get_parent()
        return context

    # --- Search ----------------------------------------------------------------------------------
    def get_feed_enclosures(self) -> list:
        from site_core.syndication import document_enclosure

        if "documents" in getattr(self, "_prefetched_objects_cache", {}):
            rows = self.documents.all()  # with their documents (`feed_prefetch`)
        else:
            rows = self.documents.select_related("document")
        found = [document_enclosure(row.document) for row in rows]
        return [enclosure for enclosure in found if enclosure is not None]

    def get_search_attachments(self) -> list[SearchAttachment]:
        attachments = []
        for row in self.documents.all():  # prefetched with their documents by the indexer
            document = row.document
            if document is None or document.file_extension.lower() != "pdf":
                continue
            attachments.append(
                SearchAttachment(
                    label=str(_("PDF: %(title)s")) % {"title": row.display_title},
                    kind="pdf",
                    url=document.url,
                    file=document.file,
                )
            )
        return attachments


class MeetingMinutesParticipant(Orderable):
    page = ParentalKey(MeetingMinutesPage, related_name="participants", on_delete=models.CASCADE)
    # Not required at the database level so that the form's message can say why (clean()).
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.PRESENT
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel(
                    "name",
                    widget=forms.TextInput(
                        attrs={"list": "minutes-participant-names", "autocomplete": "off"}
                    ),
                ),
                FieldPanel(
                    "organisation",
                    widget=forms.TextInput(
                        attrs={"list": "minutes-participant-organisations", "autocomplete": "off"}
                    ),
                ),
                FieldPanel("role"),
            ]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        if not self.name:
            raise ValidationError(
                {
                    "name": _(
                        "Each participant needs a name (a first name is enough), or remove the row."
                    )
                }
            )


class MeetingMinutesDecision(Orderable):
    """A decision or an action of one meeting: a row of the group's register.

    A later meeting carries an earlier action forward (or marks it done, or drops it) with a row
    that `follows` it; the row's own status is then the action's status from that meeting on.
    `origin` is the first row of that chain (set on save), so the register finds an action's
    whole history, and the meeting that decided it, in one query (`working_groups.register`).
    """

    page = ParentalKey(MeetingMinutesPage, related_name="decisions", on_delete=models.CASCADE)
    kind = models.CharField(
        _("kind"), max_length=20, choices=DecisionKind.choices, default=DecisionKind.ACTION
    )
    what = models.TextField(_("what"))
    who = models.CharField(_("who"), max_length=255, blank=True)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that takes it on, if any."),
    )
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.TO_DO
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("follows up the action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        limit_choices_to={"status__in": DecisionStatus.open_values()},
        help_text=_(
            "An action decided at an earlier meeting of the group that this meeting carries "
            "forward, marks done or drops."
        ),
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("first decided as"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("what"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("who"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("due_date"), FieldPanel("status")]),
        FieldPanel("follows"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("decision or action")
        verbose_name_plural = _("decisions and actions")

    def __str__(self):
        return self.what[:80]

    def clean(self):
        super().clean()
        if self.follows_id is None:
            return
        earlier = self.follows
        if self.pk and (earlier.pk == self.pk or earlier.origin_id == self.pk):
            raise ValidationError({"follows": _("An action cannot follow itself.")})
        try:
            minutes = self.page
        except MeetingMinutesPage.DoesNotExist:
            minutes = None
        if minutes is not None and earlier.page_id:
            earlier_page = earlier.page
            if minutes.pk and earlier_page.pk == minutes.pk:
                raise ValidationError(
                    {"follows": _("Choose an action of an earlier meeting, not of this one.")}
                )
            steplen = MeetingMinutesPage.steplen
            if minutes.path and earlier_page.path[:-steplen] != minutes.path[:-steplen]:
                raise ValidationError(
                    {"follows": _("Choose an action of this group, not of another group.")}
                )
            if minutes.meeting_date and earlier_page.meeting_date > minutes.meeting_date:
                raise ValidationError(
                    {
                        "follows": _(
                            "This action was decided on %(date)s, after this meeting: a meeting "
                            "can only follow up what came before it."
                        )
                        % {"date": earlier_page.meeting_date.strftime("%d/%m/%Y")}
                    }
                )

    def save(self, *args, **kwargs):
        if self.follows_id is None:
            self.origin_id = None
        else:
            earlier = (
                MeetingMinutesDecision.objects.filter(pk=self.follows_id)
                .values("origin_id", "who", "organisation", "kind")
                .first()
            ) or {}
            self.origin_id = earlier.get("origin_id") or self.follows_id
            # A row that carries an action forward keeps who takes it on unless it says otherwise.
            self.who = self.who or earlier.get("who", "")
            self.organisation = self.organisation or earlier.get("organisation", "")
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "origin"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in DecisionStatus.open_values()


def validate_document_file(document):
    """The reasons a document may not be attached to minutes, in French, or None."""
    allowed = [ext.lower() for ext in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []]
    extension = Path(document.file.name).suffix.lstrip(".").lower()
    if allowed and extension not in allowed:
        return _(
            "Files of type “.%(extension)s” are not accepted. Accepted types: %(allowed)s — "
            "formats every reader can open, without macros."
        ) % {"extension": extension or "?", "allowed": ", ".join(allowed)}
    limit_mb = settings.MAX_UPLOAD_MB
    size = document.get_file_size() or 0
    if size > limit_mb * 1024 * 1024:
        return _(
            "This file weighs %(size)s MB; the limit is %(limit)s MB so that minutes stay quick "
            "to download on a modest connection. Compress it or split it."
        ) % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "limit": limit_mb}
    return None


class MeetingMinutesDocument(Orderable):
    page = ParentalKey(MeetingMinutesPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to use the document's own title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or (self.document.title if self.document_id else "")

    def clean(self):
        super().clean()
        if self.document_id:
            problem = validate_document_file(self.document)
            if problem:
                raise ValidationError({"document": problem})
