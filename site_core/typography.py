"""French typography applied automatically to the HTML we send, the way SPIP's engine does.

- a narrow no-break space (U+202F) before « ; ! ? », a no-break space (U+00A0) before « : »
  and inside « »;
- curly apostrophes between letters (« l’atelier »);
- never inside tags, attributes, comments, nor in ``<code>``, ``<pre>``, ``<kbd>``,
  ``<samp>``, ``<script>``, ``<style>``, ``<textarea>``; URLs, e-mail addresses and HTML
  entities are left as they are.

Times (« 14 h 30 »), durations (« 1 h 20 », « 8 s ») and numbers (« 12 500 ») are formatted by
the template filters of ``site_core_tags`` where the value is known to be one: a bare « 12:30 »
in prose may be a chapter time or a score, so the engine does not guess.

Why not the ``french-typo`` package (1.6.1, MIT): it has no curly apostrophes, no exception for
code elements, handles HTML only through an Anki-specific adapter, and pulls in ``click``; the
rules we need fit in this module and are tested over every demo page.
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"

# Tags, comments, doctype: never touched. Raw elements: their content is left alone too.
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]+>", re.DOTALL)
_RAW_ELEMENTS = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "var"}
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")

# Inside text: what must be protected from every rule.
_PROTECTED = re.compile(
    r"&#?[a-zA-Z0-9]+;"  # an HTML entity (its « ; » is no punctuation)
    r"|\b(?:https?|ftp)://[^\s<>«»\"]+"  # a URL
    r"|\bwww\.[^\s<>«»\"]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # a clock or chapter time: not a colon to space
)
_SPACES = r"[ \t\r\n]"
_RULES = [
    # Straight apostrophe between letters (or after a letter before « » »): curly.
    (re.compile(r"(?<=[^\W\d_])'(?=[^\W_])"), "’"),
    # Guillemets: one no-break space inside.
    (re.compile(r"«" + _SPACES + r"*"), "«" + NBSP),
    (re.compile(_SPACES + r"*»"), NBSP + "»"),
    # Spaces before « ; ! ? »: one narrow no-break space; none written after a word: add one.
    (re.compile(_SPACES + r"+([;!?])"), NNBSP + r"\1"),
    (re.compile(r"(?<=[^\W\d_])([!?]+|;)(?=[\s»)]|$)"), NNBSP + r"\1"),
    # Spaces before « : »: one no-break space.
    (re.compile(_SPACES + r"+:"), NBSP + ":"),
    (re.compile(r"(?<=[^\W\d_])\u00a0?:(?=\s|$)"), NBSP + ":"),
]
_APOSTROPHE_ENTITY = re.compile(r"&#(?:x27|39);")
# A text holding none of these characters is left as it is by every rule above (most text
# between two tags of a page: white space, labels, dates): one search instead of nine passes.
_TRIGGERS = re.compile(r"['«»;!?:&]")


def _fix_text(text: str) -> str:
    if not _TRIGGERS.search(text):
        return text
    text = _APOSTROPHE_ENTITY.sub("'", text)
    protected: list[str] = []

    def protect(match: re.Match) -> str:
        protected.append(match.group(0))
        return f"\x00{len(protected) - 1}\x00"

    text = _PROTECTED.sub(protect, text)
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    if protected:
        text = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)
    # A lone straight apostrophe left in text is written back as Django escapes it.
    return text.replace("'", "&#x27;")


def typographie(html: str) -> str:
    """Apply French typography to the text of an HTML fragment or document."""
    if not html:
        return html
    out: list[str] = []
    raw_depth = 0
    position = 0
    for match in _TOKEN.finditer(html):
        text = html[position : match.start()]
        if text:
            out.append(text if raw_depth else _fix_text(text))
        tag = match.group(0)
        out.append(tag)
        name = _TAG_NAME.match(tag)
        if name and name.group(2).lower() in _RAW_ELEMENTS and not tag.endswith("/>"):
            raw_depth = max(0, raw_depth + (-1 if name.group(1) else 1))
        position = match.end()
    tail = html[position:]
    if tail:
        out.append(tail if raw_depth else _fix_text(tail))
    return "".join(out)


def typographie_texte(text: str) -> str:
    """Plain text (a feed title, an e-mail subject): the same rules, no HTML escaping.
    Follows ``settings.FRENCH_TYPOGRAPHY`` like the middleware."""
    from django.conf import settings

    if not text or not getattr(settings, "FRENCH_TYPOGRAPHY", True):
        return text
    return _fix_text(text).replace("&#x27;", "'")


def heure(value) -> str:
    """« 14 h », « 14 h 30 » from a time or datetime (local time is the caller's business)."""
    if value is None or value == "":
        return ""
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def duree(seconds) -> str:
    """« 1 h 20 », « 45 min », « 2 min 05 s », « 8 s » from a number of seconds."""
    try:
        seconds = int(seconds.total_seconds() if hasattr(seconds, "total_seconds") else seconds)
    except (TypeError, ValueError):
        return ""
    seconds = max(seconds, 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}{NBSP}h{NBSP}{minutes:02d}" if minutes else f"{hours}{NBSP}h"
    if minutes:
        return f"{minutes}{NBSP}min{NBSP}{secs:02d}{NBSP}s" if secs else f"{minutes}{NBSP}min"
    return f"{secs}{NBSP}s"


def nombre(value) -> str:
    """« 12 500 » with narrow no-break spaces between groups of three digits (from 5 digits)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    digits = str(abs(number))
    if len(digits) >= 5:
        groups = []
        while digits:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = NNBSP.join(groups)
    return f"-{digits}" if number < 0 else digits
