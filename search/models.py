"""The public search index: one denormalised entry per live, public, listable page.

Entries are written by `search.indexing` and read by the database engines; the full-text
structures (SQLite's FTS5 table, PostgreSQL's tsvector column and GIN index) are created by
this app's migrations next to these tables. `page_id` is not a foreign key so that the index
can be rebuilt, or filled by the benchmark, independently of the page tree.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FacetKind(models.TextChoices):
    TYPE = "type", _("Type")
    GROUP = "group", _("Working group")
    THEME = "theme", _("Theme")
    KEYWORD = "keyword", _("Keyword")
    YEAR = "year", _("Year")


class SearchEntry(models.Model):
    page_id = models.BigIntegerField(_("page"), primary_key=True)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body text"), blank=True)
    tags = models.TextField(_("themes and keywords"), blank=True)
    # [{"label": "PDF : ordre-du-jour.pdf", "kind": "pdf", "url": "/documents/…", "text": "…"}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    content_type = models.CharField(_("type"), max_length=100, db_index=True)
    type_label = models.CharField(_("type name"), max_length=100)
    group_slug = models.CharField(_("group"), max_length=255, blank=True, db_index=True)
    group_title = models.CharField(_("group name"), max_length=255, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    url = models.CharField(_("URL"), max_length=1000)
    # A digest of the indexed document (search.documents.IndexDocument.checksum): the
    # consistency check compares it with the page's current document.
    checksum = models.CharField(_("checksum"), max_length=64, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.title


class SearchFacet(models.Model):
    """One facet value of an entry (its type, group, each theme and keyword, its year)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    kind = models.CharField(_("kind"), max_length=10, choices=FacetKind.choices)
    value = models.CharField(_("value"), max_length=255)
    label = models.CharField(_("label"), max_length=255)

    class Meta:
        verbose_name = _("search facet")
        verbose_name_plural = _("search facets")
        indexes = [
            models.Index(fields=["kind", "value", "entry"], name="search_facet_kind_value"),
            # Covering index for counting the facets of a match (entry -> kind, value, label).
            models.Index(
                fields=["entry", "kind", "value", "label"], name="search_facet_entry_cover"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.label}"


class SearchVocabulary(models.Model):
    """Every word the index has seen (folded), for typo correction: « assocation » → « association »."""

    word = models.CharField(_("word"), max_length=60, unique=True)
    display = models.CharField(_("spelling"), max_length=60)
    stem = models.CharField(_("stem"), max_length=60, db_index=True)
    length = models.PositiveSmallIntegerField(_("length"), db_index=True)
    frequency = models.PositiveIntegerField(_("frequency"), default=0)

    class Meta:
        verbose_name = _("search vocabulary word")
        verbose_name_plural = _("search vocabulary")

    def __str__(self):
        return self.display


class SearchVocabularyGram(models.Model):
    """The trigrams of each vocabulary word (« assoc » → "  a", " as", "ass"…): typo correction
    looks up the words sharing enough trigrams with what was typed instead of scanning the
    vocabulary, so its cost follows the typed word, not the size of the site."""

    gram = models.CharField(_("trigram"), max_length=3)
    word = models.ForeignKey(SearchVocabulary, on_delete=models.CASCADE, related_name="grams")

    class Meta:
        verbose_name = _("vocabulary trigram")
        verbose_name_plural = _("vocabulary trigrams")
        indexes = [models.Index(fields=["gram", "word"], name="search_gram_gram_word")]

    def __str__(self):
        return self.gram


class PendingIndexUpdate(models.Model):
    """A page whose index entry must be brought up to date: written in the same transaction as
    the change (publish, unpublish, move, deletion…) and deleted once the engine has applied it.
    When the engine is unreachable the row stays, with its attempts and last error, until a retry
    (the `retry_index_updates` task, `manage.py apply_search_updates`) succeeds."""

    page_id = models.BigIntegerField(_("page"), primary_key=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self):
        return f"{self.page_id} ({self.attempts})"


class ExtractedText(models.Model):
    """The text of one version of an attached file (path, size and modification time make the
    key), so that reindexing does not parse an unchanged PDF again."""

    key = models.CharField(_("key"), max_length=64, primary_key=True)
    text = models.TextField(_("text"), blank=True)
    extracted_at = models.DateTimeField(_("extracted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("extracted text")
        verbose_name_plural = _("extracted texts")

    def __str__(self):
        return self.key


class SynonymSet(models.Model):
    """Words and expressions the editorial committee treats as one when people search
    (« SIAE, structure d'insertion par l'activité économique »): used at query time by every
    engine (search.synonyms)."""

    terms = models.TextField(
        _("synonyms"),
        help_text=_(
            "Words or expressions that mean the same, separated by commas, for example: "
            "AMAP, association pour le maintien d'une agriculture paysanne."
        ),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("synonym set")
        verbose_name_plural = _("synonym sets")
        ordering = ["terms"]

    def __str__(self):
        return self.terms[:80]

    def members(self) -> list[str]:
        return [member.strip() for member in self.terms.split(",") if member.strip()]
