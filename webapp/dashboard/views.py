"""The React dashboard (frontend/, built by Vite into frontend/dist) served at `/` and its client routes."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe


@require_safe
@ensure_csrf_cookie  # the dashboard sends it back as X-CSRFToken on every write
def index(request):
    built = settings.DASHBOARD_DIR / "index.html"
    if not built.exists():
        # A checkout where `npm run build` has not run yet: say how to get the dashboard, not a 500.
        return render(request, "dashboard/not_built.html", status=503)
    response = HttpResponse(built.read_text(encoding="utf-8"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # the hashed assets are cached; the page always names the newest
    return response
