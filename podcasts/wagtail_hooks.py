from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .feeds import episodes_linking_to


@hooks.register("maillage_backlinks_list")
def episodes_about(pages, request):
    """ "Écouter aussi" — episodes that send their listeners to each of `pages`, in one query
    for the whole list: {page id: [(heading, [episodes])]}."""
    found = {}
    for page_id, episodes in episodes_linking_to(pages).items():
        found[page_id] = [(_("Listen too"), episodes)]
    return found
