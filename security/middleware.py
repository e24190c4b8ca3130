"""Admin middleware of the security app: the admin's Content-Security-Policy and its second
factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from security import second_factor

ADMIN_PREFIX = "/admin/"


class AdminContentSecurityPolicyMiddleware:
    """The admin's Content-Security-Policy: Wagtail's own templates still carry inline scripts
    (inline panels, date pickers), so the admin gets a policy of its own; public pages keep
    `SECURE_CSP`, which has no `unsafe-inline`.

    Place it after Django's `ContentSecurityPolicyMiddleware` (it answers first)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = ADMIN_PREFIX

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return response


class SecondFactorMiddleware:
    """Every admin URL (Wagtail's views, choosers, the admin API, ours) needs a second factor
    once the user is logged in with a password, when `ADMIN_SECOND_FACTOR` is on.

    Place it after django-otp's `OTPMiddleware` (which tells whether the session passed a second
    factor). A page gets a redirect to the verification (or to the enrolment, the first time);
    the admin API and any other request than GET get a 403, never the data."""

    # Reachable with the password alone: logging in and out, password reset, the second factor's
    # own enrolment and verification, and what their pages load: the admin's translations for
    # its JavaScript and its icon sprite (the same for everyone, no data).
    OPEN = (
        "sprite/",
        "login/",
        "logout/",
        "password_reset/",
        "second-factor/enrol/",
        "second-factor/verify/",
        "jsi18n/",
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = tuple(ADMIN_PREFIX + path for path in self.OPEN)

    def __call__(self, request):
        if (
            settings.ADMIN_SECOND_FACTOR
            and request.path.startswith(ADMIN_PREFIX)
            and not request.path.startswith(self.open_paths)
            and second_factor.is_required(request.user)
            and not request.user.is_verified()
        ):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        if (
            request.method != "GET"
            or request.path.startswith(ADMIN_PREFIX + "api/")
            or request.headers.get("x-requested-with") == "XMLHttpRequest"
        ):
            response = HttpResponse(
                _("A second factor is required: log in again to the administration."),
                status=403,
                content_type="text/plain; charset=utf-8",
            )
            response["Cache-Control"] = "private, no-store"
            return response
        name = (
            "security_second_factor_verify"
            if second_factor.is_enrolled(request.user)
            else "security_second_factor_enrol"
        )
        return HttpResponseRedirect(
            reverse(name) + "?" + urlencode({"next": request.get_full_path()})
        )
