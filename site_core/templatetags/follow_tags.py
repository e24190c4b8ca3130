"""`<link rel="alternate">` in the head and a visible « S'abonner » box on every listing page.

Other apps add ways to follow (e-mail) through the `maillage_follow_links` hook: a function
`(target) -> (label, url) | None`.
"""

from django import template
from wagtail import hooks

from site_core.site_data import kept
from site_core.syndication import resolve, targets_for_context

register = template.Library()


def _build_feeds(targets) -> list[dict]:
    feeds = []
    for target in targets:
        resolved = resolve(target)
        if resolved is None:
            continue
        extra = [
            tuple(link)
            for hook in hooks.get_hooks("maillage_follow_links")
            if (link := hook(target)) is not None
        ]
        feeds.append(
            {
                "title": str(resolved.title),
                "rss": target.feed_url("rss"),
                "atom": target.feed_url("atom"),
                "extra": extra,
            }
        )
    return feeds


def _feeds(context):
    cache_key = "_maillage_follow_feeds"
    if cache_key not in context:
        targets = targets_for_context(context)
        # The same for every reader of the page: kept under the page cache's stamp (resolving a
        # target builds its listing's query, on every page that can be followed).
        name = "follow-feeds:" + ",".join(f"{t.kind}={t.key}" for t in targets)
        feeds = kept(context.get("request"), name, lambda: _build_feeds(targets)) if targets else []
        context.dicts[0][cache_key] = feeds
    return context[cache_key]


@register.inclusion_tag("components/feed_alternate_links.html", takes_context=True)
def feed_alternate_links(context):
    return {"feeds": _feeds(context)}


@register.inclusion_tag("components/follow_box.html", takes_context=True)
def follow_box(context):
    return {"feeds": _feeds(context)}
