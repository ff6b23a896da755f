from django.urls import include, path
from rest_framework.routers import SimpleRouter

from webapp.gcal import views

app_name = "gcal"

# SimpleRouter: no root view of its own, so /api/ stays the main API's.
router = SimpleRouter()
router.register("publish-runs", views.PublishRunViewSet, basename="publish-run")

urlpatterns = [
    path("versions/<int:pk>/publish/", views.PublishVersionView.as_view(), name="version-publish"),
    path("google/", views.GoogleStatusView.as_view(), name="google-status"),
    path("google/authorize/", views.GoogleAuthorizeView.as_view(), name="google-authorize"),
    path("google/callback/", views.GoogleCallbackView.as_view(), name="google-callback"),
    path("", include(router.urls)),
]
