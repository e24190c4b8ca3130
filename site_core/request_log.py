"""Every log line written during a request says when, which request, which path and which user.

``RequestIdMiddleware`` gives each request an id (the proxy's ``X-Request-ID`` when it is a sane
token, else a new one), sends it back in the response, and keeps the request in a context
variable; ``RequestContextFilter`` adds ``request_id``, ``path`` (with its query string) and
``user_id`` to every record. The user is read only if the request already loaded it, so that
logging never queries the database (which may be the thing that is down).
"""

import contextvars
import logging
import re
import uuid

current_request = contextvars.ContextVar("maillage_request", default=None)
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proposed = request.headers.get("X-Request-ID", "")
        request.id = proposed if REQUEST_ID_RE.fullmatch(proposed) else uuid.uuid4().hex
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestContextFilter(logging.Filter):
    def filter(self, record):
        request = getattr(record, "request", None) or current_request.get()
        if request is None or not hasattr(request, "META"):
            record.request_id, record.path, record.user_id = "-", "-", "-"
            return True
        record.request_id = getattr(request, "id", "-")
        path = request.path
        query = request.META.get("QUERY_STRING", "")
        record.path = f"{request.method} {path}?{query}" if query else f"{request.method} {path}"
        user = request.__dict__.get("_cached_user")  # never load the user here
        record.user_id = getattr(user, "pk", None) or "-"
        return True
