"""Wagtail API v2 endpoints, read only: live public pages, public documents, images, themes and
keywords. Filters by type (Wagtail's `type`), group, theme, keyword and publication date."""

import datetime

from django.db.models import Q
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from site_core.listing import pages_with_keyword, pages_with_theme
from site_core.models import Keyword, Theme
from site_core.params import get_text
from site_core.syndication import find_group

MAX_LIMIT = 50


def _date(request, name):
    raw = get_text(request.GET, name, max_length=10)
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise BadRequestError(f"{name}: expected a date as YYYY-MM-DD") from error


class MaillageFilter(BaseFilterBackend):
    """`group=<slug>`, `theme=<slug>`, `keyword=<slug>`, `published_after` / `published_before`
    (YYYY-MM-DD, inclusive). An unknown group, theme or keyword gives an empty list."""

    def filter_queryset(self, request, queryset, view):
        group_slug = get_text(request.GET, "group", max_length=255)
        if group_slug:
            group = find_group(group_slug)
            queryset = queryset.descendant_of(group) if group else queryset.none()
        theme_slug = get_text(request.GET, "theme", max_length=120)
        if theme_slug:
            theme = Theme.objects.filter(slug=theme_slug).first()
            pages = pages_with_theme(theme) if theme else None
            queryset = queryset.filter(pk__in=pages.values("pk")) if pages else queryset.none()
        keyword_slug = get_text(request.GET, "keyword", max_length=100)
        if keyword_slug:
            keyword = Keyword.objects.filter(slug=keyword_slug).first()
            pages = pages_with_keyword(keyword) if keyword else None
            queryset = queryset.filter(pk__in=pages.values("pk")) if pages else queryset.none()
        after, before = _date(request, "published_after"), _date(request, "published_before")
        if after:
            queryset = queryset.filter(first_published_at__date__gte=after)
        if before:
            queryset = queryset.filter(first_published_at__date__lte=before)
        return queryset


class LimitMixin:
    renderer_classes = [JSONRenderer]  # no browsable HTML API: JSON only

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        limit = get_text(self.request.GET, "limit", max_length=6)
        if limit and (not limit.isdigit() or int(limit) > MAX_LIMIT):
            raise BadRequestError(f"limit: an integer from 0 to {MAX_LIMIT}")
        offset = get_text(self.request.GET, "offset", max_length=9)
        if offset and not offset.isdigit():
            raise BadRequestError("offset: a positive integer")


class PublicPagesAPIViewSet(LimitMixin, PagesAPIViewSet):
    filter_backends = [MaillageFilter, *PagesAPIViewSet.filter_backends]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        ["group", "theme", "keyword", "published_after", "published_before"]
    )


class PublicDocumentsAPIViewSet(LimitMixin, DocumentsAPIViewSet):
    """Documents outside restricted collections only (Wagtail's own rule), newest first."""


class PublicImagesAPIViewSet(LimitMixin, ImagesAPIViewSet):
    pass


class _TaxonomyViewSet(LimitMixin, BaseAPIViewSet):
    filter_backends = [FieldsFilter, OrderingFilter]
    body_fields = [*BaseAPIViewSet.body_fields, "name", "slug"]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "name", "slug"]


class ThemesAPIViewSet(_TaxonomyViewSet):
    name = "themes"
    model = Theme
    body_fields = [*_TaxonomyViewSet.body_fields, "description"]
    listing_default_fields = [*_TaxonomyViewSet.listing_default_fields, "description"]


class KeywordsAPIViewSet(_TaxonomyViewSet):
    name = "keywords"
    model = Keyword

    def get_queryset(self):
        # Only keywords some live public page carries (a keyword of drafts stays unknown).
        from site_core.listing import keyword_through_models, public_pages

        public_ids = public_pages().values("pk")
        used = Q()
        for through in keyword_through_models():
            used |= Q(
                pk__in=through.objects.filter(content_object_id__in=public_ids).values("tag_id")
            )
        return Keyword.objects.filter(used).order_by("id")
