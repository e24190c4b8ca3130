"""Admin URLs answered by our narrowed views; included in front of Wagtail's own admin URLs."""

from django.urls import path
from wagtail.admin.auth import require_admin_access

from security import views

urlpatterns = [
    path("password_reset/", views.RateLimitedPasswordResetView.as_view()),
    path("tag-autocomplete/", views.tag_autocomplete),
    path("tag-autocomplete/<slug:app_name>/<slug:model_name>/", views.tag_autocomplete),
    path(
        "reports/page-types-usage/",
        require_admin_access(views.VisiblePageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        require_admin_access(views.VisiblePageTypesUsageReportView.as_view(results_only=True)),
    ),
]
