import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from podcasts.factories import PodcastIndexPageFactory, PodcastShowPageFactory

VTT = """WEBVTT

NOTE produced by hand

intro
00:00:00.000 --> 00:00:01.500
<v Nadia>Bonjour et bienvenue.

00:00:01.500 --> 00:00:02.000
On parle de coopération.
"""


@pytest.fixture
def show(home_page):
    index = PodcastIndexPageFactory(parent=home_page)
    return PodcastShowPageFactory(parent=index, title="Les voix du Maillage", slug="les-voix")


def make_document(name: str, content: str) -> Document:
    document = Document(title=name)
    document.file.save(name, ContentFile(content.encode()), save=False)
    document.save()
    return document


def make_image(size=(1400, 1400), fmt="JPEG", title="Pochette") -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (120, 40, 30)).save(buffer, format=fmt)
    image = Image(title=title)
    image.file.save(f"pochette.{fmt.lower()}", ContentFile(buffer.getvalue()), save=False)
    image.width, image.height = size
    image.save()
    return image
