"""The OpenAPI schema documents every status the API answers, not only the happy one.

Each operation gets, unless its view already says otherwise: 400 when it reads a body or query parameters
(every field is checked and named in pt-BR), 415 when a body comes in a type it cannot parse, 403 when it
needs a login and a role, 404 when its path names something, 409 for a DELETE of what history keeps
(PROTECT), 429 when it is throttled, 304 when it answers conditional GETs (`webapp.api.answers.conditional`).
"""
from __future__ import annotations

from django.db.models import PROTECT, RESTRICT
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

from webapp.api.serializers import DetailSerializer

BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Entrada inválida: cada campo (ou parâmetro) recusado com suas mensagens em pt-BR; nada foi gravado.",
)
FORBIDDEN = OpenApiResponse(DetailSerializer, description="Sem login, ou o perfil não permite esta ação.")
NOT_FOUND = OpenApiResponse(DetailSerializer, description="Não encontrado.")
IN_USE = OpenApiResponse(
    DetailSerializer, description="Está em uso (por exemplo, em versões da agenda): nada foi apagado; o motivo é dito."
)
UNSUPPORTED = OpenApiResponse(DetailSerializer, description="Tipo de conteúdo não suportado: envie JSON.")
NOT_MODIFIED = OpenApiResponse(description="Nada mudou desde a resposta desta ETag (If-None-Match): vale a que já tem.")
QUEUE_DOWN = OpenApiResponse(
    DetailSerializer, description="A fila de tarefas (Redis) não respondeu: nada ficou esperando; tente de novo (Retry-After)."
)
THROTTLED = OpenApiResponse(DetailSerializer, description="Muitas requisições: espere o tempo indicado.")


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, response in self._error_responses():
            responses.setdefault(code, self._get_response_for_code(response, code, direction=direction))
        return responses

    def _error_responses(self):
        if self._reads_input():
            yield "400", BAD_REQUEST
        if self._reads_body():
            yield "415", UNSUPPORTED
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            yield "403", FORBIDDEN
        if "{" in self.path:
            yield "404", NOT_FOUND
        if self.method == "DELETE" and self._model_is_protected():
            yield "409", IN_USE
        if self.view.get_throttles():
            yield "429", THROTTLED
        if self.method == "GET" and getattr(self._handler(), "conditional", False):
            yield "304", NOT_MODIFIED

    def _handler(self):
        return getattr(self.view, getattr(self.view, "action", None) or self.method.lower(), None)

    def _reads_body(self) -> bool:
        return self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None

    def _reads_input(self) -> bool:
        return self._reads_body() or any(parameter["in"] == "query" for parameter in self._get_parameters())

    def _model_is_protected(self) -> bool:
        queryset = getattr(self.view, "queryset", None)
        if queryset is None:
            return False
        return any(
            getattr(relation, "on_delete", None) in (PROTECT, RESTRICT)
            for relation in queryset.model._meta.related_objects
        )
