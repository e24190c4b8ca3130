"""`sitemap.xml` as an index of sections, one per page type, each section in pages of
SECTION_LIMIT addresses (the sitemap protocol's index and `?p=`): every response is bounded
whatever the size of the site, and every address is on SITE_BASE_URL (never the Host header).

Django's own index view builds the sections' addresses from the request's host, so the index is
written here (one aggregate query); the sections are Wagtail's sitemap view with a queryset of
plain pages of one type (no `specific()`: one query per section page).
"""

import math
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.models import Page, get_page_models

from site_core.public_address import absolute
from site_core.query import restricted_q

# Addresses per section page: the protocol allows 50 000; smaller keeps each response small
# (about 400 kB) and quick to build.
SECTION_LIMIT = 2000


def section_models() -> dict:
    """{section name: page model}, for every concrete page type."""
    return {
        model._meta.model_name: model
        for model in get_page_models()
        if model is not Page and not model._meta.abstract
    }


class PageTypeSitemap(Sitemap):
    """The live public pages of one type on the request's site, in tree order."""

    limit = SECTION_LIMIT
    model = None

    def __init__(self, request=None, model=None):
        super().__init__(request)
        self.model = model

    def items(self):
        root = self.get_wagtail_site().root_page
        return (
            Page.objects.live()
            .exclude(restricted_q())
            .exact_type(self.model)
            .descendant_of(root, inclusive=True)
            .order_by("path")
        )


@dataclass
class SectionEntry:
    location: str
    last_mod: object = None


def _site_root(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site.root_page


@require_GET
@gzip_page
def sitemap_index(request):
    root = _site_root(request)
    models = section_models()
    by_type = {}
    types = ContentType.objects.get_for_models(*models.values())
    names = {types[model].pk: name for name, model in models.items()}
    rows = (
        Page.objects.live()
        .exclude(restricted_q())
        .descendant_of(root, inclusive=True)
        .filter(content_type__in=list(names))
        .order_by()
        .values("content_type")
        .annotate(count=Count("pk"), last_mod=Max("last_published_at"))
    )
    for row in rows:
        by_type[names[row["content_type"]]] = row
    entries = []
    for name in sorted(by_type):
        row = by_type[name]
        url = absolute(reverse("sitemap_section", kwargs={"section": name}))
        for number in range(1, math.ceil(row["count"] / SECTION_LIMIT) + 1):
            location = url if number == 1 else f"{url}?p={number}"
            entries.append(SectionEntry(location, row["last_mod"]))
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )


@require_GET
@gzip_page
def sitemap_section(request, section):
    model = section_models().get(section)
    if model is None:
        raise Http404
    sitemaps = {section: PageTypeSitemap(request, model)}
    return wagtail_sitemap_views.sitemap(request, sitemaps, section=section)
