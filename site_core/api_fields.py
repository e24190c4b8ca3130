"""Serializer fields for Wagtail's API v2 (`api_fields` on page models), shared by every type.

Only what the public page shows: never an e-mail address, never a private document.
"""

from rest_framework import serializers
from wagtail.api import APIField


class ThemesField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [{"name": theme.name, "slug": theme.slug} for theme in value.all()]


class KeywordsField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="get_keywords", **kwargs)

    def to_representation(self, value):
        return [{"name": keyword.name, "slug": keyword.slug} for keyword in value]


class GroupField(serializers.Field):
    """The working group a page belongs to, as {id, title, slug}, or null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, page):
        group = page.group_page
        if group is None or group.pk == page.pk:
            return None
        return {"id": group.pk, "title": group.title, "slug": group.slug}


class RowsField(serializers.Field):
    """Plain data a model property returns: a list of dicts (participants, steps, chapters…),
    a dict (an episode's audio) or a string."""

    def __init__(self, source, **kwargs):
        super().__init__(read_only=True, source=source, **kwargs)

    def to_representation(self, value):
        return list(value) if isinstance(value, (list, tuple)) else value


def public_document(document) -> dict | None:
    """{title, url, size} of a document anonymous readers may download, else None."""
    from site_core.syndication import absolute, document_is_public

    if not document_is_public(document):
        return None
    return {
        "title": document.title,
        "url": absolute(document.url),
        "size": document.get_file_size(),
    }


def rows(name: str, source: str) -> APIField:
    return APIField(name, serializer=RowsField(source=source))


BASE_API_FIELDS = [
    APIField("summary"),
    APIField("themes", serializer=ThemesField()),
    APIField("keywords", serializer=KeywordsField()),
    APIField("group", serializer=GroupField()),
]
