"""White papers ("livres blancs"): assembled from workshops, with their provenance."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from site_core import site_data
from site_core.api_fields import RowsField, public_document, rows
from site_core.indexing import SearchAttachment
from site_core.models import BasePage, KeywordItemBase

from ..blocks import ChaptersBlock
from ..choices import ConsultationState
from ..forms import WhitePaperForm

CHAPTER_ANCHOR_FALLBACK = "chapitre"
# Ids the white paper's template and the shared components already use on the page.
RESERVED_IDS = {
    "content",
    "abstract-title",
    "toc-title",
    "contributors-title",
    "provenance-title",
    "related-title",
    "reactions",
    "reactions-title",
    "reactions-form",
    "reactions-form-errors",
    "site-search-q",
}
RESERVED_ID_PREFIXES = ("backlinks-", "reaction-", "section-", "id_")


def _is_reserved_id(anchor: str) -> bool:
    return anchor in RESERVED_IDS or anchor.startswith(RESERVED_ID_PREFIXES)


class WhitePaperPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "articles.WhitePaperPage", related_name="keyword_items", on_delete=models.CASCADE
    )


class WhitePaperPage(BasePage):
    feed_prefetch = ("pdf",)  # read by get_feed_enclosures

    abstract = RichTextField(_("abstract"), features=["bold", "italic", "link"])
    chapters = StreamField(ChaptersBlock(), verbose_name=_("chapters"), blank=True)
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consultation_opens = models.DateField(_("consultation opens"), null=True, blank=True)
    consultation_closes = models.DateField(_("consultation closes"), null=True, blank=True)
    keywords = ClusterTaggableManager(
        through=WhitePaperPageKeyword, blank=True, verbose_name=_("keywords")
    )

    accepts_reactions = True
    base_form_class = WhitePaperForm
    template = "articles/white_paper_page.html"
    parent_page_types = ["articles.ResourceIndexPage", "working_groups.WorkingGroupPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("abstract"),
        FieldPanel("chapters"),
        InlinePanel("contributors", label=_("Contributor"), heading=_("Contributors")),
        FieldPanel("pdf"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("consultation_opens"), FieldPanel("consultation_closes")])],
            heading=_("Public consultation"),
            help_text=_("While the consultation is open, readers may react under the white paper."),
        ),
        InlinePanel(
            "sources", label=_("Source"), heading=_("Built from (minutes, sheets, other pages)")
        ),
        FieldPanel("keywords"),
    ]
    # Wagtail API v2: the white paper, its contributors and its PDF (when public).
    api_fields = BasePage.api_fields + [
        APIField("abstract"),
        APIField("chapters"),
        APIField("consultation_opens"),
        APIField("consultation_closes"),
        rows("contributors", "api_contributors"),
        APIField("pdf", serializer=RowsField(source="api_pdf")),
    ]

    @property
    def api_contributors(self):
        return [
            {"name": c.name, "organisation": c.organisation, "role": c.role}
            for c in self.contributors.all()
        ]

    @property
    def api_pdf(self):
        return public_document(self.pdf) if self.pdf is not None else None

    search_fields = BasePage.search_fields + [
        index.SearchField("abstract"),
        index.SearchField("chapters"),
        index.RelatedFields(
            "contributors", [index.SearchField("name"), index.SearchField("organisation")]
        ),
    ]

    class Meta:
        verbose_name = _("white paper")
        verbose_name_plural = _("white papers")

    def clean(self):
        super().clean()
        if self.consultation_closes and not self.consultation_opens:
            raise ValidationError(
                {"consultation_opens": _("Give the opening date of the consultation.")}
            )
        if (
            self.consultation_opens
            and self.consultation_closes
            and self.consultation_closes <= self.consultation_opens
        ):
            raise ValidationError(
                {
                    "consultation_closes": _(
                        "The consultation must close after it opens (%(date)s)."
                    )
                    % {"date": self.consultation_opens.strftime("%d/%m/%Y")}
                }
            )

    # --- Consultation ----------------------------------------------------------------------------
    def consultation_state(self, today=None) -> str:
        if not self.consultation_opens:
            return ConsultationState.NONE
        today = today or timezone.localdate()
        if today < self.consultation_opens:
            return ConsultationState.UPCOMING
        if self.consultation_closes and today > self.consultation_closes:
            return ConsultationState.CLOSED
        return ConsultationState.OPEN

    @property
    def consultation_is_open(self) -> bool:
        return self.consultation_state() == ConsultationState.OPEN

    def reactions_allowed(self) -> bool:
        return super().reactions_allowed() and self.consultation_is_open

    # --- Display ---------------------------------------------------------------------------------
    def chapters_with_anchors(self) -> list[tuple[str, object]]:
        """(anchor, block) for each chapter: the editor's anchor or one made from the title,
        unique on the page (a repeated title gets "-2", "-3"…) and never one of the page's own ids.
        """
        used: set[str] = set()
        result = []
        for number, block in enumerate(self.chapters, start=1):
            base = (
                block.value.get("anchor")
                or slugify(block.value["heading"])
                or f"{CHAPTER_ANCHOR_FALLBACK}-{number}"
            )
            anchor, suffix = base, 1
            while anchor in used or _is_reserved_id(anchor):
                suffix += 1
                anchor = f"{base}-{suffix}"
            used.add(anchor)
            result.append((anchor, block))
        return result

    def table_of_contents(self) -> list[tuple[str, str]]:
        return [(anchor, block.value["heading"]) for anchor, block in self.chapters_with_anchors()]

    def live_sources(self):
        """(page, note) for each source that is live and public, in the editor's order."""
        from site_core.listing import public_pages

        rows = list(self.sources.all())
        visible = {
            page.pk: page
            for page in public_pages().filter(pk__in=[row.source_id for row in rows]).specific()
        }
        return [(visible[row.source_id], row.note) for row in rows if row.source_id in visible]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            {
                "consultation_state": self.consultation_state(),
                "chapters": self.chapters_with_anchors(),
                "contributors": list(self.contributors.all()),
                # Other pages, the same for every reader: kept under the page cache's stamp
                # (never in a preview, whose sources may differ).
                "sources": site_data.kept(
                    request, f"white-paper-sources:{self.pk}", self.live_sources
                ),
            }
        )
        # « Citer cette ressource » names the people, else the group or the site.
        context["contributors_names"] = ", ".join(
            person.name or person.organisation for person in context["contributors"]
        )
        return context

    # --- Search ----------------------------------------------------------------------------------
    def get_feed_enclosures(self) -> list:
        from site_core.syndication import document_enclosure

        enclosure = document_enclosure(self.pdf)
        return [enclosure] if enclosure is not None else []

    def get_search_attachments(self) -> list[SearchAttachment]:
        if self.pdf is None or self.pdf.file_extension.lower() != "pdf":
            return []
        return [
            SearchAttachment(
                label=str(_("PDF: %(title)s")) % {"title": self.pdf.title},
                kind="pdf",
                url=self.pdf.url,
                file=self.pdf.file,
            )
        ]


class WhitePaperContributor(Orderable):
    paper = ParentalKey(WhitePaperPage, related_name="contributors", on_delete=models.CASCADE)
    name = models.CharField(
        _("person"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty when an organisation contributed as such."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("For example: co-author, proofreading.")
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("organisation"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        if self.name and self.organisation:
            return f"{self.name} ({self.organisation})"
        return self.name or self.organisation

    def clean(self):
        super().clean()
        if not self.name.strip() and not self.organisation.strip():
            raise ValidationError(_("Give a person, an organisation, or both."))


class WhitePaperSource(Orderable):
    """Provenance: a page (minutes, sheet, workshop) the white paper was built from."""

    paper = ParentalKey(WhitePaperPage, related_name="sources", on_delete=models.CASCADE)
    source = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("source page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("what it brought"), max_length=255, blank=True)

    panels = [PageChooserPanel("source"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")
