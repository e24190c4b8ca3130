"""A working group's feed of minutes (RSS 2.0). Its iCal feed is in `working_groups.agenda`."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from site_core.public_address import absolute

FEED_ITEMS = 30


def minutes_feed(group, request) -> HttpResponse:
    """RSS 2.0 of the group's published minutes, newest meeting first."""
    group_url = group.get_full_url(request)
    feed = Rss201rev2Feed(
        title=_("Minutes of %(name)s") % {"name": group.title},
        link=group_url,
        description=group.summary or _("Minutes of the meetings of the working group."),
        language="fr",
        feed_url=absolute(request.path),
    )
    for minutes in group.published_minutes()[:FEED_ITEMS]:
        url = minutes.get_full_url(request)
        published = minutes.first_published_at or timezone.now()
        feed.add_item(
            title=minutes.title,
            link=url,
            unique_id=url,
            description=minutes.summary or minutes.sequence_label,
            pubdate=published,
            updateddate=minutes.last_published_at or published,
            categories=[minutes.sequence_label],
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
