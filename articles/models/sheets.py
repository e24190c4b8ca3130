"""Method sheets ("fiches méthode"): a method a facilitator can run next week."""

import functools

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from site_core.api_fields import rows
from site_core.models import BasePage, KeywordItemBase

from ..choices import Origin
from ..forms import MethodSheetForm

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class MethodSheetPageKeyword(KeywordItemBase):
    content_object = ParentalKey(
        "articles.MethodSheetPage", related_name="keyword_items", on_delete=models.CASCADE
    )


class MethodSheetPage(BasePage):
    objective = models.TextField(
        _("objective"), help_text=_("What the group will be able to do afterwards.")
    )
    audiences = models.CharField(
        _("audiences"),
        max_length=255,
        blank=True,
        help_text=_("For example: employees, volunteers, board members."),
    )
    duration_label = models.CharField(
        _("overall duration"),
        max_length=100,
        blank=True,
        help_text=_("As you would say it (“half a day”). The total of the steps is shown too."),
    )
    group_size_min = models.PositiveSmallIntegerField(_("group size: from"), null=True, blank=True)
    group_size_max = models.PositiveSmallIntegerField(_("group size: to"), null=True, blank=True)
    materials = models.TextField(_("materials"), blank=True, help_text=_("One item per line."))
    facilitation_tips = RichTextField(_("facilitation tips"), blank=True, features=TEXT_FEATURES)
    variants = RichTextField(_("variants"), blank=True, features=TEXT_FEATURES)
    origins = models.JSONField(_("origins"), default=list, blank=True)
    keywords = ClusterTaggableManager(
        through=MethodSheetPageKeyword, blank=True, verbose_name=_("keywords")
    )

    accepts_reactions = True
    base_form_class = MethodSheetForm
    template = "articles/method_sheet_page.html"
    parent_page_types = ["articles.ResourceIndexPage", "working_groups.WorkingGroupPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        FieldPanel("objective"),
        FieldPanel("audiences"),
        FieldRowPanel(
            [
                FieldPanel("duration_label"),
                FieldPanel("group_size_min"),
                FieldPanel("group_size_max"),
            ]
        ),
        FieldPanel("materials"),
        InlinePanel("steps", label=_("Step"), heading=_("Steps, in order"), min_num=1),
        FieldPanel("facilitation_tips"),
        FieldPanel("variants"),
        FieldPanel("origins"),
        InlinePanel("related_sheet_links", label=_("Related sheet"), heading=_("Related sheets")),
        FieldPanel("keywords"),
    ]
    # Wagtail API v2: the method sheet with its ordered steps.
    api_fields = BasePage.api_fields + [
        APIField("objective"),
        APIField("audiences"),
        APIField("duration_label"),
        APIField("group_size_min"),
        APIField("group_size_max"),
        APIField("materials"),
        APIField("facilitation_tips"),
        APIField("variants"),
        APIField("origins"),
        rows("steps", "api_steps"),
    ]

    @property
    def api_steps(self):
        return [
            {
                "title": step.title,
                "instructions": step.instructions,
                "duration_minutes": step.duration_minutes,
            }
            for step in self.steps.all()
        ]

    search_fields = BasePage.search_fields + [
        index.SearchField("objective"),
        index.SearchField("audiences"),
        index.SearchField("materials"),
        index.SearchField("facilitation_tips"),
        index.SearchField("variants"),
        index.RelatedFields(
            "steps", [index.SearchField("title"), index.SearchField("instructions")]
        ),
    ]

    class Meta:
        verbose_name = _("method sheet")
        verbose_name_plural = _("method sheets")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if (
            self.group_size_min
            and self.group_size_max
            and self.group_size_max < self.group_size_min
        ):
            raise ValidationError(
                {"group_size_max": _("The largest group cannot be smaller than the smallest.")}
            )
        unknown = [value for value in self.origins or [] if value not in Origin.values]
        if unknown:
            raise ValidationError(
                {"origins": _("Unknown origin: %(value)s.") % {"value": ", ".join(unknown)}}
            )

    @property
    def total_duration(self) -> int:
        """Total of the steps' durations, in minutes."""
        return sum(step.duration_minutes or 0 for step in self.steps.all())

    def origin_labels(self) -> list[str]:
        labels = dict(Origin.choices)
        return [str(labels[value]) for value in self.origins or [] if value in labels]

    def materials_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.materials.splitlines() if line.strip(" -•\t")]

    def related_sheets(self):
        """The related sheets a reader may open (live and public), in the editor's order."""
        from site_core.listing import public_pages

        links = list(self.related_sheet_links.select_related("sheet"))
        visible = set(
            public_pages()
            .filter(pk__in=[link.sheet_id for link in links])
            .values_list("pk", flat=True)
        )
        return [link.sheet for link in links if link.sheet_id in visible]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read by the template only when it renders them (callables are called by the template,
        # once each): the kept block that shows them (`kept_block`) comes from the page cache's
        # store on most renderings.
        steps = self.steps.all()
        context.update(
            {
                "steps": steps,
                "total_duration": functools.cache(
                    lambda: sum(step.duration_minutes or 0 for step in steps)
                ),
                "materials": self.materials_list(),
                "origins": self.origin_labels(),
                "related_sheets": functools.cache(self.related_sheets),
            }
        )
        return context


class MethodSheetStep(Orderable):
    sheet = ParentalKey(MethodSheetPage, related_name="steps", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )

    panels = [FieldPanel("title"), FieldPanel("instructions"), FieldPanel("duration_minutes")]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")


class MethodSheetRelated(Orderable):
    page = ParentalKey(
        MethodSheetPage, related_name="related_sheet_links", on_delete=models.CASCADE
    )
    sheet = models.ForeignKey(
        "articles.MethodSheetPage",
        verbose_name=_("sheet"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("sheet", "articles.MethodSheetPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related sheet")
        verbose_name_plural = _("related sheets")
