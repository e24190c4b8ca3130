"""Hand a file to nginx (X-Accel-Redirect) once Django has decided that it may be served.

Switched on by MEDIA_X_ACCEL_REDIRECT (the compose stack and deploy/nginx/ do). Without it — the
dev server, the tests, a plain gunicorn — the views serve the file themselves, as before. The
permission checks stay in the views (podcasts' audio view, Wagtail's document view and its
`before_serve_document` hooks); this module only answers "serve these bytes" cheaply: nginx
then handles Range (206), If-Modified-Since and the sending of up to hundreds of megabytes,
and the sync gunicorn worker is free at once.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse

from site_core.storage import serves_by_redirect


def accel_path(file_or_path) -> str | None:
    """The internal nginx URI of a file under MEDIA_ROOT, or None when X-Accel is off or the
    file is not on the local disk (object storage: the views serve or redirect as usual)."""
    if not getattr(settings, "MEDIA_X_ACCEL_REDIRECT", False):
        return None
    if isinstance(file_or_path, str | Path):
        path = file_or_path
    elif serves_by_redirect(file_or_path) or not file_or_path:
        return None  # in a bucket (site_core/storage.py), or no file at all
    else:
        path = file_or_path.path
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        relative = Path(path).resolve().relative_to(root)
    except ValueError:
        return None
    return settings.MEDIA_X_ACCEL_PREFIX + quote(relative.as_posix())


def accel_response(file_or_path, *, content_type, headers=None) -> HttpResponse | None:
    """An empty response that nginx replaces by the file; None when X-Accel does not apply."""
    uri = accel_path(file_or_path)
    if uri is None:
        return None
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = uri
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def sendfile(request, filename, mimetype=None, **kwargs):
    """Wagtail's SENDFILE_BACKEND interface (documents' serve view, after its privacy hooks)."""
    response = accel_response(filename, content_type=mimetype or "application/octet-stream")
    if response is None:
        from wagtail.utils.sendfile_streaming_backend import sendfile as streaming

        return streaming(request, filename, mimetype=mimetype, **kwargs)
    return response
