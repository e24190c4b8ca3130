from wagtail.models import Site

from site_core.query import restricted_q


def navigation(request):
    """Top-level navigation: the live, public children of the site's root shown in menus.
    Memoised on the request: fragments rendered with the request (reactions) run it again."""
    if hasattr(request, "_maillage_navigation"):
        return request._maillage_navigation
    request._maillage_navigation = _navigation(request)
    return request._maillage_navigation


def _navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "site_root": None}
    root = site.root_page
    pages = list(root.get_children().live().exclude(restricted_q()).in_menu().order_by("path"))
    return {"nav_pages": pages, "site_root": root}
