"""Prompts API: interpret, run the what-if, see the diff, approve or discard, replay; templates."""
from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from rules.errors import DocumentError
from webapp.api.errors import document_error_response
from webapp.api.schema import QUEUE_DOWN
from webapp.api.serializers import DetailSerializer, InconsistenciesRefusedSerializer
from webapp.schedules import prompts
from webapp.schedules.models import PromptHistory, PromptTemplate, ScheduleVersion, SolveRun
from webapp.schedules.progress import read_progress

CONFLICT = OpenApiResponse(DetailSerializer, description="O prompt não está num estado que permita isto (dito em pt-BR).")

# --------------------------------------------------------------------------- serializers


class PromptErrorSerializer(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class CandidateOptionSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    mention = serializers.CharField()
    kind = serializers.ChoiceField(choices=["professional", "room", "site"])
    options = CandidateOptionSerializer(many=True)
    message = serializers.CharField()


class PromptRunSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = SolveRun
        fields = ["id", "status", "solver_status", "progress", "error", "version", "started_at", "finished_at"]

    def get_progress(self, run) -> dict:
        if run.status == SolveRun.RUNNING:
            return read_progress(run.pk) or run.progress or {}
        return run.progress or {}


class PromptDiffSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.DictField())
    removed = serializers.ListField(child=serializers.DictField())
    moved = serializers.ListField(child=serializers.DictField())
    hour_deltas = serializers.DictField(child=serializers.FloatField())
    counts = serializers.DictField(child=serializers.IntegerField())


class PromptSerializer(serializers.ModelSerializer):
    interpreter = serializers.CharField(source="executor")
    interpreter_config = serializers.JSONField(source="executor_config")
    errors = PromptErrorSerializer(source="validation_errors", many=True)
    candidates = CandidateSerializer(many=True)
    explanations = serializers.ListField(child=serializers.CharField())
    changes = serializers.JSONField(allow_null=True)
    run = PromptRunSerializer(source="solve_run", allow_null=True)
    diff = PromptDiffSerializer(allow_null=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    decision_notes = serializers.ListField(child=serializers.CharField())
    replay_comparison = serializers.JSONField(allow_null=True)

    class Meta:
        model = PromptHistory
        fields = [
            "id", "prompt", "week_start", "template", "base_version", "interpreter", "interpreter_config", "status",
            "changes", "explanations", "errors", "candidates", "raw_output", "run", "version", "diff", "decision",
            "decided_by", "decided_at", "decision_notes", "replay_of", "replay_comparison", "created_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class PromptCreateSerializer(serializers.Serializer):
    prompt = serializers.CharField(trim_whitespace=True)
    week_start = serializers.DateField(required=False)
    base_version = serializers.PrimaryKeyRelatedField(queryset=ScheduleVersion.objects.all(), required=False, allow_null=True)
    template = serializers.PrimaryKeyRelatedField(queryset=PromptTemplate.objects.all(), required=False, allow_null=True)
    interpreter = serializers.ChoiceField(choices=prompts.INTERPRETERS, required=False)

    def validate_prompt(self, value: str) -> str:
        if len(value) > settings.PROMPT_MAX_CHARS:
            raise serializers.ValidationError(f"O prompt pode ter até {settings.PROMPT_MAX_CHARS} caracteres.")
        return value

    def validate_week_start(self, value):
        if value.weekday() != 0:
            raise serializers.ValidationError("A semana precisa começar numa segunda-feira.")
        return value

    def validate_interpreter(self, value: str) -> str:
        if value not in prompts.available_interpreters():
            raise serializers.ValidationError(f"O interpretador {value} não está configurado neste servidor.")
        return value

    def validate(self, data):
        base = data.get("base_version")
        if base is None and "week_start" not in data:
            raise serializers.ValidationError({"week_start": ["Informe a semana ou a versão de partida."]})
        if base is not None and data.get("week_start") not in (None, base.week_start):
            raise serializers.ValidationError({"week_start": ["A semana não confere com a da versão de partida."]})
        if base is not None:
            data["week_start"] = base.week_start
        return data


class PromptRunCreateSerializer(serializers.Serializer):
    time_limit = serializers.FloatField(required=False, min_value=1, max_value=600)


class PromptApproveSerializer(serializers.Serializer):
    accept_inconsistencies = serializers.BooleanField(required=False, default=False)


class PromptReplaySerializer(serializers.Serializer):
    use_stored_changes = serializers.BooleanField(required=False, default=False)
    week_start = serializers.DateField(required=False)

    def validate_week_start(self, value):
        if value.weekday() != 0:
            raise serializers.ValidationError("A semana precisa começar numa segunda-feira.")
        return value


class PromptListFilterSerializer(serializers.Serializer):
    week_start = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=PromptHistory.STATUS_CHOICES, required=False)
    decision = serializers.ChoiceField(choices=[("pending", "pendente"), ("approved", "aprovado"), ("discarded", "descartado")], required=False)
    interpreter = serializers.ChoiceField(choices=prompts.INTERPRETERS, required=False)
    created_by = serializers.CharField(required=False, max_length=150)
    template = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    search = serializers.CharField(required=False, max_length=200)


class PromptTemplateSerializer(serializers.ModelSerializer):
    placeholders = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = PromptTemplate
        fields = ["id", "name", "text", "description", "placeholders"]


class PromptInterpretersSerializer(serializers.Serializer):
    default = serializers.CharField()
    available = serializers.ListField(child=serializers.CharField())
    max_prompt_chars = serializers.IntegerField()


# --------------------------------------------------------------------------- throttling


class PromptRateThrottle(UserRateThrottle):
    """Prompts a user may interpret per period (PROMPT_RATE); only the interpreting actions count."""

    scope = "prompts"

    def get_rate(self):
        return settings.PROMPT_RATE

    def parse_rate(self, rate):
        num, period = rate.split("/")
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
        return int(num), seconds


# --------------------------------------------------------------------------- views


class PromptHistoryViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The prompt history; POST interprets a new prompt (nothing runs or changes until asked)."""

    queryset = PromptHistory.objects.select_related("created_by", "decided_by", "solve_run", "template")
    serializer_class = PromptSerializer

    def get_throttles(self):
        if self.action in ("create", "replay"):
            return [PromptRateThrottle()]
        return []

    def throttled(self, request, wait):
        seconds = int(wait or 0) + 1
        raise Throttled(wait, detail=f"Muitos prompts em pouco tempo. Tente de novo em {seconds} s.")

    def _answer(self, history: PromptHistory, code=status.HTTP_200_OK) -> Response:
        history = self.get_queryset().get(pk=history.pk)
        return Response(PromptSerializer(history).data, status=code)

    @extend_schema(parameters=[PromptListFilterSerializer])
    def list(self, request, *args, **kwargs):
        query = PromptListFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        f = query.validated_data
        found = self.get_queryset()
        if "week_start" in f:
            found = found.filter(week_start=f["week_start"])
        if "status" in f:
            found = found.filter(status=f["status"])
        if "decision" in f:
            found = found.filter(decision="" if f["decision"] == "pending" else f["decision"])
        if "interpreter" in f:
            found = found.filter(executor=f["interpreter"])
        if "created_by" in f:
            found = found.filter(created_by__username=f["created_by"])
        if "template" in f:
            found = found.filter(template_id=f["template"])
        if "search" in f:
            found = found.filter(Q(prompt__icontains=f["search"]) | Q(error__icontains=f["search"]))
        page = self.paginate_queryset(found)
        return self.get_paginated_response(PromptSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        history = prompts.do_record_prompt_result(self.get_object())
        return self._answer(history)

    @extend_schema(request=PromptCreateSerializer, responses={201: PromptSerializer})
    def create(self, request, *args, **kwargs):
        """Interpret a prompt against the week (and the version on screen); stored whatever the outcome."""
        body = PromptCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        history = prompts.do_interpret_prompt(
            data["prompt"], data["week_start"], base_version=data.get("base_version"), template=data.get("template"),
            interpreter=data.get("interpreter"), user=request.user,
        )  # fmt: skip
        return self._answer(history, status.HTTP_201_CREATED)

    @extend_schema(
        request=PromptRunCreateSerializer,
        responses={202: PromptSerializer, 409: CONFLICT, 429: OpenApiResponse(
            DetailSerializer, description="Simulações de prompt demais em andamento para este usuário."), 503: QUEUE_DOWN},
    )
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        """Start the what-if re-solve of the prompt's changes; poll the prompt (or its run) for progress."""
        body = PromptRunCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            history = prompts.do_run_prompt(self.get_object(), request.user, time_limit=body.validated_data.get("time_limit"))
        except prompts.PromptConflict as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        except prompts.TooManyRuns as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        except DocumentError as exc:
            return document_error_response(exc, prefix="changes")
        return self._answer(history, status.HTTP_202_ACCEPTED)

    @extend_schema(responses=PromptDiffSerializer)
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        """What the prompt's run changes against the version it started from."""
        history = prompts.do_record_prompt_result(self.get_object())
        if history.diff is None:
            return Response({"detail": "Este prompt ainda não tem resultado."}, status=status.HTTP_404_NOT_FOUND)
        return Response(history.diff)

    @extend_schema(
        request=PromptApproveSerializer,
        responses={200: PromptSerializer, 409: CONFLICT, 422: OpenApiResponse(
            InconsistenciesRefusedSerializer, description="A versão quebra premissas obrigatórias que ninguém aceitou.")},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The prompt's version becomes the week's approved version; publishing is a separate step."""
        body = PromptApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        options = {"accept_inconsistencies": True} if body.validated_data["accept_inconsistencies"] else {}
        try:
            history = prompts.do_approve_prompt(self.get_object(), request.user, **options)
        except prompts.PromptConflict as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return self._answer(history)

    @extend_schema(request=None, responses={200: PromptSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def discard(self, request, pk=None):
        try:
            history = prompts.do_discard_prompt(self.get_object(), request.user)
        except prompts.PromptConflict as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return self._answer(history)

    @extend_schema(request=PromptReplaySerializer, responses={201: PromptSerializer})
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        """Interpret the stored prompt (or re-check its stored changes) against today's data; compared with then."""
        body = PromptReplaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        original = self.get_object()
        if body.validated_data["use_stored_changes"] and not original.changes:
            return Response({"use_stored_changes": ["Este prompt não tem mudanças guardadas."]}, status=status.HTTP_400_BAD_REQUEST)
        replay = prompts.do_replay_prompt(
            original, request.user, use_stored_changes=body.validated_data["use_stored_changes"],
            week_start=body.validated_data.get("week_start"),
        )  # fmt: skip
        return self._answer(replay, status.HTTP_201_CREATED)

    @extend_schema(responses=PromptInterpretersSerializer)
    @action(detail=False, methods=["get"])
    def interpreters(self, request):
        """Which interpreters this server offers, and the prompt size limit."""
        return Response({"default": prompts.default_interpreter(), "available": prompts.available_interpreters(),
                         "max_prompt_chars": settings.PROMPT_MAX_CHARS})  # fmt: skip


class PromptTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Prompt templates with {placeholders} (edited in the admin)."""

    queryset = PromptTemplate.objects.filter(active=True)
    serializer_class = PromptTemplateSerializer
