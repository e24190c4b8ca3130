from django.urls import path

from . import admin_views

app_name = "contributions_admin"

urlpatterns = [
    path("", admin_views.queue, name="index"),
    path("moderer/", admin_views.bulk, name="bulk"),
    path("export/<int:page_id>.<slug:fmt>", admin_views.export, name="export"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/repondre/", admin_views.answer, name="answer"),
    path("<int:pk>/<slug:action>/", admin_views.moderate, name="moderate"),
]
