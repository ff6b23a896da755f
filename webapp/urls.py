from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from webapp.dashboard.views import index as dashboard
from webapp.health import health
from webapp.metrics import metrics

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    path("metrics", metrics, name="metrics"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Split: the page and its start-up script come separately, so no inline script is needed (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("api/", include("webapp.api.urls")),
]

# The Google Calendar part (webapp/gcal) adds its endpoints when present.
if find_spec("webapp.gcal") is not None and find_spec("webapp.gcal.urls") is not None:
    urlpatterns.insert(-1, path("api/", include("webapp.gcal.urls")))

# Everything else is the dashboard's: its client-side routes (/, /quadro, /execucoes, ...) all get its page.
urlpatterns.append(re_path(r"^(?!api/|admin/|static/).*$", dashboard, name="dashboard"))

# Outside DRF's views the API still answers JSON (the dashboard's pages keep Django's).
handler404 = "webapp.api.fallbacks.not_found"
handler500 = "webapp.api.fallbacks.server_error"
