"""Admin views of Wagtail, narrowed to what the user may see (see `site_core.access`)."""

from functools import wraps
from urllib.parse import urlencode

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import PasswordResetView
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.tags import autocomplete as wagtail_tag_autocomplete
from wagtail.views import authenticate_with_password as wagtail_authenticate_with_password

from security import second_factor
from security.forms import EnrolmentCodeForm, SecondFactorCodeForm
from security.models import RecoveryCodeDevice
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


def _lockers_of_reported_pages(request):
    """Who locked one of the pages the locked-pages report lists to this user (Wagtail's own
    filter offers everyone who locked any page of the site)."""
    from wagtail.models import Page
    from wagtail.permission_policies.pages import PagePermissionPolicy

    pages = PagePermissionPolicy().instances_user_has_permission_for(request.user, "change")
    pages = pages | Page.objects.filter(locked_by=request.user)
    User = get_user_model()
    lockers = pages.filter(locked=True).values("locked_by")
    return User.objects.filter(pk__in=lockers).order_by(User.USERNAME_FIELD)


class VisibleLockedPagesFilterSet(LockedPagesReportFilterSet):
    # Wagtail's own labels (translated by Wagtail's catalogue).
    locked_by = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Locked by"),
        empty_label=gettext_lazy("Anyone"),
        field_name="locked_by",
        queryset=_lockers_of_reported_pages,
    )


class VisibleLockedPagesView(LockedPagesView):
    """Wagtail's locked-pages report (its own `unlock` check and list of the pages one may
    change); its « locked by » filter names only those who locked one of those pages."""

    filterset_class = VisibleLockedPagesFilterSet


class VisibleChosenMultipleView(ChosenMultipleView):
    """The page chooser's « chosen » step (title, URL of each id): pages one may see only."""

    def get(self, request):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        visible = pages_visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True)
        query = QueryDict(mutable=True)
        query.setlist("id", [str(pk) for pk in visible])
        request.GET = query
        return super().get(request)


def visible_page_only(view):
    """Wagtail's page view `view`, answered 404 for a page the user may not see."""

    @wraps(view)
    def wrapped(request, page_id, **kwargs):
        if not pages_visible_to(request.user).filter(pk=page_id).exists():
            raise Http404
        return view(request, page_id=page_id, **kwargs)

    return wrapped


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


# --- Second factor (TOTP and recovery codes) ------------------------------------------------------
RECOVERY_CODES_SESSION_KEY = "security:recovery_codes"


def _safe_next(request, default=None):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("wagtailadmin_home")


def _code_attempts_key(request):
    return f"security:second-factor:{request.user.pk}"


def _too_many_codes(request):
    return cache.get(_code_attempts_key(request), 0) >= settings.SECOND_FACTOR_ATTEMPTS


def _too_many_codes_response(request, template, context):
    messages.error(
        request,
        _(
            "Too many wrong codes. For your safety, try again in %(minutes)s minutes, or ask an "
            "administrator to reset your second factor."
        )
        % {"minutes": max(1, settings.SECOND_FACTOR_WINDOW // 60)},
    )
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(settings.SECOND_FACTOR_WINDOW)
    return response


def _second_factor_passed(request, device, next_url):
    request.session.cycle_key()
    otp_login(request, device)
    cache.delete(_code_attempts_key(request))
    return HttpResponseRedirect(next_url)


@never_cache
@require_admin_access
def second_factor_enrol(request):
    """First login: scan the QR code (or type the secret), confirm with a first code, get the
    recovery codes. A user who already has a second factor is sent to the verification."""
    next_url = _safe_next(request)
    if second_factor.is_enrolled(request.user):
        if request.user.is_verified():
            return HttpResponseRedirect(reverse("security_second_factor_manage"))
        return HttpResponseRedirect(
            reverse("security_second_factor_verify") + "?" + urlencode({"next": next_url})
        )
    device = second_factor.pending_totp_device(request.user)
    form = EnrolmentCodeForm(request.POST or None)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": second_factor.qr_code_data_uri(device),
        "secret": second_factor.secret_text(device),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    template = "security/second_factor/enrol.html"
    if request.method == "POST":
        if _too_many_codes(request):
            return _too_many_codes_response(request, template, context)
        if form.is_valid() and not device.verify_is_allowed()[0]:
            form.add_error("code", _("Please wait a few seconds before trying another code."))
            return render(request, template, context, status=429)
        if form.is_valid():
            code = second_factor.normalise_code(form.cleaned_data["code"])
            if second_factor.confirm_enrolment(device, code):
                codes = second_factor.new_recovery_codes(request.user)
                device.refresh_from_db()
                _second_factor_passed(request, device, next_url)
                request.session[RECOVERY_CODES_SESSION_KEY] = codes
                return HttpResponseRedirect(
                    reverse("security_second_factor_recovery_codes")
                    + "?"
                    + urlencode({"next": next_url})
                )
            _count(_code_attempts_key(request), settings.SECOND_FACTOR_WINDOW)
            form.add_error(
                "code",
                _(
                    "This code does not match. Check that your device is on time and type the "
                    "code currently shown."
                ),
            )
    return render(request, template, context, status=400 if form.errors else 200)


@never_cache
@require_admin_access
def second_factor_verify(request):
    """Each login: a code from the application, or a recovery code (used up)."""
    next_url = _safe_next(request)
    if not second_factor.is_enrolled(request.user):
        return HttpResponseRedirect(
            reverse("security_second_factor_enrol") + "?" + urlencode({"next": next_url})
        )
    if request.user.is_verified():
        return HttpResponseRedirect(next_url)
    form = SecondFactorCodeForm(request.POST or None)
    context = {"form": form, "next": next_url}
    template = "security/second_factor/verify.html"
    if request.method == "POST":
        if _too_many_codes(request):
            return _too_many_codes_response(request, template, context)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if second_factor.throttled(request.user, code):
                form.add_error("code", _("Please wait a few seconds before trying another code."))
                return render(request, template, context, status=429)
            device = second_factor.verify_code(request.user, code)
            if device is not None:
                if isinstance(device, RecoveryCodeDevice):
                    left = second_factor.recovery_codes_left(request.user)
                    messages.warning(
                        request,
                        ngettext(
                            "You used a recovery code: %(left)s is left. Generate new ones "
                            "from « Second factor » in your account.",
                            "You used a recovery code: %(left)s are left. Generate new ones "
                            "from « Second factor » in your account.",
                            left,
                        )
                        % {"left": left},
                    )
                return _second_factor_passed(request, device, next_url)
            _count(_code_attempts_key(request), settings.SECOND_FACTOR_WINDOW)
            form.add_error(
                "code",
                _(
                    "This code is wrong, expired or already used. Type the code currently shown "
                    "by your application, or an unused recovery code."
                ),
            )
    return render(request, template, context, status=400 if form.errors else 200)


@never_cache
@require_admin_access
def second_factor_recovery_codes(request):
    """The recovery codes just generated, shown once (they live in the session until then)."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return HttpResponseRedirect(reverse("security_second_factor_manage"))
    return render(
        request,
        "security/second_factor/recovery_codes.html",
        {"codes": codes, "next": _safe_next(request)},
    )


@never_cache
@require_admin_access
def second_factor_manage(request):
    """The user's own page: state of the second factor, new recovery codes."""
    if request.method == "POST" and second_factor.is_enrolled(request.user):
        request.session[RECOVERY_CODES_SESSION_KEY] = second_factor.new_recovery_codes(request.user)
        return HttpResponseRedirect(reverse("security_second_factor_recovery_codes"))
    return render(
        request,
        "security/second_factor/manage.html",
        {
            "enrolled": second_factor.is_enrolled(request.user),
            "codes_left": second_factor.recovery_codes_left(request.user),
            "required": settings.ADMIN_SECOND_FACTOR,
        },
    )


@never_cache
@require_admin_access
def second_factor_reset(request, user_id):
    """A superuser forgets someone's second factor (lost telephone, no recovery code left)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    if request.method == "POST":
        second_factor.reset(target)
        messages.success(
            request,
            _(
                "The second factor of %(name)s was reset: they will set up a new one at their "
                "next login."
            )
            % {"name": target.get_full_name() or target.get_username()},
        )
        return HttpResponseRedirect(reverse("wagtailusers_users:index"))
    return render(
        request,
        "security/second_factor/reset_confirm.html",
        {"target": target, "enrolled": second_factor.is_enrolled(target)},
    )
