"""Keywords ("keywords", a free shared pool) and themes ("themes", a controlled list)."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Keyword(TagBase):
    """One pool of free keywords shared by every page type (case-insensitive: TAGGIT_CASE_INSENSITIVE)."""

    free_tagging = True

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["name"]

    def slugify(self, tag, i=None):
        # ASCII slugs ("économie" -> "economie") so that URLs stay readable and reversible.
        slug = slugify(tag)[:90] or "mot-cle"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return reverse("site_core:keyword", kwargs={"slug": self.slug})


class KeywordItemBase(TaggedItemBase):
    """Base of every `<Page>Keyword` through-model.

    A page type declares::

        class MethodSheetPageKeyword(KeywordItemBase):
            content_object = ParentalKey("articles.MethodSheetPage", related_name="keyword_items",
                                         on_delete=models.CASCADE)

        keywords = ClusterTaggableManager(through=MethodSheetPageKeyword, blank=True,
                                          verbose_name=_("keywords"))

    `site_core.listing.pages_with_keyword` finds every concrete subclass, so cross-type keyword
    pages need no change when a type is added.
    """

    tag = models.ForeignKey(
        Keyword, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items"
    )

    class Meta:
        abstract = True


class Theme(index.Indexed, models.Model):
    """A controlled theme ("theme") that editors manage as a snippet."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("URL slug"), max_length=120, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("site_core:theme", kwargs={"slug": self.slug})
