"""Admin views of Wagtail, narrowed to what the user may see (see `site_core.access`)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import PasswordResetView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.tags import autocomplete as wagtail_tag_autocomplete
from wagtail.views import authenticate_with_password as wagtail_authenticate_with_password

from security.tasks import send_password_reset
from site_core.access import pages_visible_to
from site_core.listing import keywords_of
from site_core.params import get_text

TAGS_AUTOCOMPLETE_LIMIT = 10


class VisiblePageTypesUsageReportView(PageTypesUsageReportView):
    """Counts and « last edited » pages among the pages the user may see only."""

    def decorate_paginated_queryset(self, page_types):
        visible = pages_visible_to(self.request.user)
        for item in page_types:
            of_type = visible.filter(content_type=item)
            item.count = of_type.count()
            item.last_edited_page = (
                of_type.exclude(latest_revision_created_at__isnull=True)
                .order_by("-latest_revision_created_at")
                .specific()
                .first()
            )
        return page_types


def visible_keywords(user):
    """Keywords carried by at least one page `user` may see."""
    return keywords_of(pages_visible_to(user))


@require_GET
@require_admin_access
def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete; for our keywords, only those of pages the user may see."""
    if (app_name, model_name) != ("site_core", "keyword"):
        return wagtail_tag_autocomplete(request, app_name, model_name)
    term = get_text(request.GET, "term", max_length=100)
    if not term:
        return JsonResponse([], safe=False)
    names = (
        visible_keywords(request.user)
        .filter(name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:TAGS_AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(list(names), safe=False)


def _attempts_key(kind, scope, request):
    return f"security:{kind}:{scope}:{request.META.get('REMOTE_ADDR', '')}"


def too_many_attempts(request, window_seconds):
    response = render(
        request,
        "security/too_many_attempts.html",
        {"minutes": max(1, window_seconds // 60)},
        status=429,
    )
    response["Retry-After"] = str(window_seconds)
    return response


def rate_limited_page_password(request, page_view_restriction_id, page_id):
    """Wagtail's page-password form, with at most PAGE_PASSWORD_ATTEMPTS failures per address
    and restriction every PAGE_PASSWORD_WINDOW seconds."""
    window = settings.PAGE_PASSWORD_WINDOW
    key = _attempts_key("page-password", page_view_restriction_id, request)
    if request.method == "POST" and cache.get(key, 0) >= settings.PAGE_PASSWORD_ATTEMPTS:
        return too_many_attempts(request, window)
    response = wagtail_authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST" and response.status_code != 302:
        _count(key, window)
    return response


def _count(key, window) -> int:
    """Adds one to the counter `key` (kept `window` seconds) and returns the new value."""
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, window)
        return 1


class RateLimitedPasswordResetView(PasswordResetView):
    """Wagtail's password reset: the e-mail goes by task, in the same time for any address, and
    at most PASSWORD_RESET_PER_ADDRESS requests per client address and PASSWORD_RESET_PER_EMAIL
    e-mails per account address every PASSWORD_RESET_WINDOW seconds. The answer never tells."""

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW
        email = form.cleaned_data["email"].strip().lower()
        from_address = _count(_attempts_key("password-reset", "ip", self.request), window)
        to_account = _count(f"security:password-reset:email:{email}", window)
        if (
            from_address <= settings.PASSWORD_RESET_PER_ADDRESS
            and to_account <= settings.PASSWORD_RESET_PER_EMAIL
        ):
            send_password_reset.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())
