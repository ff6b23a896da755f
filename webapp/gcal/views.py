"""Publishing a version, its runs, and the coordinator's OAuth grant. Thin: actions do the work."""
from __future__ import annotations

import secrets

import requests
from django.shortcuts import get_object_or_404, redirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oauthlib.oauth2.rfc6749.errors import OAuth2Error
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from webapp.clinic.roles import COORDINATOR, VIEWER
from webapp.gcal import actions
from webapp.gcal import serializers as s
from webapp.gcal.config import GoogleConfigError
from webapp.gcal.models import PublishRun
from webapp.gcal.service import authorization_url, exchange_code
from webapp.schedules.models import ScheduleVersion

OAUTH_SESSION_KEY = "gcal_oauth"  # state and PKCE verifier, between authorize and callback


def _detail(message: str, code: int) -> Response:
    return Response({"detail": message}, status=code)


class PublishVersionView(APIView):
    write_roles = (COORDINATOR,)

    @extend_schema(
        operation_id="versions_publish_create",
        tags=["versions"],
        request=s.PublishRequestSerializer,
        responses={
            200: OpenApiResponse(s.PublishRunSerializer, description="Publicada (ou já estava igual)."),
            202: OpenApiResponse(s.PublishRunSerializer, description="Na fila de um worker; acompanhe em /api/publish-runs/{id}/."),
            400: OpenApiResponse(s.DetailSerializer, description="A versão não está aprovada (nem é a publicada)."),
            409: OpenApiResponse(s.PublishRefusedSerializer, description="Exclusões acima do limite: nada foi escrito; "
                                 "repita com confirm_deletes. Ou a semana já está sendo publicada."),
            422: OpenApiResponse(s.InconsistenciesRefusedSerializer, description="A versão quebra premissas obrigatórias "
                                 "que ninguém aceitou: nada foi publicado; repita com accept_inconsistencies."),
            502: OpenApiResponse(s.PublishRefusedSerializer, description="O Google Agenda falhou; a execução guarda os erros."),
            503: OpenApiResponse(s.DetailSerializer, description="O Google Agenda não está configurado, ou a fila de "
                                 "tarefas (Redis) não respondeu: nada ficou esperando; tente de novo."),
        },
    )
    def post(self, request, pk: int):
        """Publish an approved version (or the published one again) to the professionals' Google calendars."""
        version = get_object_or_404(ScheduleVersion, pk=pk)
        body = s.PublishRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            run = actions.do_start_publish(
                version,
                request.user,
                confirm_deletes=body.validated_data["confirm_deletes"],
                accept_inconsistencies=body.validated_data["accept_inconsistencies"],
            )
        except actions.NotPublishable as exc:
            return _detail(str(exc), status.HTTP_400_BAD_REQUEST)
        except actions.PublishInProgress as exc:
            return _detail(str(exc), status.HTTP_409_CONFLICT)
        except actions.GoogleNotConfigured as exc:
            return _detail(str(exc), status.HTTP_503_SERVICE_UNAVAILABLE)
        run = actions.enqueue_publish(run)
        data = s.PublishRunSerializer(run).data
        if run.status == PublishRun.NEEDS_CONFIRMATION:
            return Response({"detail": run.message, "run": data}, status=status.HTTP_409_CONFLICT)
        if run.status == PublishRun.FAILED:
            return Response({"detail": run.message, "run": data}, status=status.HTTP_502_BAD_GATEWAY)
        return Response(data, status=status.HTTP_200_OK if run.status == PublishRun.DONE else status.HTTP_202_ACCEPTED)


class PublishRunViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = PublishRun.objects.select_related("version", "requested_by")
    serializer_class = s.PublishRunSerializer

    @extend_schema(parameters=[s.PublishRunFilterSerializer])
    def list(self, request, *args, **kwargs):
        query = s.PublishRunFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        runs = self.get_queryset()
        if "version" in query.validated_data:
            runs = runs.filter(version_id=query.validated_data["version"])
        if "status" in query.validated_data:
            runs = runs.filter(status=query.validated_data["status"])
        page = self.paginate_queryset(runs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class GoogleStatusView(APIView):
    read_roles = (COORDINATOR, VIEWER)

    @extend_schema(responses=s.GoogleStatusSerializer)
    def get(self, request):
        """Whether publishing can reach Google now, in which mode, and who authorised the OAuth access."""
        return Response(s.GoogleStatusSerializer(actions.google_status()).data)


class GoogleAuthorizeView(APIView):
    read_roles = (COORDINATOR,)

    @extend_schema(
        responses={
            302: OpenApiResponse(description="Redireciona para o consentimento do Google."),
            400: OpenApiResponse(s.DetailSerializer, description="O modo de autenticação não é oauth."),
            503: OpenApiResponse(s.DetailSerializer, description="O cliente OAuth não está configurado."),
        }
    )
    def get(self, request):
        """Start the OAuth web flow (GOOGLE_AUTH_MODE=oauth): open this in the coordinator's browser."""
        try:
            config = actions.google_config()
            if config.auth_mode != "oauth":
                return _detail(f"O Google Agenda está no modo {config.auth_mode}; a autorização pelo navegador só "
                               f"vale para GOOGLE_AUTH_MODE=oauth.", status.HTTP_400_BAD_REQUEST)
            url, state, verifier = authorization_url(config)
        except GoogleConfigError as exc:
            return _detail(f"{actions.NOT_CONFIGURED}: {exc}", status.HTTP_503_SERVICE_UNAVAILABLE)
        request.session[OAUTH_SESSION_KEY] = {"state": state, "verifier": verifier}
        return redirect(url)


class GoogleCallbackView(APIView):
    read_roles = (COORDINATOR,)

    @extend_schema(
        parameters=[OpenApiParameter("code", OpenApiTypes.STR), OpenApiParameter("state", OpenApiTypes.STR),
                    OpenApiParameter("error", OpenApiTypes.STR)],
        responses={
            302: OpenApiResponse(description="Autorização guardada (cifrada); redireciona para /api/google/."),
            400: OpenApiResponse(s.DetailSerializer, description="Recusada, expirada ou de outra sessão."),
        },
    )
    def get(self, request):
        """Google's redirect back: trade the code for a refresh token and keep it encrypted."""
        pending = request.session.pop(OAUTH_SESSION_KEY, None)
        if request.query_params.get("error"):
            return _detail(f"O Google não autorizou o acesso ({request.query_params['error']}).",
                           status.HTTP_400_BAD_REQUEST)
        code, state = request.query_params.get("code"), request.query_params.get("state", "")
        if not pending or not code or not secrets.compare_digest(state, pending["state"]):
            return _detail("A autorização expirou ou não é desta sessão; comece de novo em /api/google/authorize/.",
                           status.HTTP_400_BAD_REQUEST)
        try:
            blob = exchange_code(actions.google_config(), code=code, state=state, code_verifier=pending["verifier"])
        except GoogleConfigError as exc:
            return _detail(str(exc), status.HTTP_400_BAD_REQUEST)
        except (OAuth2Error, requests.RequestException) as exc:
            return _detail(f"O Google não aceitou o código de autorização ({type(exc).__name__}: {exc}); "
                           f"comece de novo em /api/google/authorize/.", status.HTTP_400_BAD_REQUEST)
        actions.do_store_google_authorization(blob, request.user)
        return redirect("gcal:google-status")
