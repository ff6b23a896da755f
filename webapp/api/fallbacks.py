"""Errors raised outside DRF's views (CSRF, no route, a crash) answer the API's clients in JSON too."""
from __future__ import annotations

from django.http import JsonResponse
from django.views import defaults
from django.views.csrf import csrf_failure as django_csrf_failure


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def csrf_failure(request, reason=""):
    if _is_api(request):
        return JsonResponse({"detail": "Falha na verificação CSRF: recarregue a página e tente de novo."}, status=403)
    return django_csrf_failure(request, reason)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Não encontrado."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Erro interno do servidor; ficou registrado no log."}, status=500)
    return defaults.server_error(request)
