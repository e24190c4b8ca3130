"""The podcast RSS feed (RSS 2.0 + Apple's itunes + Podcasting 2.0 namespaces) and chapters JSON."""

import hashlib
import json
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_GET

from site_core.public_address import absolute
from site_core.typography import typographie_texte

from .audio import format_duration
from .transcripts import transcript_mime_type

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
ATOM = "http://www.w3.org/2005/Atom"
for prefix, uri in (("itunes", ITUNES), ("podcast", PODCAST), ("content", CONTENT), ("atom", ATOM)):
    ET.register_namespace(prefix, uri)


def _sub(parent, tag, text=None, /, **attrs):
    """A child element; keyword arguments are attributes (`type_` for `type`, `text` allowed)."""
    element = ET.SubElement(
        parent,
        tag,
        {k.replace("_", "-") if k != "type_" else "type": str(v) for k, v in attrs.items()},
    )
    if text is not None:
        element.text = str(text)
    return element


def _published_at(episode):
    """Publication moment of an episode: its date at the time it was first published (stable)."""
    first = episode.first_published_at or timezone.now()
    moment = timezone.localtime(first)
    return moment.replace(
        year=episode.published_on.year,
        month=episode.published_on.month,
        day=episode.published_on.day,
    )


def feed_episodes(show):
    """Live, public episodes with audio, newest first, with everything the feed shows in 4 queries."""
    return [
        episode
        for episode in show.episodes()
        .select_related("transcript_file")
        .prefetch_related("guests", "chapters")
        if episode.audio is not None
    ]


def build_feed(show, request) -> bytes:
    # Every URL on SITE_BASE_URL (site_core.public_address), never on the request's Host.
    episodes = feed_episodes(show)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", typographie_texte(show.title))
    show_url = absolute(show.get_url(request))
    _sub(channel, "link", show_url)
    _sub(
        channel,
        f"{{{ATOM}}}link",
        href=absolute(show.feed_url),
        rel="self",
        type_="application/rss+xml",
    )
    _sub(channel, "description", show.description)
    _sub(channel, "language", show.language)
    _sub(channel, "generator", "Maillage")
    if episodes:
        _sub(channel, "lastBuildDate", format_datetime(_published_at(episodes[0])))
    _sub(channel, f"{{{ITUNES}}}author", show.author)
    owner = _sub(channel, f"{{{ITUNES}}}owner")
    _sub(owner, f"{{{ITUNES}}}name", show.owner_name)
    _sub(owner, f"{{{ITUNES}}}email", show.owner_email)
    if show.artwork is not None:
        artwork_url = absolute(show.artwork.get_rendition("original|format-jpeg").url)
        _sub(channel, f"{{{ITUNES}}}image", href=artwork_url)
        image = _sub(channel, "image")
        _sub(image, "url", artwork_url)
        _sub(image, "title", typographie_texte(show.title))
        _sub(image, "link", show_url)
    _sub(channel, f"{{{ITUNES}}}category", text=show.category)
    _sub(channel, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
    _sub(channel, f"{{{ITUNES}}}type", "episodic")
    _sub(
        channel, f"{{{PODCAST}}}locked", "yes" if show.feed_locked else "no", owner=show.owner_email
    )
    _sub(channel, f"{{{PODCAST}}}guid", show.podcast_guid)

    for episode in episodes:
        item = _sub(channel, "item")
        _sub(item, "title", typographie_texte(episode.title))
        episode_url = absolute(episode.get_url(request))
        _sub(item, "link", episode_url)
        _sub(item, "description", episode.summary or strip_tags(episode.show_notes))
        if episode.show_notes:
            _sub(item, f"{{{CONTENT}}}encoded", episode.show_notes)
        _sub(item, "guid", episode.guid, isPermaLink="false")
        _sub(item, "pubDate", format_datetime(_published_at(episode)))
        _sub(
            item,
            "enclosure",
            url=absolute(episode.audio_url),
            length=episode.audio_size or episode.audio.file.size,
            type_=episode.audio_mime_type or "audio/mpeg",
        )
        _sub(
            item,
            f"{{{ITUNES}}}duration",
            format_duration(episode.audio_duration or episode.audio.duration),
        )
        if episode.number:
            _sub(item, f"{{{ITUNES}}}episode", episode.number)
        if episode.season:
            _sub(item, f"{{{ITUNES}}}season", episode.season)
        _sub(item, f"{{{ITUNES}}}episodeType", episode.episode_type)
        _sub(item, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
        if episode.transcript_file is not None:
            _sub(
                item,
                f"{{{PODCAST}}}transcript",
                url=absolute(episode.transcript_file.url),
                type_=transcript_mime_type(episode.transcript_file.filename),
                language=show.language,
                rel="captions",
            )
        if episode.transcript:
            _sub(
                item,
                f"{{{PODCAST}}}transcript",
                url=episode_url + "#transcription",
                type_="text/html",
                language=show.language,
            )
        if episode.chapters.all():
            _sub(
                item,
                f"{{{PODCAST}}}chapters",
                url=absolute(
                    reverse(
                        "podcasts:chapters",
                        kwargs={"show_slug": show.slug, "episode_id": episode.pk},
                    )
                ),
                type_="application/json+chapters",
            )
        for guest in episode.guests.all():
            attrs = {"role": guest.role or "guest"}
            if guest.url:
                attrs["href"] = guest.url
            _sub(item, f"{{{PODCAST}}}person", guest.name, **attrs)
    ET.indent(rss)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="utf-8")


def podcast_feed_response(show, request):
    # Everything the feed shows changes one of these: a publication, a re-measured audio file,
    # a replaced artwork file.
    episodes = list(
        show.episodes().values_list("pk", "last_published_at", "audio_size", "audio_duration")
    )
    artwork = show.artwork.file_hash if show.artwork is not None else ""
    # No publication date at all (a show never published): no Last-Modified rather than "now",
    # which would change between two requests and answer 200 to a reader's If-Modified-Since.
    stamps = [row[1] for row in episodes if row[1]] + [
        stamp for stamp in (show.last_published_at, show.latest_revision_created_at) if stamp
    ]
    last_modified = max(stamps) if stamps else None
    etag = (
        '"'
        + hashlib.sha256(
            repr((show.pk, show.last_published_at, artwork, episodes)).encode()
        ).hexdigest()[:32]
        + '"'
    )
    if_none_match = request.headers.get("If-None-Match")
    if_modified_since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if (if_none_match and etag in [tag.strip() for tag in if_none_match.split(",")]) or (
        not if_none_match
        and if_modified_since
        and last_modified is not None
        and int(last_modified.timestamp()) <= if_modified_since
    ):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(
            build_feed(show, request), content_type="application/rss+xml; charset=utf-8"
        )
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "public, max-age=300"
    return response


def _show(show_slug):
    from .models import PodcastShowPage

    show = (
        PodcastShowPage.objects.live()
        .public()
        .filter(slug=show_slug)
        .select_related("artwork")
        .first()
    )
    if show is None:
        raise Http404
    return show


@require_GET
def feed_view(request, show_slug):
    return podcast_feed_response(_show(show_slug), request)


@require_GET
def chapters_view(request, show_slug, episode_id):
    return chapters_response(_show(show_slug), request, episode_id)


def chapters_response(show, request, episode_id):
    episode = show.episodes().filter(pk=episode_id).first()
    if episode is None:
        raise Http404
    document = {
        "version": "1.2.0",
        "title": episode.title,
        "podcastName": show.title,
        "chapters": [
            {"startTime": chapter.start_seconds, "title": chapter.title}
            for chapter in episode.chapters.all()
        ],
    }
    return HttpResponse(
        json.dumps(document, ensure_ascii=False),
        content_type="application/json+chapters; charset=utf-8",
    )


def episodes_linking_to(pages):
    """{page id: live, public episodes whose "going further" rows point to that page}, in one
    query for the whole list."""
    from site_core.listing import linked_pages_by_target

    from .models import EpisodeFurtherLink, PodcastEpisodePage

    links = (
        EpisodeFurtherLink.objects.filter(
            page_id__in=[page.pk for page in pages],
            # The episode type's own manager: its `public()` is a subquery (site_core.query).
            episode__in=PodcastEpisodePage.objects.live().public(),
        )
        .select_related("episode")
        .order_by("-episode__first_published_at", "-episode_id")
    )
    return linked_pages_by_target(links, "page", "episode")
