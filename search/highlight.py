"""Excerpts with the reader's words marked, built in Python for the database engines.

Everything is escaped first, then the matching words are wrapped in <mark>: nothing indexed or
typed can inject markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from search.analysis import word_terms

# Words split at apostrophes: « l'économie » marks « économie » only.
WORD_RE = re.compile(r"[^\W_]+")
BEFORE = 12
AFTER = 28
SCAN_CHARS = 100_000


def _hit_positions(text: str, stems: set[str]):
    for match in WORD_RE.finditer(text, 0, min(len(text), SCAN_CHARS)):
        yield match, not stems.isdisjoint(word_terms(match.group(0)))


def excerpt(text: str, stems: set[str]):
    """A window of `text` around its first hit, hits marked; None when nothing matches."""
    if not text or not stems:
        return None
    matches = []
    first_hit = None
    for match, is_hit in _hit_positions(text, stems):
        matches.append((match, is_hit))
        if is_hit and first_hit is None:
            first_hit = len(matches) - 1
        if first_hit is not None and len(matches) > first_hit + AFTER:
            break
    if first_hit is None:
        return None
    first = max(0, first_hit - BEFORE)
    window = matches[first : first_hit + AFTER]
    start = 0 if first == 0 else window[0][0].start()
    end = window[-1][0].end()
    parts = ["… " if start > 0 else ""]
    cursor = start
    for match, is_hit in window:
        parts.append(escape(text[cursor : match.start()]))
        word = escape(match.group(0))
        parts.append(f"<mark>{word}</mark>" if is_hit else word)
        cursor = match.end()
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def best_excerpt(entry, stems: set[str]):
    """(excerpt, source label, source url) for a search entry: page text first, then files."""
    for text in (entry["summary"], entry["body"]):
        found = excerpt(text, stems)
        if found:
            return found, "", ""
    for attachment in entry["attachments"] or []:
        found = excerpt(attachment.get("text", ""), stems)
        if found:
            return found, attachment.get("label", ""), attachment.get("url", "")
    fallback = Truncator(entry["summary"] or entry["body"] or "").words(40)
    return escape(fallback), "", ""
