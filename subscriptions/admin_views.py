"""The admin's view of subscriptions: counts for editors, addresses only for administrators."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from site_core.params import get_text

from . import services
from .models import Status, Subscription


def overview(request):
    counts = (
        Subscription.objects.values("kind", "key", "label")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
            pending=Count("pk", filter=Q(status=Status.PENDING)),
            unsubscribed=Count("pk", filter=Q(status=Status.UNSUBSCRIBED)),
        )
        .order_by("kind", "label")
    )
    context = {"counts": counts, "is_admin": request.user.is_superuser}
    if request.user.is_superuser:
        context["subscriptions"] = Subscription.objects.order_by("email", "kind", "label")[:500]
    return render(request, "subscriptions/admin/overview.html", context)


@require_http_methods(["POST"])
def address(request):
    """Export (JSON download) or erase every subscription of one address: administrators only."""
    if not request.user.is_superuser:
        raise PermissionDenied
    email = get_text(request.POST, "email", max_length=254).lower()
    action = get_text(request.POST, "action", max_length=10)
    if not email or not Subscription.objects.filter(email=email).exists():
        return render(
            request,
            "subscriptions/admin/overview.html",
            {"is_admin": True, "error": _("No subscription for “%(email)s”.") % {"email": email}},
            status=404,
        )
    if action == "erase":
        count = services.erase_address(email)
        return render(
            request,
            "subscriptions/admin/overview.html",
            {
                "is_admin": True,
                "notice": _("%(count)s subscription(s) of %(email)s erased.")
                % {"count": count, "email": email},
            },
        )
    response = HttpResponse(
        services.export_address(email), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="abonnements.json"'
    return response
