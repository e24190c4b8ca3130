"""Middleware of the public site."""

from django.conf import settings

from site_core.typography import typographie

SKIPPED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")


class FrenchTypographyMiddleware:
    """French typography on every HTML page the public site sends (not the admin's).

    Placed after a whole-page cache in ``MIDDLEWARE`` (nearer the view), the cached copy is
    already typeset.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.FRENCH_TYPOGRAPHY:
            return response
        if (
            request.path.startswith(SKIPPED_PATHS)
            or response.streaming
            or 300 <= response.status_code < 400
            or not response.get("Content-Type", "").startswith("text/html")
            or response.has_header("Content-Encoding")
        ):
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        charset = response.charset or "utf-8"
        html = response.content.decode(charset, errors="replace")
        response.content = typographie(html).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
