"""CORS for GET only and a rate limit per address, on /api/ only."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from site_core import ratelimit

API_PREFIX = "/api/"
WINDOW = 60  # seconds
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
API_MAX_AGE = 60


def _over_limit(request) -> bool:
    return ratelimit.hit(
        "api", ratelimit.client_ip(request), limit=settings.API_RATE_LIMIT, window=WINDOW
    )


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match"
    response["Access-Control-Max-Age"] = "86400"
    return response


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":  # CORS preflight: only GET is allowed
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"message": _("This API is read only.")}, status=405)
            response["Allow"] = ALLOWED_METHODS
            return response
        if _over_limit(request):
            response = JsonResponse(
                {"message": _("Too many requests: wait a minute, please.")}, status=429
            )
            response["Retry-After"] = str(WINDOW)
            return _cors(response)
        response = self.get_response(request)
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=API_MAX_AGE)
        patch_vary_headers(response, ["Accept"])
        return _cors(response)
