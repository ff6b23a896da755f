"""Thin views: serializers validate, actions write, the adapter talks to the solver."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from rules.errors import DocumentError
from rules.instance import Allocation, parse_instance
from rules.schedule import schedule_from_allocations
from solver import feasibility
from webapp.api import answers
from webapp.api import serializers as s
from webapp.api.schema import QUEUE_DOWN
from webapp.api.errors import document_error_response
from webapp.clinic.fields import to_minutes
from webapp.clinic.holidays import closed_dates
from webapp.clinic.models import Pin, Professional, Room, Rule, Site, SiteClosure, TravelTime
from webapp.clinic.roles import COORDINATOR, PROFESSIONAL, VIEWER, role_of
from webapp.schedules import actions, adapter
from webapp.schedules.diff import diff_allocations
from webapp.schedules.models import PUBLISHED, DailyConfirmation, ScheduleVersion, SolveRun
from webapp.schedules.models import Allocation as AllocationRow

EVERYONE = (COORDINATOR, VIEWER, PROFESSIONAL)
REFUSED = (
    "Quebraria premissas obrigatórias que ninguém aceitou: nada foi gravado. Repita com "
    "accept_inconsistencies: true para manter assim mesmo (fica registrado na versão)."
)


class SiteViewSet(viewsets.ModelViewSet):
    queryset = Site.objects.prefetch_related("opening_hours")
    serializer_class = s.SiteSerializer
    lookup_field = "code"
    read_roles = EVERYONE

    @extend_schema(
        parameters=[OpenApiParameter("from", dt.date), OpenApiParameter("to", dt.date)],
        responses=s.ClosedDateSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="closed-dates", pagination_class=None)
    def closed_dates(self, request, code=None):
        """Dates the site is closed in [from, to]: holidays and its own overrides."""
        site = self.get_object()
        query = _DateRangeSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = closed_dates(site, query.validated_data["from"], query.validated_data["to"])
        return Response([{"date": d, "reason": r} for d, r in found.items()])


class _DateRangeSerializer(serializers.Serializer):
    from_ = serializers.DateField()
    to = serializers.DateField()

    def to_internal_value(self, data):
        data = {"from_": data.get("from"), "to": data.get("to")}
        value = super().to_internal_value({k: v for k, v in data.items() if v is not None})
        return {"from": value["from_"], "to": value["to"]}

    def validate(self, data):
        if data["to"] < data["from"] or (data["to"] - data["from"]).days > 366:
            raise serializers.ValidationError({"to": ["Use um intervalo de até um ano, com o fim depois do início."]})
        return data


class SiteClosureViewSet(viewsets.ModelViewSet):
    queryset = SiteClosure.objects.select_related("site")
    serializer_class = s.SiteClosureSerializer


class TravelTimeViewSet(viewsets.ModelViewSet):
    queryset = TravelTime.objects.select_related("from_site", "to_site")
    serializer_class = s.TravelTimeSerializer


class RoomViewSet(viewsets.ModelViewSet):
    queryset = Room.objects.select_related("site")
    serializer_class = s.RoomSerializer
    lookup_field = "code"
    read_roles = EVERYONE


class ProfessionalViewSet(viewsets.ModelViewSet):
    queryset = Professional.objects.prefetch_related("availability", "preferred_sites", "preferred_rooms")
    serializer_class = s.ProfessionalSerializer
    lookup_field = "code"


class RuleViewSet(viewsets.ModelViewSet):
    queryset = Rule.objects.select_related("room", "site", "professional").prefetch_related("professionals")
    serializer_class = s.RuleSerializer
    lookup_field = "code"


class PinViewSet(viewsets.ModelViewSet):
    queryset = Pin.objects.select_related("professional", "room", "created_by")
    serializer_class = s.PinSerializer

    def perform_create(self, serializer):
        serializer.save(created_by=self.request.user)


def _own_professional(request) -> Professional | None:
    return request.user.professional if role_of(request.user) == PROFESSIONAL else None


class ScheduleVersionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ScheduleVersionSerializer
    read_roles = EVERYONE
    write_roles = (COORDINATOR,)

    def get_queryset(self):
        versions = ScheduleVersion.objects.select_related("created_by", "approved_by").annotate(
            allocation_count=Count("allocations")
        ).order_by("-week_start", "-number")  # Meta.ordering does not apply to aggregated queries
        if _own_professional(self.request) is not None:
            versions = versions.filter(status=PUBLISHED)  # a professional sees only what was published
        return versions

    @extend_schema(parameters=[s.VersionListFilterSerializer])
    @answers.conditional
    def list(self, request, *args, **kwargs):
        query = s.VersionListFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        versions = self.get_queryset()
        if "week_start" in query.validated_data:
            versions = versions.filter(week_start=query.validated_data["week_start"])
        if "status" in query.validated_data:
            versions = versions.filter(status=query.validated_data["status"])

        def compute():
            page = self.paginate_queryset(versions)
            return self.get_paginated_response(self.get_serializer(page, many=True).data).data

        # The listed versions' rows, which allocations they hold (their counts), the user names shown; the page
        # links carry the request's own address.
        listed = versions.values("pk")
        rows = [
            ScheduleVersion.objects.filter(pk__in=listed),
            AllocationRow.objects.filter(version__in=listed).values_list("pk", "version_id"),
            get_user_model().objects.values_list("pk", "username"),
        ]
        return answers.answer(request, "versions", compute, rows=rows, parts=[request.build_absolute_uri()])

    @extend_schema(parameters=[s.AllocationFilterSerializer], responses=s.ScheduleVersionDetailSerializer)
    @answers.conditional
    def retrieve(self, request, *args, **kwargs):
        """A version with its allocations, filtered by site, room, professional and date."""
        version = self.get_object()
        query = s.AllocationFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        own = _own_professional(request)

        def compute():
            allocations = version.allocations.select_related("professional", "room__site").order_by("date", "start", "room__code")
            if "site" in filters:
                allocations = allocations.filter(room__site__code=filters["site"])
            if "room" in filters:
                allocations = allocations.filter(room__code=filters["room"])
            if "professional" in filters:
                allocations = allocations.filter(professional__code=filters["professional"])
            if "date" in filters:
                allocations = allocations.filter(date=filters["date"])
            if own is not None:
                allocations = allocations.filter(professional=own)
            return s.ScheduleVersionDetailSerializer(version, context={"allocations": allocations}).data

        parts = [sorted(filters.items()), own.pk if own else None]
        return answers.answer(request, "version", compute, rows=answers.version_rows(version), parts=parts)

    @extend_schema(
        request=s.AcceptInconsistenciesSerializer,
        responses={
            200: s.ScheduleVersionSerializer,
            409: OpenApiResponse(s.DetailSerializer, description="A versão não é um rascunho."),
            422: OpenApiResponse(s.InconsistenciesRefusedSerializer, description=REFUSED),
        },
    )
    @action(detail=True, methods=["post"], read_roles=(), write_roles=(COORDINATOR,))
    def approve(self, request, pk=None):
        """Approve a draft (a what-if's or prompt's changes become premissas and pins now)."""
        body = s.AcceptInconsistenciesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = actions.do_approve_version(
            self.get_object(), request.user, accept_inconsistencies=body.validated_data["accept_inconsistencies"]
        )
        return Response(s.ScheduleVersionSerializer(self.get_queryset().get(pk=version.pk)).data)

    @extend_schema(
        request=s.EditRequestSerializer,
        responses={
            201: s.ScheduleVersionSerializer,
            400: OpenApiResponse(description="Documento de mudanças inválido: o campo é nomeado."),
            409: OpenApiResponse(s.StaleEditSerializer, description="Outra pessoa editou esta versão antes."),
            422: OpenApiResponse(s.InconsistenciesRefusedSerializer, description=REFUSED),
        },
    )
    @action(detail=True, methods=["post"], write_roles=(COORDINATOR,))
    def edit(self, request, pk=None):
        """A board edit (move, swap, Saturday entry, pin, unpin) → a new draft; 409 if someone edited first.

        An edit that breaks hard premissas the version did not already break is refused (422) unless
        the body says `accept_inconsistencies: true` beside the changes document.
        """
        version = self.get_object()
        body = s.EditRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            edited = actions.do_edit_version(
                version,
                body.changes_document(),
                request.user,
                accept_inconsistencies=body.validated_data["accept_inconsistencies"],
            )
        except DocumentError as exc:
            return document_error_response(exc)
        return Response(s.ScheduleVersionSerializer(self.get_queryset().get(pk=edited.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(s.ScheduleVersionSerializer, description="A versão de origem, de volta na tela."),
            409: OpenApiResponse(description="Não é uma edição do quadro em rascunho, ou há edições depois dela."),
        },
    )
    @action(detail=True, methods=["post"], read_roles=(), write_roles=(COORDINATOR,))
    def undo(self, request, pk=None):
        """Undo a board edit: its draft is superseded and its pins restored; answers the version it came from."""
        parent = actions.do_undo_edit(self.get_object(), request.user)
        return Response(s.ScheduleVersionSerializer(self.get_queryset().get(pk=parent.pk)).data)

    @extend_schema(
        parameters=[OpenApiParameter("soft", bool, description="Inclui os objetivos não atingidos.")],
        responses=s.InconsistencySerializer(many=True),
    )
    @action(detail=True, methods=["get"], read_roles=(COORDINATOR, VIEWER), pagination_class=None)
    @answers.conditional
    def inconsistencies(self, request, pk=None):
        """The rule catalogue's verdict on this version."""
        version = self.get_object()
        soft = request.query_params.get("soft", "0")
        if soft not in ("0", "1", "true", "false"):
            return Response({"soft": ["Use 0 ou 1."]}, status=status.HTTP_400_BAD_REQUEST)
        published = adapter.published_version(version.week_start)

        def compute():
            allocations = adapter.version_allocations(version)
            doc = adapter.build_instance(version.week_start, previous=_previous_for(version))
            return adapter.check_document(doc, allocations, soft=soft in ("1", "true"))

        parts = [published.pk if published else None, soft in ("1", "true")]
        return answers.answer(request, "inconsistencies", compute, rows=answers.version_rows(version), parts=parts)


    @extend_schema(
        parameters=[s.FeasibilityQuerySerializer],
        responses={200: s.FeasibilityMapSerializer, 400: OpenApiResponse(description="Parâmetro inválido (nomeado).")},
    )
    @action(detail=True, methods=["get"], read_roles=(COORDINATOR, VIEWER))
    def feasibility(self, request, pk=None):
        """Where the picked card (or a person, with `minutes`) may be dropped: ok / worse / broken for every slot."""
        query = s.FeasibilityQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if "minutes" not in query.validated_data:
            version, instance, week, picked = self._picked(request)
            return Response(feasibility.feasibility_map(instance, week, picked))
        version = self.get_object()
        instance = parse_instance(adapter.build_instance(version.week_start))
        week = schedule_from_allocations(adapter.version_allocations(version))
        q = query.validated_data
        try:
            return Response(feasibility.placement_map(instance, week, q["professional"], q["minutes"]))
        except DocumentError as exc:
            return document_error_response(exc)

    @extend_schema(
        parameters=[s.PickedAllocationSerializer],
        responses={200: s.SuggestionSerializer(many=True), 400: OpenApiResponse(description="Parâmetro inválido (nomeado).")},
    )
    @action(detail=True, methods=["get"], read_roles=(COORDINATOR, VIEWER), pagination_class=None)
    def suggestions(self, request, pk=None):
        """The five best other places for the picked card, each with the move that makes it a draft edit."""
        version, instance, week, picked = self._picked(request)
        return Response(feasibility.suggestions(instance, week, picked))

    def _picked(self, request):
        version = self.get_object()
        query = s.PickedAllocationSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        picked = Allocation(q["date"], to_minutes(q["start"]), to_minutes(q["end"]), q["professional"], q["room"])
        instance = parse_instance(adapter.build_instance(version.week_start))
        week = schedule_from_allocations(adapter.version_allocations(version))
        feasibility.find_allocation(week, picked)  # DocumentError (400, field named) when it is not there
        return version, instance, week, picked


def _previous_for(version: ScheduleVersion) -> list[dict]:
    published = adapter.published_version(version.week_start)
    if published is None or published.pk == version.pk:
        return []
    return adapter.version_allocations(published)


class DiffView(APIView):
    """Added, removed and moved allocations between two versions, with each professional's hour delta."""

    @extend_schema(
        parameters=[OpenApiParameter("from", int, required=True), OpenApiParameter("to", int, required=True)],
        responses=s.DiffSerializer,
    )
    @answers.conditional
    def get(self, request):
        query = s.DiffQuerySerializer(
            data={"from_version": request.query_params.get("from"), "to_version": request.query_params.get("to")}
        )
        if not query.is_valid():
            renamed = {{"from_version": "from", "to_version": "to"}[k]: v for k, v in query.errors.items()}
            return Response(renamed, status=status.HTTP_400_BAD_REQUEST)
        old, new = query.validated_data["from_version"], query.validated_data["to_version"]

        def compute():
            diff = diff_allocations(adapter.version_allocations(old), adapter.version_allocations(new))
            return {"from_version": old.pk, "to_version": new.pk, **diff}

        return answers.answer(request, "diff", compute, rows=[*answers.version_rows(old), *answers.version_rows(new)])


class SolveRunViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = SolveRun.objects.select_related("created_by")
    serializer_class = s.SolveRunSerializer

    @extend_schema(request=s.SolveRunCreateSerializer, responses={202: s.SolveRunSerializer, 503: QUEUE_DOWN})
    def create(self, request, *args, **kwargs):
        """Start a solve of a week (weekly) or a what-if with a scenario of changes; it runs on a worker."""
        body = s.SolveRunCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            run = actions.do_start_solve(
                data["kind"],
                data["week_start"],
                base_version=data.get("base_version"),
                changes=data.get("changes"),
                user=request.user,
                time_limit=data.get("time_limit"),
                seed=data["seed"],
            )
        except DocumentError as exc:
            return document_error_response(exc, prefix="changes" if data.get("changes") else "")
        run.refresh_from_db()
        return Response(s.SolveRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={
            202: s.SolveRunSerializer,
            409: OpenApiResponse(s.DetailSerializer, description="A execução não está em andamento."),
        },
    )
    @action(detail=True, methods=["post"])  # a write: coordinators only (RolePermission)
    def stop(self, request, pk=None):
        """Ask a running solve to stop (202): its `progress` shows `stop_requested: true` at once; within
        about a second it ends `done` with the best schedule found so far as its version (`solver_status`
        FEASIBLE, `stats.stopped: true`), or with no version if none was found yet. 409 if not running."""
        run = self.get_object()
        try:
            actions.do_request_stop(run)
        except actions.RunNotRunning:
            return Response({"detail": "Esta execução não está em andamento."}, status=status.HTTP_409_CONFLICT)
        return Response(s.SolveRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def instance(self, request, pk=None):
        """The instance document this run solved (its input snapshot)."""
        return Response(self.get_object().instance)

    @extend_schema(responses=s.RunDiffSerializer)
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        """The produced version against the one it started from (or the week's published one)."""
        run = self.get_object()
        if run.version is None:
            return Response({"detail": "Esta execução não gerou uma versão."}, status=status.HTTP_404_NOT_FOUND)
        base = run.version.parent
        old = adapter.version_allocations(base) if base else []
        diff = diff_allocations(old, adapter.version_allocations(run.version))
        return Response({"from_version": base.pk if base else None, "to_version": run.version.pk, **diff})


class DailyConfirmationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = DailyConfirmation.objects.all()
    serializer_class = s.DailyConfirmationSerializer


class MeView(APIView):
    read_roles = EVERYONE

    @extend_schema(responses=s.MeSerializer)
    def get(self, request):
        own = getattr(request.user, "professional", None)
        return Response({"username": request.user.username, "role": role_of(request.user), "professional": own.code if own else None})
