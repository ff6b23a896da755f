"""Site-wide protections that Django 5.2 does not ship: the Content-Security-Policy header, and the
pt-BR answer to a login locked by django-axes (admin page or API alike)."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Muitas tentativas de login sem sucesso para este usuário a partir deste endereço: o acesso está "
        f"bloqueado por {minutes} minutos. Espere e tente de novo, ou peça ao administrador do sistema para liberar."
    )


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return HttpResponse(lockout_message(), content_type="text/plain; charset=utf-8", status=status)
