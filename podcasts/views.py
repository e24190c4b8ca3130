"""Audio with HTTP Range support: players seek, podcast apps resume downloads.

Whitenoise serves static files only, and Wagtail's document view has no Range support, so episodes'
audio goes through this view on the dev server and under gunicorn alike (RFC 9110, section 14).
"""

import os
import re

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_http_methods
from wagtailmedia.models import get_media_model
from wagtailmedia.permissions import permission_policy as media_permission_policy

from site_core.accel import accel_response
from site_core.access import pages_visible_to
from site_core.storage import remote_file_redirect

from .audio import mime_type_for

# ASCII digits only, at most 18 of them: no file is larger, and Python refuses to convert integer
# strings longer than 4 300 digits (a longer number is a malformed range: 416).
BYTE_RANGE_RE = re.compile(r"^([0-9]{0,18})-([0-9]{0,18})$")
CHUNK = 64 * 1024


class UnsatisfiableRange(Exception):
    """The Range header asks for bytes outside the file: answer 416."""


def parse_range(header: str, size: int):
    """(start, end) of a single byte range, None to serve the whole file, or UnsatisfiableRange.

    A unit other than bytes, or several ranges, is ignored (the whole file is served), as RFC 9110
    allows; a malformed or out-of-file byte range is refused.
    """
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    match = BYTE_RANGE_RE.match(spec.strip())
    if match is None or not any(match.groups()):
        raise UnsatisfiableRange
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    else:  # suffix range: the last N bytes
        if int(last) == 0:
            raise UnsatisfiableRange
        start, end = max(0, size - int(last)), size - 1
    if start >= size or start > end:
        raise UnsatisfiableRange
    return start, end


def _file_chunks(handle, start, length):
    handle.seek(start)
    remaining = length
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def audio_is_public(media) -> bool:
    """A live episode without view restriction plays it: anyone may fetch and cache it."""
    from .models import PodcastEpisodePage

    return PodcastEpisodePage.objects.live().public().filter(audio=media).exists()


def audio_visible_to(media, request) -> bool:
    """Audio is served to those who may see an episode that plays it (site_core.access)."""
    from .models import PodcastEpisodePage

    episodes = PodcastEpisodePage.objects.filter(audio=media)
    for episode in episodes.live():
        if all(r.accept_request(request) for r in episode.get_view_restrictions()):
            return True
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if pages_visible_to(user).filter(pk__in=episodes.values("pk")).exists():
        return True
    # Audio not yet played by any episode: those who work in its collection.
    return media_permission_policy.user_has_any_permission_for_instance(
        user, ["add", "change", "choose"], media
    )


def _if_range_allows(request, etag, last_modified) -> bool:
    """If-Range: the range applies only while the client's copy is the current one."""
    condition = request.headers.get("If-Range")
    if not condition:
        return True
    if condition.startswith('"'):
        return condition == etag
    stamp = parse_http_date_safe(condition)
    return stamp is not None and stamp >= last_modified


@require_http_methods(["GET", "HEAD"])
def serve_audio(request, pk, filename):
    media = get_object_or_404(get_media_model(), pk=pk, type="audio")
    if filename != media.filename or not audio_visible_to(media, request):
        raise Http404
    # In a bucket (MEDIA_S3_BUCKET): a signed URL; the bucket answers Range with 206.
    redirected = remote_file_redirect(
        media.file, public=audio_is_public(media), content_type=mime_type_for(media.filename)
    )
    if redirected is not None:
        return redirected
    # Behind nginx (MEDIA_X_ACCEL_REDIRECT), nginx answers Range and conditional requests.
    handed_over = accel_response(
        media.file,
        content_type=mime_type_for(media.filename),
        headers={"Cache-Control": "public, max-age=86400"},
    )
    if handed_over is not None:
        return handed_over
    try:
        path = media.file.path
        stat = os.stat(path)
    except FileNotFoundError as exc:
        raise Http404 from exc
    size, last_modified = stat.st_size, int(stat.st_mtime)
    etag = f'"{size:x}-{stat.st_mtime_ns:x}"'
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Last-Modified": http_date(last_modified),
        # Audio of a draft or private episode is never kept by shared caches.
        "Cache-Control": "public, max-age=86400" if audio_is_public(media) else "private, no-store",
    }
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        for key, value in headers.items():
            not_modified[key] = value
        return not_modified

    content_type = mime_type_for(media.filename)
    byte_range = None
    header = request.headers.get("Range", "").strip()
    if header and _if_range_allows(request, etag, last_modified):
        try:
            byte_range = parse_range(header, size)
        except UnsatisfiableRange:
            return HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})

    if byte_range is not None:
        start, end = byte_range
        length = end - start + 1
        response_headers = {
            **headers,
            "Content-Range": f"bytes {start}-{end}/{size}",
            "Content-Length": str(length),
            "Content-Type": content_type,
        }
        if request.method == "HEAD":
            return HttpResponse(status=206, headers=response_headers)
        return StreamingHttpResponse(
            _file_chunks(open(path, "rb"), start, length),  # noqa: SIM115 (closed by the generator)
            status=206,
            headers=response_headers,
        )
    if request.method == "HEAD":
        return HttpResponse(
            headers={**headers, "Content-Length": str(size), "Content-Type": content_type}
        )
    response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
    for key, value in headers.items():
        response[key] = value
    return response
