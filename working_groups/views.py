from django.http import Http404
from wagtail.models import Site

from . import feeds
from .models import WorkingGroupPage


def group_for_path(request, path: str) -> WorkingGroupPage:
    """The live, public working group page at `path` in the request's site, or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    url_path = site.root_page.url_path + path
    group = WorkingGroupPage.objects.live().public().filter(url_path=url_path).first()
    if group is None:
        raise Http404
    return group


def minutes_feed(request, path):
    return feeds.minutes_feed(group_for_path(request, path), request)


def meetings_calendar(request, path):
    return feeds.meetings_calendar(group_for_path(request, path), request)
