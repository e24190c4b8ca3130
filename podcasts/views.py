"""Audio with HTTP Range support: players seek, podcast apps resume downloads."""

import mimetypes
import os
import re

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.views.decorators.http import require_http_methods
from wagtailmedia.models import get_media_model

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


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


@require_http_methods(["GET", "HEAD"])
def serve_audio(request, pk, filename):
    media = get_object_or_404(get_media_model(), pk=pk, type="audio")
    if filename != media.filename:
        raise Http404
    try:
        path = media.file.path
        size = os.path.getsize(path)
    except (NotImplementedError, FileNotFoundError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(media.filename)[0] or "application/octet-stream"
    headers = {
        "Accept-Ranges": "bytes",
        "Last-Modified": http_date(os.path.getmtime(path)),
        "Cache-Control": "public, max-age=86400",
    }
    header = request.headers.get("Range", "").strip()
    match = RANGE_RE.match(header) if header else None
    if header and (match is None or (not match.group(1) and not match.group(2))):
        response = HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
        return response
    if match:
        first, last = match.groups()
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        else:  # suffix range: the last N bytes
            start, end = max(0, size - int(last)), size - 1
        if start >= size or start > end:
            return HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
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
