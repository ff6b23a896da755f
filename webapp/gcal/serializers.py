"""Publish runs and Google's status as JSON; the publish request's one option."""
from __future__ import annotations

from rest_framework import serializers

from webapp.api.serializers import DetailSerializer, InconsistenciesRefusedSerializer  # noqa: F401 — one schema component each
from webapp.gcal.models import PublishRun


class PublishRequestSerializer(serializers.Serializer):
    confirm_deletes = serializers.BooleanField(
        default=False, help_text="Confirma exclusões acima do limite (GOOGLE_PUBLISH_MAX_DELETES / _SHARE)."
    )
    accept_inconsistencies = serializers.BooleanField(
        default=False,
        help_text="Publica mesmo com premissas obrigatórias quebradas que ninguém aceitou ainda; fica registrado "
        "na versão (quem e quando). Sem isso, a resposta é 422 com a lista.",
    )


class PublishErrorSerializer(serializers.Serializer):
    calendar_id = serializers.CharField()
    event_id = serializers.CharField(allow_null=True)
    operation = serializers.CharField()
    status = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    message = serializers.CharField()


class PublishRunSerializer(serializers.ModelSerializer):
    week_start = serializers.DateField(source="version.week_start", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    # A plain string here: an enum would collide with the other "status" enums of the schema.
    status = serializers.CharField(
        read_only=True, help_text="queued, running, done, failed ou needs_confirmation (exclusões acima do limite)."
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    errors = PublishErrorSerializer(many=True, read_only=True)

    class Meta:
        model = PublishRun
        fields = [
            "id", "version", "week_start", "version_number", "status", "status_display", "confirm_deletes",
            "inserts", "patches", "deletes", "pending_deletes", "retries", "http_requests", "errors", "message",
            "duration_seconds", "requested_by", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields


class PublishRefusedSerializer(serializers.Serializer):
    """409 (deletions to confirm) and 502 (Google failed): the reason and the recorded run."""

    detail = serializers.CharField()
    run = PublishRunSerializer()


class PublishRunFilterSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    status = serializers.ChoiceField(choices=PublishRun.STATUS_CHOICES, required=False)


class GoogleStatusSerializer(serializers.Serializer):
    auth_mode = serializers.CharField(allow_null=True)
    api_root_url = serializers.CharField(allow_null=True)
    configured = serializers.BooleanField(help_text="Se a publicação pode falar com o Google agora.")
    detail = serializers.CharField(help_text="Por que não está configurado (vazio quando está).")
    authorized_by = serializers.CharField(allow_null=True, help_text="Quem autorizou o acesso (modo oauth).")
    authorized_at = serializers.DateTimeField(allow_null=True)
