import json
import sys
import urllib.request
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from site_core.listing import pages_with_keyword, pages_with_theme, prepare_cards
from site_core.models import Keyword, Theme
from site_core.params import get_page_number
from site_core.public_address import absolute
from site_core.query import restricted_q
from site_core.resilience import is_database_outage, service_unavailable

PER_PAGE = 12


def paginate(request, queryset, per_page=PER_PAGE):
    """Paginate a queryset; a page number out of range or not a number falls back sensibly."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(get_page_number(request.GET))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def _tagged_listing(request, *, term, pages, kind_label, template="site_core/tagged_pages.html"):
    pages = pages.order_by("-first_published_at", "-pk").specific()
    page_obj = paginate(request, pages)
    page_obj.object_list = prepare_cards(page_obj.object_list, request)
    return render(
        request,
        template,
        {
            "term": term,
            "page_obj": page_obj,
            "kind_label": kind_label,
            "pages": page_obj.object_list,
        },
    )


@require_GET
def keyword_pages(request, slug):
    keyword = get_object_or_404(Keyword, slug=slug)
    return _tagged_listing(
        request, term=keyword, pages=pages_with_keyword(keyword), kind_label="keyword"
    )


@require_GET
def theme_pages(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    return _tagged_listing(request, term=theme, pages=pages_with_theme(theme), kind_label="theme")


@require_GET
def keyword_index(request):
    """Themes, then keywords in French alphabetical order, each with its number of pages;
    a keyword no public page carries is left out."""
    from site_core import site_data
    from site_core.listing import french_sort_key, taxonomy_counts

    def build():
        theme_counts, keyword_counts = taxonomy_counts()
        themes = list(Theme.objects.all())
        for theme in themes:
            theme.page_count = theme_counts.get(theme.pk, 0)
        keywords = sorted(
            Keyword.objects.filter(pk__in=list(keyword_counts)),
            key=lambda keyword: french_sort_key(keyword.name),
        )
        for keyword in keywords:
            keyword.page_count = keyword_counts[keyword.pk]
        return {"themes": themes, "keywords": keywords}

    # Counted over every page type: the same for every reader, kept under the page cache's stamp.
    return render(
        request, "site_core/taxonomy_index.html", site_data.kept(request, "taxonomy", build)
    )


# Entries per page of the site map: the page stays small however large the site grows.
SITE_MAP_PER_PAGE = 200


@require_GET
def site_map(request):
    """ "Site map": the tree of live public pages (down to three levels below the home page),
    in tree order, SITE_MAP_PER_PAGE entries a page: two queries (count, slice)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page
    pages = (
        Page.objects.descendant_of(root, inclusive=True)
        .live()
        .exclude(restricted_q())
        .filter(depth__lte=root.depth + 3)
        .order_by("path")
        .only("title", "path", "depth", "url_path", "locale_id")
    )
    page_obj = paginate(request, pages, SITE_MAP_PER_PAGE)
    root_depth = root.depth
    return render(
        request,
        "site_core/site_map.html",
        {
            "page_obj": page_obj,
            "tree": [(page, page.depth - root_depth) for page in page_obj.object_list],
        },
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /recherche/",
        f"Sitemap: {absolute(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "down"
    return "ok"


def _check_cache() -> str:
    """Write and read back a value: django-redis set to ignore errors answers None when down."""
    key, value = "maillage:health", uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        return "ok" if cache.get(key) == value else "down"
    except Exception:
        return "down"


def _check_search(database: str) -> str:
    """Elasticsearch's cluster health when SEARCH_URL is set; else the database engine."""
    if not settings.SEARCH_URL:
        return database
    url = settings.SEARCH_URL.rstrip("/") + "/_cluster/health"
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (URL from settings)
            status = json.loads(answer.read(100_000)).get("status")
    except (OSError, ValueError):
        return "down"
    return "ok" if status in {"green", "yellow"} else "down"


@never_cache
@require_GET
def health(request):
    """Each part separately, and an overall status a load balancer can use.

    200 "ok": everything answers. 200 "degraded": the cache or the search engine is down, the site
    still serves (uncached, or search answers its French 503). 503 "down": the database is down.
    """
    database = _check_database()
    checks = {"database": database, "cache": _check_cache(), "search": _check_search(database)}
    if database != "ok":
        status, code = "down", 503
    elif all(value == "ok" for value in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    response = JsonResponse({"status": status, **checks}, status=code)
    if code == 503:
        response["Retry-After"] = "30"
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: the error may be the database itself.
    from django.template import loader

    exc = sys.exc_info()[1]
    if is_database_outage(exc):  # raised in a middleware (sessions, authentication…)
        return service_unavailable(request, exc)

    template = loader.get_template("500.html")
    return HttpResponse(template.render({}), status=500)
