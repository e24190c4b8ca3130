"""The admin's Content-Security-Policy: Wagtail's own templates still carry inline scripts
(inline panels, date pickers), so the admin gets a policy of its own; public pages keep
`SECURE_CSP`, which has no `unsafe-inline`."""

from django.conf import settings


class AdminContentSecurityPolicyMiddleware:
    """Place it after Django's `ContentSecurityPolicyMiddleware` (it answers first)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return response
