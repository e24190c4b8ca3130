"""Admin URLs answered by our narrowed views; included in front of Wagtail's own admin URLs."""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry

from security import views

urlpatterns = [
    # The second factor (security/second_factor.py); the middleware lets the first two through.
    path("second-factor/enrol/", views.second_factor_enrol, name="security_second_factor_enrol"),
    path("second-factor/verify/", views.second_factor_verify, name="security_second_factor_verify"),
    path(
        "second-factor/recovery-codes/",
        views.second_factor_recovery_codes,
        name="security_second_factor_recovery_codes",
    ),
    path("second-factor/", views.second_factor_manage, name="security_second_factor_manage"),
    path(
        "second-factor/reset/<int:user_id>/",
        views.second_factor_reset,
        name="security_second_factor_reset",
    ),
    path("password_reset/", views.RateLimitedPasswordResetView.as_view()),
    path(
        "choose-page/chosen-multiple/",
        require_admin_access(views.VisibleChosenMultipleView.as_view()),
    ),
    # Wagtail checks no permission there: the modal names another group's workflow and tasks.
    path(
        "pages/workflow/confirm_cancellation/<int:page_id>/",
        require_admin_access(
            views.visible_page_only(
                page_viewset_registry.as_view(
                    "confirm_workflow_cancellation", page_id_kwarg="page_id"
                )
            )
        ),
    ),
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
    path("reports/locked/", require_admin_access(views.VisibleLockedPagesView.as_view())),
    path(
        "reports/locked/results/",
        require_admin_access(views.VisibleLockedPagesView.as_view(results_only=True)),
    ),
]
