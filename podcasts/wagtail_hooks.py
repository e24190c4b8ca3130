from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .feeds import episodes_linking_to


@hooks.register("maillage_backlinks")
def episodes_about(page, request):
    """ "Écouter aussi" — episodes that send their listeners to this page."""
    episodes = episodes_linking_to(page)
    return [(_("Listen too"), episodes)] if episodes else []
