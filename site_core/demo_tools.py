"""Helpers shared by every app's `demo.py`: idempotent, deterministic, offline.

`manage.py load_demo_content` calls `load(ctx)` in each project app's `demo` module, in
INSTALLED_APPS order (site_core, working_groups, articles, podcasts, contributions, search).
A page, user, image or document that already exists is left as it is, so a second run
changes nothing.
"""

import hashlib
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from site_core.models import Theme


@dataclass
class DemoUser:
    username: str
    password: str
    role: str


@dataclass
class DemoContext:
    stdout: object = None
    users: list[DemoUser] = field(default_factory=list)
    created: int = 0

    def log(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    # --- Pages ------------------------------------------------------------------------------------
    def page(
        self, parent: Page, model, slug: str, *, keywords=(), themes=(), publish=True, **fields
    ):
        """The child of `parent` with this slug; created (and published) only if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        if keywords:
            page.keywords.add(*keywords)
        if themes:
            page.themes = list(themes)
        parent.add_child(instance=page)
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
            page.refresh_from_db()
        self.created += 1
        return page

    # --- Taxonomy ---------------------------------------------------------------------------------
    def theme(self, name: str, description: str = "", sort_order: int = 0) -> Theme:
        theme, created = Theme.objects.get_or_create(
            name=name, defaults={"description": description, "sort_order": sort_order}
        )
        self.created += int(created)
        return theme

    def themes(self, *names: str) -> list[Theme]:
        return list(Theme.objects.filter(name__in=names))

    # --- Users ------------------------------------------------------------------------------------
    def user(self, username, *, role, first_name="", last_name="", groups=(), superuser=False):
        """A demo account; only where settings.DEMO_USERS_ALLOWED (dev and tests)."""
        if not getattr(settings, "DEMO_USERS_ALLOWED", False):
            raise ImproperlyConfigured(
                "Demo users are only created with DEMO_USERS_ALLOWED (dev settings)."
            )
        password = f"{username}-maillage"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                email=f"{username}@maillage.localhost",
                first_name=first_name,
                last_name=last_name,
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.set_password(password)
            user.save()
            self.created += 1
        for group in groups:
            if isinstance(group, str):
                group = Group.objects.get(name=group)
            user.groups.add(group)
        self.users.append(DemoUser(username, password, role))
        return user

    # --- Files ------------------------------------------------------------------------------------
    def collection(self, name: str) -> Collection:
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=name).first()
        return existing or root.add_child(name=name)

    def image(self, title: str, *, width=1200, height=675, collection=None, label=""):
        """A generated, deterministic illustration (colour bands from the title's hash)."""
        Image = get_image_model()
        existing = Image.objects.filter(title=title).first()
        if existing is not None:
            return existing
        digest = hashlib.sha256(title.encode()).digest()
        base = (60 + digest[0] % 140, 40 + digest[1] % 120, 30 + digest[2] % 100)
        picture = PILImage.new("RGB", (width, height), base)
        draw = ImageDraw.Draw(picture)
        for i in range(6):
            shade = tuple(min(255, c + 25 * (i + 1)) for c in base)
            offset = digest[3 + i] % max(1, width // 3)
            draw.ellipse(
                (
                    offset + i * width // 8,
                    height // 3 - i * 10,
                    offset + i * width // 8 + width // 3,
                    height // 3 + height // 2 - i * 10,
                ),
                fill=shade,
            )
        if label:
            draw.text((40, height - 80), label, fill=(255, 255, 255))
        buffer = io.BytesIO()
        picture.save(buffer, format="JPEG", quality=85)
        slug = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:10]
        image = Image(title=title, collection=collection or Collection.get_first_root_node())
        image.file.save(f"demo-{slug}.jpg", ContentFile(buffer.getvalue()), save=False)
        image.width, image.height = width, height
        image.file_size = len(buffer.getvalue())
        image._set_file_hash()
        image.save()
        self.created += 1
        return image

    def document(self, title: str, filename: str, content: bytes, *, collection=None):
        Document = get_document_model()
        existing = Document.objects.filter(title=title).first()
        if existing is not None:
            return existing
        document = Document(title=title, collection=collection or Collection.get_first_root_node())
        document.file.save(filename, ContentFile(content), save=False)
        document.file_size = len(content)
        document._set_file_hash()
        document.save()
        self.created += 1
        return document

    def pdf(self, title: str, paragraphs: list[str]) -> bytes:
        """A small real PDF with the given text (fpdf2 when installed, else a minimal writer)."""
        return make_pdf(title, paragraphs)


def make_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A minimal, valid one-page PDF with selectable text (Helvetica, WinAnsi: French accents)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    lines = [title, ""]
    for paragraph in paragraphs:
        words, current = paragraph.split(), ""
        for word in words:
            if len(current) + len(word) + 1 > 85:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines.extend([current, ""])
    text_ops = ["BT", "/F1 11 Tf", "14 TL", "56 790 Td"]
    for line in lines[:52]:
        text_ops.append(f"({escape(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
