from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.models import Site
from wagtail.views import serve

from site_core.models import Keyword, Theme

from . import agenda, dossier, feeds, register_views
from .models import WorkingGroupPage
from .register import private_q


def group_for_path(request, path: str) -> WorkingGroupPage:
    """The live, public working group page at `path` in the request's site, or 404."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    url_path = site.root_page.url_path + path
    group = (
        WorkingGroupPage.objects.live()
        .exclude(private_q(request))
        .filter(url_path=url_path)
        .first()
    )
    if group is None:
        raise Http404
    return group


def group_view(view, suffix: str):
    """A view under a group's URL; any other page at that address is left to Wagtail."""

    def wrapped(request, path):
        try:
            group = group_for_path(request, path)
        except Http404:
            return serve(request, path + suffix)
        return view(request, group)

    wrapped.__name__ = view.__name__
    return wrapped


def minutes_feed(request, path):
    return feeds.minutes_feed(group_for_path(request, path), request)


def meetings_calendar(request, path):
    return agenda.calendar_response(request, group_for_path(request, path))


def network_register(request):
    return register_views.render_register(request)


def network_register_csv(request):
    return register_views.register_csv(request)


def network_register_ods(request):
    return register_views.register_ods(request)


group_register = group_view(register_views.render_register, "decisions/")
group_register_csv = group_view(register_views.register_csv, "decisions/registre.csv")
group_register_ods = group_view(register_views.register_ods, "decisions/registre.ods")


def network_agenda(request):
    return agenda.agenda_page(request)


def network_calendar(request):
    return agenda.calendar_response(request)


group_dossier = group_view(dossier.dossier_response, "dossier.pdf")


def theme_booklet(request, slug):
    return dossier.booklet_response(request, theme=get_object_or_404(Theme, slug=slug))


def keyword_booklet(request, slug):
    return dossier.booklet_response(request, keyword=get_object_or_404(Keyword, slug=slug))
