from wagtail.models import Site

from site_core import site_data


def navigation(request):
    """Top-level navigation: the live, public children of the site's root shown in menus.
    Memoised on the request: fragments rendered with the request (reactions) run it again.
    Public pages take it from the site-wide bundle (site_core/site_data.py)."""
    if hasattr(request, "_maillage_navigation"):
        return request._maillage_navigation
    request._maillage_navigation = _navigation(request)
    return request._maillage_navigation


def _navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "site_root": None}
    pages = site_data.navigation(request)
    if pages is None:
        pages = site_data._navigation_pages(site.root_page)
    return {"nav_pages": pages, "site_root": site.root_page}
