"""Original image files are checked on upload, with real files generated here: decompression
bombs, files disguised as images, a format that its extension does not name, sides too long,
animations with too many frames. Each is refused in French and nothing is stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model


def image_bytes(size, fmt="PNG", mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def animation(frames):
    buffer = io.BytesIO()
    images = [Image.new("RGB", (2, 2), (i % 256, (i * 7) % 256, i // 256)) for i in range(frames)]
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], optimize=False)
    assert Image.open(io.BytesIO(buffer.getvalue())).n_frames == frames
    return buffer.getvalue()


def upload(client, audit, name, content):
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "collection": audit["collection_a"],
            "file": SimpleUploadedFile(name, content),
        },
    )
    stored = get_image_model().objects.filter(title=name).exists()
    return response, stored


@pytest.mark.django_db
class TestImageUploads:
    def test_an_ordinary_photo_is_accepted(self, as_actor, audit):
        response, stored = upload(as_actor("writer_a"), audit, "photo.png", image_bytes((800, 600)))
        assert response.status_code == 302 and stored

    def test_a_decompression_bomb_is_refused(self, as_actor, audit):
        bomb = image_bytes((9000, 9000), mode="1")  # 81 million pixels in a few kilobytes
        assert len(bomb) < 100 * 1024
        response, stored = upload(as_actor("writer_a"), audit, "bombe.png", bomb)
        assert response.status_code == 200 and not stored
        assert "pixels" in response.content.decode()

    def test_a_web_page_disguised_as_an_image_is_refused(self, as_actor, audit):
        page = b"<html><script>alert(document.cookie)</script></html>"
        response, stored = upload(as_actor("writer_a"), audit, "photo.png", page)
        assert response.status_code == 200 and not stored
        assert "image" in response.content.decode().lower()

    def test_a_format_its_extension_does_not_name_is_refused(self, as_actor, audit):
        gif = image_bytes((40, 30), fmt="GIF", mode="P")
        response, stored = upload(as_actor("writer_a"), audit, "photo.jpg", gif)
        assert response.status_code == 200 and not stored

    def test_a_side_too_long_is_refused(self, as_actor, audit):
        strip = image_bytes((13_000, 4), mode="1")
        response, stored = upload(as_actor("writer_a"), audit, "bandeau.png", strip)
        assert response.status_code == 200 and not stored
        assert "le plus grand côté ne peut dépasser 12000\u00a0pixels" in response.content.decode()

    def test_an_animation_with_too_many_frames_is_refused(self, as_actor, audit):
        response, stored = upload(as_actor("writer_a"), audit, "anim.gif", animation(301))
        assert response.status_code == 200 and not stored
        assert "301" in response.content.decode() and "images" in response.content.decode()
