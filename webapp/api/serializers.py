"""Serializers validate every input (400s in pt-BR); references use the stable codes of format v1."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rules.catalogue import RULE_KINDS
from rules.kinds import FIELDS as RULE_FIELDS
from webapp.clinic.fields import HOUR_FIGURES, WEEKDAY_CHOICES, check_hour_figures, check_interval, validate_hhmm
from webapp.clinic.models import (
    Availability,
    OpeningHours,
    Pin,
    Professional,
    Room,
    Rule,
    Site,
    SiteClosure,
    TravelTime,
)
from webapp.schedules.models import Allocation, DailyConfirmation, ScheduleVersion, SolveRun
from webapp.schedules.progress import read_progress

WEEKDAYS = [code for code, _ in WEEKDAY_CHOICES]


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class HourMinute(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        super().__init__(**kwargs)
        self.validators.append(validate_hhmm)


def code_field(model, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", queryset=model.objects.all(), **kwargs)


# --------------------------------------------------------------------------- sites


class OpeningHoursField(serializers.DictField):
    """{"mon": ["07:00", "21:00"], ...}; a missing weekday is closed."""

    child = serializers.ListField(child=HourMinute(), min_length=2, max_length=2)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        errors = {}
        for weekday, (start, end) in value.items():
            if weekday not in WEEKDAYS:
                errors[weekday] = ["Dia da semana inválido: use mon, tue, wed, thu, fri, sat ou sun."]
                continue
            try:
                check_interval(start, end)
            except DjangoValidationError:
                errors[weekday] = ["O fechamento precisa ser depois da abertura."]
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def to_representation(self, value):
        rows = sorted(value.all(), key=lambda h: WEEKDAYS.index(h.weekday))
        return {h.weekday: [h.start, h.end] for h in rows}


class SiteSerializer(serializers.ModelSerializer):
    opening_hours = OpeningHoursField(required=False)

    class Meta:
        model = Site
        fields = ["code", "name", "observe_holidays", "opening_hours"]

    @transaction.atomic
    def create(self, validated):
        hours = validated.pop("opening_hours", {})
        site = super().create(validated)
        self._set_hours(site, hours)
        return site

    @transaction.atomic
    def update(self, site, validated):
        hours = validated.pop("opening_hours", None)
        site = super().update(site, validated)
        if hours is not None:
            self._set_hours(site, hours)
        return site

    @staticmethod
    def _set_hours(site, hours):
        site.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(OpeningHours(site=site, weekday=wd, start=s, end=e) for wd, (s, e) in hours.items())


class SiteClosureSerializer(serializers.ModelSerializer):
    site = code_field(Site)

    class Meta:
        model = SiteClosure
        fields = ["id", "site", "date", "kind", "reason"]


class TravelTimeSerializer(serializers.ModelSerializer):
    from_site = code_field(Site)
    to_site = code_field(Site)

    class Meta:
        model = TravelTime
        fields = ["id", "from_site", "to_site", "minutes"]

    def validate(self, data):
        if data.get("from_site") and data.get("from_site") == data.get("to_site"):
            raise serializers.ValidationError({"to_site": ["Escolha uma unidade diferente da origem."]})
        return data


class ClosedDateSerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


# --------------------------------------------------------------------------- rooms and people


class RoomSerializer(serializers.ModelSerializer):
    site = code_field(Site)
    kinds = serializers.ListField(child=serializers.SlugField(max_length=50), required=False)

    class Meta:
        model = Room
        fields = ["code", "site", "name", "kinds", "capacity", "active"]

    def to_representation(self, room):
        data = super().to_representation(room)
        data["kinds"] = room.kind_list
        return data

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if "kinds" in value:
            value["kinds"] = ", ".join(value["kinds"])
        return value


class AvailabilitySerializer(serializers.ModelSerializer):
    weekday = serializers.ChoiceField(choices=WEEKDAY_CHOICES, required=False, allow_blank=True)
    start = HourMinute()
    end = HourMinute()

    class Meta:
        model = Availability
        fields = ["weekday", "date", "start", "end"]

    def validate(self, data):
        if bool(data.get("weekday")) == bool(data.get("date")):
            raise serializers.ValidationError({"weekday": ["Informe exatamente um entre dia da semana e data."]})
        try:
            check_interval(data["start"], data["end"])
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        return data


class ProfessionalSerializer(serializers.ModelSerializer):
    preferred_sites = code_field(Site, many=True, required=False)
    preferred_rooms = code_field(Room, many=True, required=False)
    availability = AvailabilitySerializer(many=True, required=False)

    class Meta:
        model = Professional
        fields = [
            "code", "name", "room_kind", "min_weekly_hours", "target_weekly_hours", "max_weekly_hours",
            "max_daily_hours", "min_block_minutes", "preferred_sites", "preferred_rooms", "availability",
            "calendar_id", "user", "active",
        ]  # fmt: skip

    def validate_min_block_minutes(self, value):
        if value is not None and value % 30:
            raise serializers.ValidationError("O bloco mínimo precisa ser múltiplo de 30 minutos.")
        return value

    def validate(self, data):
        figures = {name: data.get(name, getattr(self.instance, name, None)) for name in HOUR_FIGURES}
        try:
            check_hour_figures(figures)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        return data

    @transaction.atomic
    def create(self, validated):
        windows = validated.pop("availability", [])
        prof = super().create(validated)
        Availability.objects.bulk_create(Availability(professional=prof, **w) for w in windows)
        return prof

    @transaction.atomic
    def update(self, prof, validated):
        windows = validated.pop("availability", None)
        prof = super().update(prof, validated)
        if windows is not None:
            prof.availability.all().delete()
            Availability.objects.bulk_create(Availability(professional=prof, **w) for w in windows)
        return prof


class RuleSerializer(serializers.ModelSerializer):
    # A plain string, checked against the rule catalogue: a new premissa module changes no API type.
    kind = serializers.CharField(max_length=30, help_text="Um tipo de premissa do catálogo (por exemplo room_block).")
    room = code_field(Room, required=False, allow_null=True)
    site = code_field(Site, required=False, allow_null=True)
    professional = code_field(Professional, required=False, allow_null=True)
    professionals = code_field(Professional, many=True, required=False)
    start = HourMinute(required=False, allow_blank=True)
    end = HourMinute(required=False, allow_blank=True)
    except_dates = serializers.ListField(
        child=serializers.DateField(), required=False, help_text="Datas em que uma premissa permanente não vale."
    )

    class Meta:
        model = Rule
        fields = ["code", "kind", "label", "active", *RULE_FIELDS]

    def validate_kind(self, value):
        if value not in RULE_KINDS:
            raise serializers.ValidationError("Tipo de premissa desconhecido.")
        return value

    def validate(self, data):
        if "except_dates" in data:  # stored as ISO strings, like the instance document writes them
            data["except_dates"] = sorted({d.isoformat() for d in data["except_dates"]})
        merged = {f: getattr(self.instance, f) for f in Rule.PARAMETERS + ("kind",)} if self.instance else {}
        merged.update({k: v for k, v in data.items() if k != "professionals"})
        probe = Rule(**{k: v for k, v in merged.items() if k in Rule.PARAMETERS + ("kind",)})
        for name in ("weekday", "start", "end"):
            if getattr(probe, name) is None:
                setattr(probe, name, "")
        if "professionals" in data:
            professionals = list(data["professionals"])
        else:
            professionals = list(self.instance.professionals.all()) if self.instance else []
        try:
            probe.check_fields(professionals)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        return data


class PinSerializer(serializers.ModelSerializer):
    professional = code_field(Professional)
    room = code_field(Room)
    start = HourMinute()
    end = HourMinute()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    accepted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Pin
        fields = [
            "id", "professional", "room", "date", "start", "end", "source", "note", "created_by", "created_at",
            "accepted", "accepted_by", "accepted_at",
        ]  # fmt: skip
        # Only an edit with accept_inconsistencies accepts a pin (it records which inconsistencies).
        read_only_fields = ["created_at", "accepted", "accepted_at"]

    def validate(self, data):
        start = data.get("start", getattr(self.instance, "start", None))
        end = data.get("end", getattr(self.instance, "end", None))
        try:
            check_interval(start, end)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        return data


# --------------------------------------------------------------------------- versions


class AllocationSerializer(serializers.ModelSerializer):
    professional = serializers.CharField(source="professional.code")
    professional_name = serializers.CharField(source="professional.name")
    room = serializers.CharField(source="room.code")
    room_name = serializers.CharField(source="room.name")
    site = serializers.CharField(source="room.site.code")
    site_name = serializers.CharField(source="room.site.name")

    class Meta:
        model = Allocation
        fields = [
            "id", "professional", "professional_name", "room", "room_name", "site", "site_name", "date", "start", "end",
            "pinned", "provenance",
        ]  # fmt: skip


class InconsistencySerializer(serializers.Serializer):
    """One finding of the rule catalogue: a premissa a schedule breaks, its subjects and a pt-BR sentence."""

    premissa = serializers.CharField(help_text="Id da premissa: regra, pin:<n>, professional:<id>:<campo>, room:<id>:capacity…")
    rule = serializers.CharField(help_text="Módulo do catálogo que a encontrou (room_block, availability…).")
    message = serializers.CharField()
    severity = serializers.CharField(
        help_text="hard (premissa obrigatória), soft (objetivo não atingido) ou accepted (obrigatória, mas só dentro "
        "de fixações aceitas pelo coordenador)."
    )
    professional = serializers.CharField(allow_null=True)
    room = serializers.CharField(allow_null=True)
    date = serializers.CharField(allow_null=True)
    start = serializers.CharField(allow_null=True)
    end = serializers.CharField(allow_null=True)


class AcceptedInconsistencySerializer(InconsistencySerializer):
    step = serializers.ChoiceField(
        choices=[("edit", "edição"), ("approve", "aprovação"), ("publish", "publicação")],
        help_text="Onde foi aceita: edição, aprovação ou publicação.",
    )
    accepted_by = serializers.CharField(allow_null=True)
    accepted_at = serializers.DateTimeField()


class ScheduleVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    approved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    allocation_count = serializers.IntegerField(read_only=True)
    accepted_inconsistencies = AcceptedInconsistencySerializer(
        many=True, read_only=True, help_text="Premissas obrigatórias quebradas que um coordenador aceitou manter."
    )
    accepted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    not_adopted = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Mudanças da simulação que a aprovação não conseguiu gravar como premissas ou fixações.",
    )

    class Meta:
        model = ScheduleVersion
        fields = [
            "id", "week_start", "number", "parent", "status", "source", "note", "created_by", "created_at",
            "approved_by", "approved_at", "published_at", "superseded_at", "allocation_count",
            "accepted_inconsistencies", "accepted_by", "accepted_at", "not_adopted",
        ]  # fmt: skip


class ScheduleVersionDetailSerializer(ScheduleVersionSerializer):
    allocations = serializers.SerializerMethodField()

    class Meta(ScheduleVersionSerializer.Meta):
        fields = ScheduleVersionSerializer.Meta.fields + ["changes", "allocations"]

    @extend_schema_field(AllocationSerializer(many=True))
    def get_allocations(self, version) -> list[dict]:
        return AllocationSerializer(self.context["allocations"], many=True).data


class AllocationFilterSerializer(serializers.Serializer):
    site = serializers.SlugField(required=False)
    room = serializers.SlugField(required=False)
    professional = serializers.SlugField(required=False)
    date = serializers.DateField(required=False)


class VersionListFilterSerializer(serializers.Serializer):
    week_start = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=ScheduleVersion.STATUS_CHOICES, required=False)


class ChangesDocumentSerializer(serializers.Serializer):
    """A changes document (format agendador.changes/1); its contents are checked against the week."""

    format = serializers.CharField()
    changes = serializers.ListField(child=serializers.DictField(), allow_empty=False)


ACCEPT_HELP = (
    "Confirma que as premissas obrigatórias quebradas devem ser mantidas assim mesmo; "
    "fica registrado na versão (quem e quando). Sem isso, a resposta é 422 com a lista."
)


class EditRequestSerializer(ChangesDocumentSerializer):
    """A board edit: the changes document's own fields, plus the acknowledgement beside them."""

    accept_inconsistencies = serializers.BooleanField(default=False, help_text=ACCEPT_HELP)

    def changes_document(self) -> dict:
        """The changes document as sent, without the acknowledgement (it is not a change)."""
        return {k: v for k, v in self.initial_data.items() if k != "accept_inconsistencies"}


class AcceptInconsistenciesSerializer(serializers.Serializer):
    accept_inconsistencies = serializers.BooleanField(default=False, help_text=ACCEPT_HELP)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


class StaleEditSerializer(serializers.Serializer):
    detail = serializers.CharField()
    latest_version = serializers.IntegerField()
    changed_by = serializers.CharField(help_text="Quem fez a versão mais nova (ou 'outra pessoa').")


class InconsistenciesRefusedSerializer(serializers.Serializer):
    """422: the request would keep hard inconsistencies nobody accepted; nothing was stored."""

    detail = serializers.CharField()
    inconsistencies = InconsistencySerializer(many=True)


class PickedAllocationSerializer(serializers.Serializer):
    """The allocation being dragged on the board (it must be in the version)."""

    professional = serializers.SlugField(help_text="Código do profissional.")
    room = serializers.SlugField(help_text="Código da sala.")
    date = serializers.DateField()
    start = HourMinute()
    end = HourMinute()

    def validate(self, data):
        try:
            check_interval(data["start"], data["end"])
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        return data


class FeasibilityQuerySerializer(serializers.Serializer):
    """What is being dragged: a card of the version (room, date, start, end), or a person (minutes) to place anew."""

    professional = serializers.SlugField(help_text="Código do profissional.")
    room = serializers.SlugField(required=False, help_text="Código da sala (um cartão da versão).")
    date = serializers.DateField(required=False)
    start = HourMinute(required=False)
    end = HourMinute(required=False)
    minutes = serializers.IntegerField(
        required=False, min_value=1, max_value=24 * 60,
        help_text="Uma pessoa solta no quadro: a duração da nova entrada (sem room, date, start e end).",
    )  # fmt: skip

    CARD = ("room", "date", "start", "end")

    def validate(self, data):
        given = [f for f in self.CARD if f in data]
        if "minutes" in data:
            if given:
                raise serializers.ValidationError({given[0]: ["Informe o cartão (sala, data, início e fim) ou minutes, não os dois."]})
            return data
        missing = [f for f in self.CARD if f not in data]
        if missing:
            raise serializers.ValidationError({f: ["Este campo é obrigatório (ou informe minutes para uma nova entrada)."] for f in missing})
        try:
            check_interval(data["start"], data["end"])
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None
        return data


VERDICTS = [("ok", "pode soltar"), ("worse", "pode, mas piora o objetivo"), ("broken", "quebra premissa obrigatória")]


class FeasibilityRunSerializer(serializers.Serializer):
    """Consecutive drop starts (first_start..last_start, every `grain` minutes) in one room on one date."""

    room = serializers.CharField()
    date = serializers.DateField()
    first_start = serializers.CharField()
    last_start = serializers.CharField()
    verdict = serializers.ChoiceField(choices=VERDICTS)
    delta = serializers.IntegerField(
        required=False, help_text="ok/worse: variação do objetivo (positiva = pior; negativa = melhor)."
    )
    terms = serializers.DictField(
        child=serializers.IntegerField(), required=False,
        help_text="ok/worse: variação de cada termo (minutos abaixo da meta, mudanças, fora da preferência…).",
    )  # fmt: skip
    reasons = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="broken: índices em `reasons` do mapa."
    )


class FeasibilityReasonSerializer(serializers.Serializer):
    premissa = serializers.CharField()
    rule = serializers.CharField(help_text="Módulo do catálogo (room_block, availability, no_overlap…).")
    label = serializers.CharField(help_text="Nome da premissa, em português.")
    message = serializers.CharField(help_text="A inconsistência nova, no primeiro início da faixa.")


class FeasibilityMapSerializer(serializers.Serializer):
    """Where the picked card may be dropped: a verdict for every target slot of the same duration.

    Targets: every active room x every date of the week x every start on the grain with the card inside
    [00:00, 24:00]. Slots where the room's site is closed (a closed date, outside opening hours) are
    left out — the board draws them as closed bands. `broken`: the move brings hard inconsistencies the
    version did not have (exactly what the edit endpoint would refuse); `worse`: every hard premissa
    holds but the objective grows; `ok`: it holds and the objective does not grow. The picked card's
    own place is `ok` with delta 0. A person dropped from the people list (`minutes` instead of a card) gets
    the same map for a new entry of that length: what the `pin` (or, on Saturday, `add_saturday_entry`) would do.
    """

    grain = serializers.IntegerField()
    duration = serializers.IntegerField(help_text="Minutos do cartão (o destino tem a mesma duração).")
    professional = serializers.CharField(help_text="Quem é arrastado.")
    allocation = PickedAllocationSerializer(allow_null=True, help_text="O cartão arrastado; null para uma pessoa solta no quadro.")
    runs = FeasibilityRunSerializer(many=True)
    reasons = FeasibilityReasonSerializer(many=True)


class MoveChangesSerializer(serializers.Serializer):
    format = serializers.CharField()
    changes = serializers.ListField(child=serializers.DictField())


class SuggestionSerializer(serializers.Serializer):
    """An alternative place for the card that keeps every hard premissa; `changes` is ready for POST .../edit/."""

    room = serializers.CharField()
    date = serializers.DateField()
    start = serializers.CharField()
    end = serializers.CharField()
    verdict = serializers.ChoiceField(choices=VERDICTS[:2])
    delta = serializers.IntegerField(help_text="Variação do objetivo (positiva = pior).")
    terms = serializers.DictField(child=serializers.IntegerField())
    changes = MoveChangesSerializer(help_text="Documento de mudanças (um move) para /api/versions/{id}/edit/.")


class DiffQuerySerializer(serializers.Serializer):
    from_version = serializers.PrimaryKeyRelatedField(queryset=ScheduleVersion.objects.all())
    to_version = serializers.PrimaryKeyRelatedField(queryset=ScheduleVersion.objects.all())


class DiffSerializer(serializers.Serializer):
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    added = serializers.ListField(child=serializers.DictField())
    removed = serializers.ListField(child=serializers.DictField())
    moved = serializers.ListField(child=serializers.DictField())
    hour_deltas = serializers.DictField(child=serializers.FloatField())
    counts = serializers.DictField(child=serializers.IntegerField())


class RunDiffSerializer(DiffSerializer):
    from_version = serializers.IntegerField(allow_null=True, help_text="Nulo quando a execução partiu do zero.")


# --------------------------------------------------------------------------- runs


class SolveRunCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("weekly", "semana"), ("what_if", "simulação")], default="what_if")
    week_start = serializers.DateField(required=False)
    base_version = serializers.PrimaryKeyRelatedField(queryset=ScheduleVersion.objects.all(), required=False, allow_null=True)
    changes = serializers.JSONField(required=False, allow_null=True)
    time_limit = serializers.FloatField(required=False, min_value=1, max_value=600)
    seed = serializers.IntegerField(required=False, min_value=0, max_value=2**31 - 1, default=0)

    def validate_week_start(self, value: dt.date) -> dt.date:
        if value.weekday() != 0:
            raise serializers.ValidationError("A semana precisa começar numa segunda-feira.")
        return value

    def validate(self, data):
        base = data.get("base_version")
        if base is None and "week_start" not in data:
            raise serializers.ValidationError({"week_start": ["Informe a semana ou a versão de partida."]})
        if base is not None and data.get("week_start") not in (None, base.week_start):
            raise serializers.ValidationError({"week_start": ["A semana não confere com a da versão de partida."]})
        if base is not None:
            data["week_start"] = base.week_start
        if data.get("changes") is not None and not isinstance(data["changes"], dict):
            raise serializers.ValidationError({"changes": ["As mudanças precisam ser um documento JSON (objeto)."]})
        return data


class SolveRunSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = SolveRun
        fields = [
            "id", "kind", "week_start", "base_version", "changes", "parameters", "status", "solver_status",
            "progress", "objective", "bound", "gap", "terms", "conflicts", "stats", "error", "version",
            "created_by", "created_at", "started_at", "finished_at",
        ]  # fmt: skip

    def get_progress(self, run) -> dict:
        if run.status == SolveRun.RUNNING:
            return read_progress(run.pk) or run.progress or {}
        return run.progress or {}


class DailyConfirmationSerializer(serializers.ModelSerializer):
    class Meta:
        model = DailyConfirmation
        fields = ["id", "date", "version", "inconsistencies", "allocation_count", "note", "checked_at"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField(allow_null=True)
    professional = serializers.CharField(allow_null=True)
