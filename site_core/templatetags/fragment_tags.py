from django import template
from django.utils.safestring import mark_safe

from site_core import fragments
from site_core.site_data import kept_html

register = template.Library()


@register.simple_tag(takes_context=True)
def uncached_fragment(context, name, *args):
    """A per-reader part of a page: see `site_core.fragments`."""
    return fragments.in_place(context.get("request"), name, args)


class KeptNode(template.Node):
    def __init__(self, nodelist, name, args):
        self.nodelist = nodelist
        self.name = name
        self.args = args

    def render(self, context):
        request = context.get("request")
        name = ":".join(
            ["kept-block", str(self.name.resolve(context))]
            + [str(arg.resolve(context)) for arg in self.args]
        )
        html = kept_html(request, name, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - rendered by the template engine


@register.tag
def kept_block(parser, token):
    """``{% kept_block "name" page.pk %}…{% endkept_block %}``: HTML that is the same for every
    reader, rendered once per stamp of the page cache (`site_data.kept_html`), in place in
    previews, for a request that may be signed in, and with the page cache off.

    The name and arguments must say everything the HTML depends on besides the site's content
    (the page's id): the query string does not reach it. What belongs to one reader goes in an
    `uncached_fragment`, kept as its placeholder and filled for each reader."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept_block takes a name and the values it depends on")
    nodelist = parser.parse(("endkept_block",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
