"""Public URLs answered by the security app in front of Wagtail's own."""

from django.urls import path

from security import views

urlpatterns = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        views.rate_limited_page_password,
    ),
]
