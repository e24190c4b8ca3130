from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from . import openapi, views

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", views.PublicPagesAPIViewSet)
api_router.register_endpoint("images", views.PublicImagesAPIViewSet)
api_router.register_endpoint("documents", views.PublicDocumentsAPIViewSet)
api_router.register_endpoint("themes", views.ThemesAPIViewSet)
api_router.register_endpoint("keywords", views.KeywordsAPIViewSet)

urlpatterns = [
    path("api/v2/openapi.json", openapi.openapi_view, name="api_openapi"),
    path("api/v2/", api_router.urls),
]
