"""The group page's links to its register and its dossier (with the file's size and date)."""

from django import template

from ..dossier import dossier_info

register = template.Library()


@register.inclusion_tag("working_groups/includes/capitalisation_links.html", takes_context=True)
def capitalisation_links(context, group):
    request = context.get("request")
    return {"group": group, "dossier": dossier_info(group, request), "request": request}
