"""Minutes written in a word processor (.docx, .odt) read into a draft MeetingMinutesPage.

Both formats become the same small HTML (mammoth for .docx, odfpy for .odt), which is then cut
into the page's fields: the title, the meeting date when the text states it, the participants
(from a table, or from lines « Christelle Bottary, Florent Houdmond / Intermade »), and the body
as heading, paragraph and image blocks. Whatever could not be read goes into a callout at the top
of the draft's body, in plain French: nothing is dropped silently.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from django.conf import settings
from django.utils.translation import gettext as _

# A .docx / .odt is a zip: refuse archives that inflate far beyond their size (zip bombs).
MAX_COMPRESSION_RATIO = 100
MAX_UNCOMPRESSED_MB = 200
MAX_ZIP_ENTRIES = 2000

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
DATE_WORDS = re.compile(
    r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
DATE_NUMBERS = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
DATE_ISO = re.compile(r"\b(\d{4})[/-](\d{2})[/-](\d{2})\b")
PARTICIPANTS_LABEL = re.compile(
    r"^\s*(participants?|participant\.?e?s?|présent\.?e?s?|presents?)\s*(\(.*?\))?\s*:?\s*(.*)$",
    re.IGNORECASE,
)
NAME_HEADERS = {"nom", "noms", "participant", "participante", "participants", "personne", "qui"}
ORG_HEADERS = {"organisation", "structure", "association", "organisme", "entreprise"}

ALLOWED_INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a", "br": "br"}


class ImportRefused(Exception):
    """The file cannot be imported; the message says why, in French."""


@dataclass
class ImportedMinutes:
    title: str = ""
    meeting_date: datetime.date | None = None
    participants: list = field(default_factory=list)  # (name, organisation)
    blocks: list = field(default_factory=list)  # ("heading"|"paragraph"|"image", value)
    images: list = field(default_factory=list)  # (filename, bytes)
    problems: list = field(default_factory=list)


# --- The file as a zip ------------------------------------------------------------------------
def open_archive(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(
            _(
                "This file cannot be read: it is damaged or it is not a .docx or .odt document. "
                "Open it in your word processor and save it again as .docx or .odt."
            )
        ) from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportRefused(_("This document holds too many files to be imported."))
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if total > MAX_UNCOMPRESSED_MB * 1024 * 1024 or total / packed > MAX_COMPRESSION_RATIO:
        raise ImportRefused(
            _(
                "This document unpacks to far more than its size (%(size)s MB): it was refused "
                "to protect the site. Save it again from your word processor."
            )
            % {"size": total // (1024 * 1024)}
        )
    return archive


# --- .docx (mammoth) --------------------------------------------------------------------------
def docx_to_html(data: bytes, result: ImportedMinutes) -> str:
    import mammoth

    def keep_image(image):
        with image.open() as stream:
            content = stream.read()
        extension = (image.content_type or "image/png").split("/")[-1].replace("jpeg", "jpg")
        result.images.append((f"image-{len(result.images) + 1}.{extension}", content))
        return {"src": f"maillage-image:{len(result.images) - 1}", "alt": image.alt_text or ""}

    try:
        converted = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(keep_image)
        )
    except Exception as exc:  # mammoth raises many kinds on broken documents
        raise ImportRefused(
            _(
                "This .docx document cannot be read (it may be damaged). Open it in your word "
                "processor and save it again."
            )
        ) from exc
    for message in converted.messages:
        if message.type == "warning" and "style" in message.message.lower():
            continue  # a paragraph style without a mapping: its text is kept as a paragraph
        result.problems.append(
            _("A part of the document could not be read: %(detail)s") % {"detail": message.message}
        )
    return converted.value


# --- .odt (odfpy) -----------------------------------------------------------------------------
def odt_to_html(data: bytes, archive: zipfile.ZipFile, result: ImportedMinutes) -> str:
    from odf import opendocument, teletype
    from odf.namespaces import DRAWNS, FONS, STYLENS, TABLENS, TEXTNS, XLINKNS

    try:
        document = opendocument.load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises many kinds on broken documents
        raise ImportRefused(
            _(
                "This .odt document cannot be read (it may be damaged). Open it in LibreOffice "
                "and save it again."
            )
        ) from exc

    # Automatic styles that make text bold or italic, and paragraph styles that are headings.
    bold, italic = set(), set()
    for style in document.automaticstyles.childNodes:
        if style.qname != (STYLENS, "style"):
            continue
        name = style.getAttrNS(STYLENS, "name")
        for properties in style.childNodes:
            if properties.qname == (STYLENS, "text-properties"):
                if properties.getAttrNS(FONS, "font-weight") == "bold":
                    bold.add(name)
                if properties.getAttrNS(FONS, "font-style") == "italic":
                    italic.add(name)

    def inline(node) -> str:
        parts = []
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                parts.append(escape(str(child.data)))
                continue
            qname = child.qname
            if qname == (TEXTNS, "span"):
                style = child.getAttrNS(TEXTNS, "style-name")
                inner = inline(child)
                if style in bold:
                    inner = f"<b>{inner}</b>"
                if style in italic:
                    inner = f"<i>{inner}</i>"
                parts.append(inner)
            elif qname == (TEXTNS, "a"):
                href = child.getAttrNS(XLINKNS, "href") or ""
                parts.append(f'<a href="{escape(href)}">{inline(child)}</a>')
            elif qname == (TEXTNS, "s") or qname == (TEXTNS, "tab"):
                parts.append(" ")
            elif qname == (TEXTNS, "line-break"):
                parts.append("<br>")
            elif qname == (DRAWNS, "frame"):
                parts.append(frame(child))
            else:
                parts.append(escape(teletype.extractText(child)))
        return "".join(parts)

    def frame(node) -> str:
        for child in node.childNodes:
            if child.qname == (DRAWNS, "image"):
                href = child.getAttrNS(XLINKNS, "href") or ""
                try:
                    content = archive.read(href)
                except KeyError:
                    result.problems.append(
                        _("An image of the document is missing from the file (%(name)s).")
                        % {"name": href}
                    )
                    return ""
                result.images.append((href.rsplit("/", 1)[-1], content))
                return f'<img src="maillage-image:{len(result.images) - 1}" alt="">'
        return ""

    def block(node) -> str:
        qname = node.qname
        if qname == (TEXTNS, "h"):
            level = min(max(int(node.getAttrNS(TEXTNS, "outline-level") or 1), 1), 3)
            return f"<h{level}>{inline(node)}</h{level}>"
        if qname == (TEXTNS, "p"):
            return f"<p>{inline(node)}</p>"
        if qname == (TEXTNS, "list"):
            items = []
            for item in node.childNodes:
                if item.qname == (TEXTNS, "list-item"):
                    items.append("<li>" + " ".join(inline(p) for p in item.childNodes) + "</li>")
            return "<ul>" + "".join(items) + "</ul>"
        if qname == (TABLENS, "table"):
            rows = []
            for row in _descendants(node, (TABLENS, "table-row")):
                cells = [
                    "<td>" + " ".join(inline(p) for p in cell.childNodes) + "</td>"
                    for cell in row.childNodes
                    if cell.qname == (TABLENS, "table-cell")
                ]
                rows.append("<tr>" + "".join(cells) + "</tr>")
            return "<table>" + "".join(rows) + "</table>"
        if qname == (TEXTNS, "section"):
            return "".join(block(child) for child in node.childNodes)
        if qname in {(TEXTNS, "sequence-decls"), (TEXTNS, "tracked-changes")}:
            return ""
        text = teletype.extractText(node).strip()
        if text:
            result.problems.append(
                _("A part of the document of an unknown kind was kept as plain text: “%(text)s”.")
                % {"text": text[:80]}
            )
            return f"<p>{escape(text)}</p>"
        return ""

    return "".join(block(child) for child in document.text.childNodes)


def _descendants(node, qname):
    for child in node.childNodes:
        if getattr(child, "qname", None) == qname:
            yield child
        elif child.nodeType == child.ELEMENT_NODE:
            yield from _descendants(child, qname)


# --- From HTML to the page's fields -----------------------------------------------------------
class _Tree(HTMLParser):
    """A minimal element tree of the converter's HTML: (tag, attrs, children) and strings."""

    VOID = {"br", "img"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ("root", {}, [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = (tag, dict(attrs), [])
        self.stack[-1][2].append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1][2].append(data)


def _text(node) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(child) for child in node[2])


def _rich(node) -> str:
    """Inline content as Wagtail rich text: bold, italic, links and line breaks only."""
    if isinstance(node, str):
        return escape(node, quote=False)
    tag, attrs, children = node
    inner = "".join(_rich(child) for child in children)
    kept = ALLOWED_INLINE.get(tag)
    if kept == "br":
        return "<br/>"
    if kept == "a":
        href = attrs.get("href") or ""
        if href.startswith(("http://", "https://", "mailto:")):
            return f'<a href="{escape(href)}">{inner}</a>'
        return inner
    if kept:
        return f"<{kept}>{inner}</{kept}>" if inner.strip() else inner
    if tag == "img":
        return ""
    return inner


def _images_in(node) -> list[int]:
    if isinstance(node, str):
        return []
    found = []
    if node[0] == "img":
        src = node[1].get("src") or ""
        if src.startswith("maillage-image:"):
            found.append(int(src.split(":", 1)[1]))
    for child in node[2]:
        found.extend(_images_in(child))
    return found


def find_date(text: str) -> datetime.date | None:
    for pattern, order in ((DATE_WORDS, "dmy-word"), (DATE_NUMBERS, "dmy"), (DATE_ISO, "ymd")):
        for match in pattern.finditer(text):
            try:
                if order == "dmy-word":
                    day, month, year = (
                        int(match.group(1)),
                        MONTHS[match.group(2).lower()],
                        int(match.group(3)),
                    )
                elif order == "dmy":
                    day, month, year = (int(g) for g in match.groups())
                else:
                    year, month, day = (int(g) for g in match.groups())
                return datetime.date(year, month, day)
            except (ValueError, KeyError):
                continue
    return None


def parse_participant_line(line: str) -> list[tuple[str, str]]:
    """« Christelle Bottary, Florent Houdmond / Intermade » → two people of Intermade."""
    line = line.strip().strip(".;").strip()
    if not line:
        return []
    names, _slash, organisation = line.partition("/")
    organisation = organisation.strip().strip(".;").strip()
    people = [
        name.strip()
        for name in re.split(r",|;|\bet\b", names)
        if name.strip() and len(name.strip()) <= 200
    ]
    return [(name, organisation[:200]) for name in people]


def participants_from_table(rows: list[list[str]]) -> list[tuple[str, str]] | None:
    if len(rows) < 2:
        return None
    header = [cell.strip().lower().rstrip(" :") for cell in rows[0]]
    name_index = next((i for i, cell in enumerate(header) if cell in NAME_HEADERS), None)
    if name_index is None:
        return None
    org_index = next((i for i, cell in enumerate(header) if cell in ORG_HEADERS), None)
    people = []
    for row in rows[1:]:
        name = row[name_index].strip() if name_index < len(row) else ""
        organisation = (
            row[org_index].strip() if org_index is not None and org_index < len(row) else ""
        )
        if name:
            people.append((name[:200], organisation[:200]))
    return people


def html_to_minutes(html: str, result: ImportedMinutes) -> None:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    nodes = [node for node in tree.root[2] if not (isinstance(node, str) and not node.strip())]
    paragraph_parts: list[str] = []
    collecting_participants = False

    def flush():
        if paragraph_parts:
            result.blocks.append(("paragraph", "".join(paragraph_parts)))
            paragraph_parts.clear()

    for node in nodes:
        if isinstance(node, str):
            paragraph_parts.append(f"<p>{escape(node.strip(), quote=False)}</p>")
            continue
        tag, _attrs, children = node
        text = " ".join(_text(node).split())
        for index in _images_in(node):
            flush()
            result.blocks.append(("image", index))
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            collecting_participants = False
            if not text:
                continue
            if not result.title:
                result.title = text[:255]
                continue
            flush()
            level = "h2" if tag in {"h1", "h2"} else "h3"
            result.blocks.append(("heading", {"text": text[:200], "level": level}))
            continue
        if tag == "p":
            if not text:
                collecting_participants = False
                continue
            label = PARTICIPANTS_LABEL.match(text)
            if label and not result.participants:
                collecting_participants = True
                result.participants.extend(parse_participant_line(label.group(3)))
                continue
            if collecting_participants and len(text) <= 200 and not text.endswith(":"):
                found = parse_participant_line(text)
                if found:
                    result.participants.extend(found)
                    continue
            collecting_participants = False
            if not result.title:
                result.title = text[:255]
                continue
            rich = "".join(_rich(child) for child in children).strip()
            if rich:
                paragraph_parts.append(f"<p>{rich}</p>")
            continue
        collecting_participants = False
        if tag in {"ul", "ol"}:
            items = [
                "<li>" + "".join(_rich(c) for c in item[2]).strip() + "</li>"
                for item in children
                if not isinstance(item, str) and item[0] == "li"
            ]
            if items:
                paragraph_parts.append(f"<{tag}>{''.join(items)}</{tag}>")
            continue
        if tag == "table":
            rows = [
                [" ".join(_text(cell).split()) for cell in row[2] if not isinstance(cell, str)]
                for row in _rows(node)
            ]
            people = participants_from_table(rows)
            if people is not None and not result.participants:
                result.participants.extend(people)
                continue
            flush()
            lines = ["<li>" + escape(" — ".join(c for c in row if c)) + "</li>" for row in rows]
            if any(row for row in rows):
                result.blocks.append(("paragraph", "<ul>" + "".join(lines) + "</ul>"))
                result.problems.append(
                    _(
                        "A table (%(rows)s rows) was turned into a list, one line per row: "
                        "check it reads well."
                    )
                    % {"rows": len(rows)}
                )
            continue
        if text:
            paragraph_parts.append(f"<p>{escape(text, quote=False)}</p>")
    flush()


def _rows(node):
    for child in node[2]:
        if isinstance(child, str):
            continue
        if child[0] == "tr":
            yield child
        else:
            yield from _rows(child)


def read_document(filename: str, data: bytes) -> ImportedMinutes:
    """The minutes in a .docx or .odt file, or ImportRefused with a French reason."""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if len(data) > limit:
        raise ImportRefused(
            _("This file is larger than %(limit)s MB.") % {"limit": settings.MAX_UPLOAD_MB}
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in {"docx", "odt"}:
        raise ImportRefused(
            _(
                "Only .docx (Word) and .odt (LibreOffice) documents can be imported. Save your "
                "minutes in one of these formats."
            )
        )
    archive = open_archive(data)
    result = ImportedMinutes()
    if extension == "docx":
        if "word/document.xml" not in archive.namelist():
            raise ImportRefused(_("This file is not a Word (.docx) document."))
        html = docx_to_html(data, result)
    else:
        if "content.xml" not in archive.namelist():
            raise ImportRefused(_("This file is not a LibreOffice (.odt) document."))
        html = odt_to_html(data, archive, result)
    html_to_minutes(html, result)
    plain = " ".join(_text(node) for node in _parsed(html))
    result.meeting_date = find_date(result.title) or find_date(plain)
    if not result.title:
        result.title = filename.rsplit(".", 1)[0][:255] or _("Imported minutes")
        result.problems.append(_("The document has no title: the file name was used."))
    if result.meeting_date is None:
        result.problems.append(
            _("The document does not state the meeting date: today's date was put, correct it.")
        )
    if not result.participants:
        result.problems.append(_("No list of participants was found: add the people who came."))
    return result


def _parsed(html):
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root[2]


# --- The draft --------------------------------------------------------------------------------
def create_draft(group_page, user, imported: ImportedMinutes, source_name: str):
    """A draft MeetingMinutesPage under `group_page`, owned by `user`, from `imported`."""
    from django.core.files.images import ImageFile
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    from .models import MeetingMinutesPage, MeetingMinutesParticipant
    from .provisioning import setup_for

    setup = setup_for(group_page)
    collection = setup.collection if setup and setup.collection_id else None
    Image = get_image_model()
    problems = list(imported.problems)
    with transaction.atomic():
        images = {}
        for index, (name, content) in enumerate(imported.images):
            try:
                with PILImage.open(io.BytesIO(content)) as probe:
                    probe.verify()
            except Exception:  # Pillow raises many kinds on unreadable images
                problems.append(
                    _("An image of the document could not be read (%(name)s).") % {"name": name}
                )
                continue
            image = Image(
                title=f"{imported.title[:200]} — {index + 1}",
                file=ImageFile(io.BytesIO(content), name=name),
                uploaded_by_user=user,
            )
            if collection is not None:
                image.collection = collection
            image.save()
            image.contextual_alt_text = ""
            image.decorative = False
            images[index] = image
        if images:
            problems.append(
                _(
                    "%(count)s image(s) were added to the group's images: give each one an "
                    "alternative text (what it shows) in the body."
                )
                % {"count": len(images)}
            )
        body = []
        if problems:
            items = "".join(f"<li>{escape(str(problem))}</li>" for problem in problems)
            body.append(
                (
                    "callout",
                    {
                        "title": _("To check after the import of “%(name)s”")
                        % {"name": source_name[:120]},
                        "text": f"<ul>{items}</ul>",
                    },
                )
            )
        for kind, value in imported.blocks:
            if kind == "image":
                if value in images:
                    body.append(("image", {"image": images[value], "caption": ""}))
            else:
                body.append((kind, value))
        page = MeetingMinutesPage(
            title=imported.title,
            slug=slugify(imported.title)[:200] or "compte-rendu",
            meeting_date=imported.meeting_date or timezone.localdate(),
            owner=user,
            live=False,
            body=body,
            participants=[
                MeetingMinutesParticipant(name=name, organisation=organisation, sort_order=i)
                for i, (name, organisation) in enumerate(imported.participants)
            ],
        )
        group_page.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page, problems
