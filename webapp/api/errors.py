"""Domain errors as HTTP answers: bad documents 400 (field named), conflicts 409, unaccepted hard
inconsistencies 422 (the request was understood, but would break premissas nobody accepted)."""
from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from rules.errors import DocumentError
from webapp.schedules.actions import HardInconsistencies, InvalidTransition, QueueUnavailable, StaleEdit
from webapp.schedules.models import ImmutableVersionError


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflito com o estado atual."
    default_code = "conflict"


def document_error_response(exc: DocumentError, prefix: str = "") -> Response:
    field = ".".join(part for part in (prefix, exc.field) if part) or "non_field_errors"
    return Response({field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)


def protected_message(exc: ProtectedError | RestrictedError, target: str) -> str:
    """Why a row of model `target` cannot be deleted, in the coordinator's words, and what to do instead."""
    users: dict[type, int] = {}
    for obj in exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects:
        users[type(obj)] = users.get(type(obj), 0) + 1
    used_by = ", ".join(
        f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
        for model, count in users.items()
    )
    advice = DELETE_ADVICE.get(target, "Remova antes o que a referencia.")
    return f"Não é possível apagar: está em uso por {used_by}. {advice}"


# Allocations belong to immutable versions (history), so what they reference is deactivated, not deleted.
DELETE_ADVICE = {
    "Site": "Apague ou transfira antes as salas desta unidade.",
    "Room": "Ela aparece em versões da agenda, que são guardadas para sempre: desative-a (active: false) para "
    "tirá-la das próximas semanas.",
    "Professional": "Ele aparece em versões da agenda, que são guardadas para sempre: desative-o (active: false) "
    "para tirá-lo das próximas semanas.",
}


def exception_handler(exc, context):
    if isinstance(exc, (ProtectedError, RestrictedError)):
        queryset = getattr(context.get("view"), "queryset", None)
        target = queryset.model.__name__ if queryset is not None else ""
        return Response({"detail": protected_message(exc, target)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DocumentError):
        return document_error_response(exc)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleEdit):
        latest = exc.latest
        who = latest.created_by.username if latest.created_by else "outra pessoa"
        when = timezone.localtime(latest.created_at).strftime("%d/%m às %H:%M")
        return Response(
            {"detail": f"Esta versão já foi alterada por {who} em {when} (versão {latest.number}). "
                       "Abra a versão mais nova e tente de novo.",
             "latest_version": latest.pk, "changed_by": who},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, HardInconsistencies):
        return Response(
            {"detail": str(exc), "inconsistencies": exc.inconsistencies}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
        )
    if isinstance(exc, QueueUnavailable):  # Redis is down: nothing was started, try again later
        return Response({"detail": str(exc)}, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "30"})
    if isinstance(exc, (ImmutableVersionError, InvalidTransition)):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
