from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from site_core import feeds, sitemaps, views

FMT = r"(?P<fmt>rss|atom)"
SLUG = r"(?P<slug>[-a-zA-Z0-9_]+)"

site_core_patterns = (
    [
        path("mots-cles/", views.keyword_index, name="taxonomy_index"),
        path("mots-cles/<slug:slug>/", views.keyword_pages, name="keyword"),
        path("thematiques/<slug:slug>/", views.theme_pages, name="theme"),
        path("plan-du-site/", views.site_map, name="site_map"),
        # Feeds of every listing (RSS 2.0 and Atom).
        re_path(rf"^flux/site\.{FMT}$", feeds.site_feed, name="feed_site"),
        re_path(rf"^flux/types/{SLUG}\.{FMT}$", feeds.type_feed, name="feed_type"),
        re_path(rf"^flux/groupes/{SLUG}\.{FMT}$", feeds.group_feed, name="feed_group"),
        re_path(rf"^flux/thematiques/{SLUG}\.{FMT}$", feeds.theme_feed, name="feed_theme"),
        re_path(rf"^flux/mots-cles/{SLUG}\.{FMT}$", feeds.keyword_feed, name="feed_keyword"),
    ],
    "site_core",
)

urlpatterns = [
    # Wagtail admin views narrowed to what the user may see (per-group isolation), then Wagtail's.
    path("admin/", include("security.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # An index of sections (one per page type, paginated): site_core/sitemaps.py.
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("", include(site_core_patterns)),
    path("", include("working_groups.urls")),
    path("", include("articles.urls")),
    path("", include("podcasts.urls")),
    path("", include("contributions.urls")),
    path("", include("search.urls")),
    path("", include("subscriptions.urls")),
    path("", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page-password form, rate limited (security app), in front of Wagtail's own URLs.
    path("", include("security.urls")),
    path("", include(wagtail_urls)),
]

handler404 = "site_core.views.page_not_found"
handler500 = "site_core.views.server_error"
