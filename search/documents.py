"""From a page to the denormalised document every engine indexes.

Only `site_core.models.BasePage`'s interface is used, so a new page type is indexed as soon as
it exists; it adds what it wants found through `get_search_body()` and
`get_search_attachments()`.
"""

import datetime
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.text import Truncator

logger = logging.getLogger("maillage.search")

# PDFs larger than this, or with more pages, are skipped (the page itself is still indexed);
# settings SEARCH_MAX_PDF_BYTES and SEARCH_MAX_PDF_PAGES override them.
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 300
# At most this much text is kept per attachment and for the body.
MAX_TEXT_CHARS = 200_000
# Part of every document's checksum: raise it when what the index stores or how it analyses
# text changes, so that the consistency check (`repair_search_index`) rewrites every entry.
INDEX_FORMAT = 3

# One letter per facet kind in the facet tokens of the full-text index (`facet_token`).
FACET_TOKEN_KINDS = {"type": "t", "group": "g", "theme": "h", "keyword": "k", "year": "y"}


def facet_token(kind: str, value: str) -> str:
    """The full-text token of one facet value (« group: groupe-7 » → `1g67726f7570652d37`), indexed
    with the page's text so that a filter is part of the full-text match: SQLite's FTS5 and
    PostgreSQL's GIN index intersect it with the words instead of the match being read whole and
    each entry looked up. Letters and digits only (both tokenizers keep it whole); the leading
    digit and the hexadecimal value keep it apart from every analysed word (those are stems or
    `0`-marked folded forms)."""
    return "1" + FACET_TOKEN_KINDS[kind] + value[:255].encode().hex()


@dataclass
class Attachment:
    label: str
    kind: str
    url: str
    text: str

    def as_dict(self):
        return {"label": self.label, "kind": self.kind, "url": self.url, "text": self.text}


@dataclass
class IndexDocument:
    page_id: int
    title: str
    url: str
    content_type: str
    type_label: str
    summary: str = ""
    body: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    group_slug: str = ""
    group_title: str = ""
    themes: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    keywords: list[tuple[str, str]] = field(default_factory=list)  # (slug, name)
    date: datetime.date | None = None

    @property
    def year(self):
        return self.date.year if self.date else None

    @property
    def tags_text(self) -> str:
        return " ".join(name for _, name in self.themes + self.keywords)

    @property
    def attachments_text(self) -> str:
        return "\n".join(attachment.text for attachment in self.attachments)

    @property
    def checksum(self) -> str:
        """A digest of everything the index stores for this page (and of the index format)."""
        content = [
            INDEX_FORMAT,
            self.page_id,
            self.title,
            self.url,
            self.content_type,
            self.type_label,
            self.summary,
            self.body,
            [attachment.as_dict() for attachment in self.attachments],
            self.group_slug,
            self.group_title,
            self.themes,
            self.keywords,
            self.date.isoformat() if self.date else None,
        ]
        encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.blake2b(encoded.encode(), digest_size=16).hexdigest()

    def facets(self) -> list[tuple[str, str, str]]:
        """(kind, value, label) rows for the facet table."""
        rows = [("type", self.content_type, self.type_label)]
        if self.group_slug:
            rows.append(("group", self.group_slug, self.group_title))
        rows += [("theme", slug, name) for slug, name in dict(self.themes).items()]
        rows += [("keyword", slug, name) for slug, name in dict(self.keywords).items()]
        if self.year:
            rows.append(("year", str(self.year), str(self.year)))
        return rows

    def facet_tokens(self) -> str:
        """The facet tokens of this page, separated by spaces (see `facet_token`)."""
        return " ".join(facet_token(kind, value) for kind, value, _ in self.facets())


def _open(file):
    """A stored file (FieldFile: local disk or bucket, through its storage) or a local path."""
    if isinstance(file, str | os.PathLike):
        return open(file, "rb")  # noqa: SIM115 (closed by the caller's with)
    return file.storage.open(file.name, "rb")


def _size(file) -> int:
    if isinstance(file, str | os.PathLike):
        return os.path.getsize(file)
    return file.storage.size(file.name)


def read_pdf_text(file, label: str = "") -> str | None:
    """The text of a PDF (a stored file or a local path), or None (with a logged warning) when it
    is missing, huge or unreadable."""
    from pypdf import PdfReader

    max_bytes = getattr(settings, "SEARCH_MAX_PDF_BYTES", MAX_PDF_BYTES)
    max_pages = getattr(settings, "SEARCH_MAX_PDF_PAGES", MAX_PDF_PAGES)
    name = getattr(file, "name", file)
    try:
        size = _size(file)
    except Exception as exc:  # OSError on disk; botocore's errors from a bucket
        logger.warning("Search: PDF %s (%s) not readable: %s", label, name, exc)
        return None
    if size > max_bytes:
        logger.warning(
            "Search: PDF %s (%s) skipped: %d bytes is over the %d limit",
            label,
            name,
            size,
            max_bytes,
        )
        return None
    try:
        with _open(file) as handle:
            reader = PdfReader(handle)
            if len(reader.pages) > max_pages:
                logger.warning(
                    "Search: PDF %s (%s) skipped: %d pages is over the %d limit",
                    label,
                    name,
                    len(reader.pages),
                    max_pages,
                )
                return None
            parts, length = [], 0
            for pdf_page in reader.pages:
                text = pdf_page.extract_text() or ""
                parts.append(text)
                length += len(text)
                if length >= MAX_TEXT_CHARS:
                    break
        return "\n".join(parts)[:MAX_TEXT_CHARS]
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        logger.warning("Search: PDF %s (%s) could not be parsed: %s", label, name, exc)
        return None


def pdf_key(file) -> str | None:
    """Names one version of a stored file: its storage name, size and modification time (None
    if unreadable). Asked of the storage, so it works for a bucket as for the disk."""
    if not file:
        return None
    try:
        storage, name = file.storage, file.name
        raw = f"{name}\0{storage.size(name)}\0{storage.get_modified_time(name).isoformat()}"
    except Exception:  # OSError on disk; botocore's errors from a bucket
        return None
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


class PdfTexts:
    """The text of PDFs, read once per version of a file: what was extracted before is kept in
    `search.models.ExtractedText`, loaded for a whole batch of pages in one query, so a rebuild
    does not parse unchanged files again."""

    def __init__(self, used: set[str] | None = None):
        self.known: dict[str, str] = {}
        self.new: dict[str, str] = {}
        # The keys of the files read through this object (a full pass purges the others).
        self.used: set[str] = used if used is not None else set()

    def preload(self, attachments) -> None:
        from search.models import ExtractedText

        keys = {
            key
            for attachment in attachments
            if attachment.kind == "pdf" and attachment.file
            for key in [pdf_key(attachment.file)]
            if key and key not in self.known
        }
        if keys:
            self.known.update(ExtractedText.objects.filter(key__in=keys).values_list("key", "text"))

    def text(self, attachment) -> str | None:
        key = pdf_key(attachment.file)
        if key is not None:
            self.used.add(key)
        if key is not None and key in self.known:
            return self.known[key]
        text = read_pdf_text(attachment.file, attachment.label)
        if key is not None and text is not None:  # skipped or broken files are tried again
            self.known[key] = self.new[key] = text
        return text

    def save(self) -> None:
        """Keep what was extracted (never raises: the cache is an optimisation)."""
        from django.db import DatabaseError

        from search.models import ExtractedText

        if not self.new:
            return
        try:
            ExtractedText.objects.bulk_create(
                [ExtractedText(key=key, text=text) for key, text in self.new.items()],
                ignore_conflicts=True,
            )
        except DatabaseError as exc:
            logger.warning("Search: extracted PDF texts not kept: %s", exc)
        self.new = {}


def purge_extracted_texts(used: set[str], *, dry_run: bool = False, chunk: int = 500) -> int:
    """Delete the kept texts of files no page attaches any more (other files, or older versions
    of a file: the key changes with its size and time); returns how many were (or, in a dry
    run, would be) deleted."""
    from search.models import ExtractedText

    unused = sorted(set(ExtractedText.objects.values_list("key", flat=True)) - used)
    if dry_run:
        return len(unused)
    for start in range(0, len(unused), chunk):
        ExtractedText.objects.filter(key__in=unused[start : start + chunk]).delete()
    return len(unused)


def attachment_documents(page, attachments=None, pdf_texts: PdfTexts | None = None):
    found = []
    if attachments is None:
        attachments = page.get_search_attachments()
    for attachment in attachments:
        if attachment.kind == "pdf":
            if not attachment.file:
                text = None
            elif pdf_texts is not None:
                text = pdf_texts.text(attachment)
            else:
                text = read_pdf_text(attachment.file, attachment.label)
        else:
            text = attachment.text
        if text and text.strip():
            found.append(
                Attachment(
                    label=str(attachment.label),
                    kind=attachment.kind,
                    url=attachment.url or "",
                    text=text.strip()[:MAX_TEXT_CHARS],
                )
            )
    return found


def build_document(
    page,
    *,
    group=None,
    url=None,
    attachments=None,
    pdf_texts: PdfTexts | None = None,
    keywords=None,
) -> IndexDocument:
    """The document of a specific page. `group` ("" for none), `url`, the page's `attachments`
    and `keywords` ([(slug, name)…]) may be precomputed; `pdf_texts` reuses PDF text already
    extracted."""
    if group is None:
        group_page = page.group_page
        group = (group_page.slug, group_page.title) if group_page is not None else ("", "")
    themes = [(theme.slug, theme.name) for theme in page.themes.all()]
    if keywords is None:
        keywords = [(keyword.slug, keyword.name) for keyword in page.get_keywords()]
    meta = page._meta
    return IndexDocument(
        page_id=page.pk,
        title=Truncator(page.title).chars(255),
        url=url if url is not None else (page.get_url() or page.url_path),
        content_type=f"{meta.app_label}.{meta.model_name}",
        type_label=str(page.type_label),
        summary=page.get_listing_summary() or "",
        body=(page.get_search_body() or "")[:MAX_TEXT_CHARS],
        attachments=attachment_documents(page, attachments, pdf_texts),
        group_slug=group[0] or "",
        group_title=group[1] or "",
        themes=themes,
        keywords=keywords,
        date=page.get_listing_date(),
    )
