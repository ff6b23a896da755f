"""Session login for the dashboard: JSON in, the user's role out; CSRF-protected like any form login."""
from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from webapp.api.serializers import MeSerializer
from webapp.clinic.roles import role_of
from webapp.security import lockout_message


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class SessionDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


LOCKED_OUT = OpenApiResponse(
    SessionDetailSerializer, description="Tentativas erradas demais para este usuário deste endereço: bloqueado por um tempo."
)


def me_payload(user) -> dict:
    own = getattr(user, "professional", None)
    return {"username": user.username, "role": role_of(user), "professional": own.code if own else None}


@method_decorator(csrf_protect, name="post")
@method_decorator(ensure_csrf_cookie, name="get")
class SessionView(APIView):
    """GET: who is logged in (401 when nobody). POST: log in. DELETE: log out."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: MeSerializer, 401: SessionDetailSerializer})
    def get(self, request):
        if not request.user.is_authenticated:
            return Response({"detail": "Ninguém conectado."}, status=status.HTTP_401_UNAUTHORIZED)
        return Response(me_payload(request.user))

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: MeSerializer,
            400: SessionDetailSerializer,
            403: OpenApiResponse(SessionDetailSerializer, description="Sem o cookie e o cabeçalho CSRF (faça o GET antes)."),
            429: LOCKED_OUT,
        },
    )
    def post(self, request):
        body = LoginSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = authenticate(request, **body.validated_data)
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if user is None or not user.is_active:
            return Response({"detail": "Usuário ou senha incorretos."}, status=status.HTTP_400_BAD_REQUEST)
        if role_of(user) is None:
            return Response({"detail": "Este usuário não tem um perfil no Agendador."}, status=status.HTTP_400_BAD_REQUEST)
        login(request, user)
        return Response(me_payload(user))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenView(ObtainAuthToken):
    """DRF's token login, with the same lockout answer as the session login."""

    @extend_schema(request=AuthTokenSerializer, responses={200: AuthTokenSerializer, 429: LOCKED_OUT})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        if not valid:
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
