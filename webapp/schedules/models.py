"""Versions of a week's schedule, their allocations, solver runs, prompts and daily confirmations.

Approved and published versions never change: `ScheduleVersion.save` only lets their lifecycle
fields move forward, and every write path of `Allocation` (save, delete, queryset update/delete,
bulk_create) refuses to touch an allocation of a version that is not a draft.
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from webapp.clinic.fields import HourMinuteField, to_minutes
from webapp.clinic.models import Professional, Room


class ImmutableVersionError(Exception):
    """An attempt to change an approved, published or superseded version."""


DRAFT, APPROVED, PUBLISHED, SUPERSEDED = "draft", "approved", "published", "superseded"
# The only moves a version's status may make.
TRANSITIONS = {
    DRAFT: {APPROVED, SUPERSEDED},
    APPROVED: {PUBLISHED, SUPERSEDED},
    PUBLISHED: {SUPERSEDED},
    SUPERSEDED: set(),
}


class ScheduleVersionQuerySet(models.QuerySet):
    def frozen(self):
        return self.exclude(status=DRAFT)

    def update(self, **kwargs):
        if set(kwargs) - ScheduleVersion.LIFECYCLE_FIELDS and self.frozen().exists():
            raise ImmutableVersionError("versões aprovadas ou publicadas não podem ser alteradas")
        return super().update(**kwargs)

    def delete(self):
        if self.frozen().exists():
            raise ImmutableVersionError("versões aprovadas ou publicadas não podem ser apagadas")
        return super().delete()


class ScheduleVersion(models.Model):
    STATUS_CHOICES = [
        (DRAFT, "rascunho"),
        (APPROVED, "aprovada"),
        (PUBLISHED, "publicada"),
        (SUPERSEDED, "substituída"),
    ]
    SOURCE_CHOICES = [
        ("solver", "solver (semana)"),
        ("what_if", "simulação"),
        ("manual", "edição manual"),
        ("prompt", "prompt"),
    ]
    # Acknowledged inconsistencies are recorded at approval and at publication too, so they move like the status.
    LIFECYCLE_FIELDS = {
        "status", "approved_by", "approved_at", "published_at", "superseded_at",
        "accepted_inconsistencies", "accepted_by", "accepted_at", "not_adopted",
    }  # fmt: skip

    week_start = models.DateField("semana (segunda-feira)")
    number = models.PositiveIntegerField("número", validators=[MaxValueValidator(10**6)])
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="versão de origem"
    )
    status = models.CharField("situação", max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    source = models.CharField("origem", max_length=10, choices=SOURCE_CHOICES)
    changes = models.JSONField("mudanças aplicadas", null=True, blank=True)
    note = models.CharField("observação", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="criada por"
    )
    created_at = models.DateTimeField("criada em", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="aprovada por"
    )
    approved_at = models.DateTimeField("aprovada em", null=True, blank=True)
    published_at = models.DateTimeField("publicada em", null=True, blank=True)
    superseded_at = models.DateTimeField("substituída em", null=True, blank=True)
    # Hard inconsistencies a coordinator explicitly kept (an edit, an approval or a publication with
    # accept_inconsistencies); each entry is an Inconsistency dict plus the step that accepted it.
    accepted_inconsistencies = models.JSONField("inconsistências aceitas", default=list, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="aceitas por"
    )
    accepted_at = models.DateTimeField("aceitas em", null=True, blank=True)
    # What approval could not turn into premissas and pins (pt-BR, for the coordinator); recorded with the status.
    not_adopted = models.JSONField("mudanças não gravadas", default=list, blank=True)
    # The pins a board edit added and removed (format v1 pins), so undoing the edit can put them back.
    pin_changes = models.JSONField("fixações alteradas pela edição", default=dict, blank=True)

    objects = ScheduleVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "versão da agenda"
        verbose_name_plural = "versões da agenda"
        ordering = ["-week_start", "-number"]
        constraints = [models.UniqueConstraint(fields=["week_start", "number"], name="one_number_per_week")]

    def __str__(self) -> str:
        return f"Semana {self.week_start:%d/%m/%Y} — versão {self.number} ({self.get_status_display()})"

    @property
    def is_frozen(self) -> bool:
        return self.status != DRAFT

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).first()
            if stored is not None:
                self._check_change(stored)
        super().save(*args, **kwargs)

    def _check_change(self, stored: ScheduleVersion) -> None:
        if self.status != stored.status and self.status not in TRANSITIONS[stored.status]:
            raise ImmutableVersionError(
                f"a situação não pode passar de {stored.get_status_display()} para {self.get_status_display()}"
            )
        if stored.is_frozen:
            for field in self._meta.concrete_fields:
                if field.name in self.LIFECYCLE_FIELDS:
                    continue
                if getattr(self, field.attname) != getattr(stored, field.attname):
                    raise ImmutableVersionError(
                        f"a versão {stored.number} está {stored.get_status_display()} e não pode ser alterada"
                    )

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).first()
        if self.is_frozen or (stored is not None and stored.is_frozen):
            raise ImmutableVersionError("versões aprovadas ou publicadas não podem ser apagadas")
        return super().delete(*args, **kwargs)


def _check_versions_are_drafts(version_ids) -> None:
    if ScheduleVersion.objects.filter(pk__in=set(version_ids)).frozen().exists():
        raise ImmutableVersionError("as alocações de uma versão aprovada ou publicada não podem ser alteradas")


class AllocationQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _check_versions_are_drafts(self.values_list("version_id", flat=True))
        return super().update(**kwargs)

    def delete(self):
        _check_versions_are_drafts(self.values_list("version_id", flat=True))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _check_versions_are_drafts(o.version_id for o in objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        objs = list(objs)
        _check_versions_are_drafts(o.version_id for o in objs)
        return super().bulk_update(objs, *args, **kwargs)


class Allocation(models.Model):
    PROVENANCE_CHOICES = [
        ("solver", "solver"),
        ("pin", "fixação"),
        ("saturday", "escala de sábado"),
        ("swap", "troca"),
        ("board", "edição no quadro"),
        ("prompt", "prompt"),
        ("manual", "lançamento manual"),
    ]

    version = models.ForeignKey(ScheduleVersion, models.CASCADE, related_name="allocations", verbose_name="versão")
    professional = models.ForeignKey(Professional, models.PROTECT, related_name="allocations", verbose_name="profissional")
    room = models.ForeignKey(Room, models.PROTECT, related_name="allocations", verbose_name="sala")
    date = models.DateField("data")
    start = HourMinuteField("início")
    end = HourMinuteField("fim")
    pinned = models.BooleanField("fixada", default=False)
    provenance = models.CharField("origem", max_length=10, choices=PROVENANCE_CHOICES, default="solver")

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = "alocação"
        verbose_name_plural = "alocações"
        ordering = ["date", "start", "room__code", "professional__code"]
        indexes = [models.Index(fields=["version", "date"])]

    def __str__(self) -> str:
        return f"{self.professional} — {self.room} {self.date:%d/%m} {self.start}–{self.end}"

    @property
    def minutes(self) -> int:
        return to_minutes(self.end) - to_minutes(self.start)

    def save(self, *args, **kwargs):
        _check_versions_are_drafts([self.version_id])
        if self.pk is not None:
            stored_version = type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True).first()
            if stored_version is not None:
                _check_versions_are_drafts([stored_version])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _check_versions_are_drafts([self.version_id])
        return super().delete(*args, **kwargs)


class SolveRun(models.Model):
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUS_CHOICES = [(QUEUED, "na fila"), (RUNNING, "em execução"), (DONE, "concluída"), (FAILED, "falhou")]
    KIND_CHOICES = [("weekly", "semana"), ("what_if", "simulação"), ("prompt", "prompt")]

    kind = models.CharField("tipo", max_length=10, choices=KIND_CHOICES)
    week_start = models.DateField("semana (segunda-feira)")
    base_version = models.ForeignKey(
        ScheduleVersion, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="versão de partida"
    )
    changes = models.JSONField("mudanças", null=True, blank=True)
    instance = models.JSONField("instância (entrada do solver)", default=dict)
    parameters = models.JSONField("parâmetros", default=dict)
    status = models.CharField("situação", max_length=10, choices=STATUS_CHOICES, default=QUEUED)
    solver_status = models.CharField("resultado do solver", max_length=20, blank=True)
    progress = models.JSONField("progresso", default=dict, blank=True)
    objective = models.BigIntegerField("objetivo", null=True, blank=True)
    bound = models.FloatField("limite", null=True, blank=True)
    gap = models.FloatField("gap", null=True, blank=True)
    terms = models.JSONField("termos do objetivo", null=True, blank=True)
    conflicts = models.JSONField("conflitos", default=list, blank=True)
    stats = models.JSONField("estatísticas", default=dict, blank=True)
    error = models.TextField("erro", blank=True)
    version = models.ForeignKey(
        ScheduleVersion, models.SET_NULL, null=True, blank=True, related_name="solve_runs", verbose_name="versão gerada"
    )
    dedupe_key = models.CharField("chave de idempotência", max_length=100, null=True, blank=True, unique=True)
    task_id = models.CharField("tarefa", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="criada por"
    )
    created_at = models.DateTimeField("criada em", auto_now_add=True)
    started_at = models.DateTimeField("iniciada em", null=True, blank=True)
    finished_at = models.DateTimeField("terminada em", null=True, blank=True)

    class Meta:
        verbose_name = "execução"
        verbose_name_plural = "execuções"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Execução {self.pk} ({self.get_kind_display()}, {self.get_status_display()})"


class PromptTemplate(models.Model):
    """A ready-made prompt with {placeholders}, picked in the prompt box ("bloquear {sala} na {dia} de {período}")."""

    name = models.CharField("nome", max_length=100, unique=True)
    text = models.TextField("texto", help_text="Use {marcadores} para o que muda a cada uso, ex.: {sala}, {dia}, {período}.")
    description = models.CharField("descrição", max_length=300, blank=True)
    active = models.BooleanField("ativo", default=True)
    created_at = models.DateTimeField("criado em", auto_now_add=True)

    class Meta:
        verbose_name = "modelo de prompt"
        verbose_name_plural = "modelos de prompt"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def placeholders(self) -> list[str]:
        import re

        return list(dict.fromkeys(re.findall(r"{([^{}]+)}", self.text)))


class PromptHistory(models.Model):
    STATUS_CHOICES = [
        ("ok", "interpretado"),
        ("error", "com erro"),
        ("ambiguous", "ambíguo"),
        ("refused", "recusado"),
        ("unsupported", "não suportado"),
    ]
    APPROVED, DISCARDED = "approved", "discarded"
    DECISION_CHOICES = [("", "pendente"), (APPROVED, "aprovado"), (DISCARDED, "descartado")]

    prompt = models.TextField("prompt")
    week_start = models.DateField("semana (segunda-feira)", null=True, blank=True)
    template = models.ForeignKey(
        PromptTemplate, models.SET_NULL, null=True, blank=True, related_name="uses", verbose_name="modelo"
    )
    executor = models.CharField("interpretador", max_length=100, blank=True)
    executor_config = models.JSONField("configuração do interpretador", default=dict, blank=True)
    status = models.CharField("situação", max_length=12, choices=STATUS_CHOICES, default="ok")
    raw_output = models.TextField("saída bruta", blank=True)
    changes = models.JSONField("mudanças interpretadas", null=True, blank=True)
    explanations = models.JSONField("explicações", default=list, blank=True)
    validation_errors = models.JSONField("erros de validação", default=list, blank=True)
    candidates = models.JSONField("candidatos", default=list, blank=True)
    diff = models.JSONField("diferenças", null=True, blank=True)
    error = models.TextField("erro", blank=True)
    base_version = models.ForeignKey(
        ScheduleVersion, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="versão de partida"
    )
    solve_run = models.ForeignKey(
        SolveRun, models.SET_NULL, null=True, blank=True, related_name="prompts", verbose_name="execução"
    )
    version = models.ForeignKey(
        ScheduleVersion, models.SET_NULL, null=True, blank=True, related_name="prompts", verbose_name="versão gerada"
    )
    replay_of = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="replays", verbose_name="repetição de"
    )
    replay_comparison = models.JSONField("comparação com a original", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="criado por"
    )
    created_at = models.DateTimeField("criado em", auto_now_add=True)
    decision = models.CharField("decisão", max_length=10, choices=DECISION_CHOICES, default="", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="decidido por"
    )
    decided_at = models.DateTimeField("decidido em", null=True, blank=True)
    decision_notes = models.JSONField("observações da decisão", default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="aprovado por"
    )
    approved_at = models.DateTimeField("aprovado em", null=True, blank=True)

    class Meta:
        verbose_name = "histórico de prompt"
        verbose_name_plural = "histórico de prompts"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.prompt[:60]


class DailyConfirmation(models.Model):
    """The daily re-check of the next working day against the premissas (and, later, Google)."""

    date = models.DateField("data conferida", unique=True)
    version = models.ForeignKey(
        ScheduleVersion, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="versão publicada"
    )
    inconsistencies = models.JSONField("inconsistências", default=list, blank=True)
    allocation_count = models.PositiveIntegerField(
        "alocações conferidas", default=0, validators=[MaxValueValidator(10**6)]
    )
    note = models.CharField("observação", max_length=300, blank=True)
    checked_at = models.DateTimeField("conferida em", auto_now=True)

    class Meta:
        verbose_name = "confirmação diária"
        verbose_name_plural = "confirmações diárias"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Confirmação de {self.date:%d/%m/%Y}"
