"""The clinic's standing data: sites, rooms, professionals, premissas (rules) and pins."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from rules.catalogue import RULE_KINDS
from rules.kinds import FIELDS as RULE_FIELDS
from webapp.clinic.fields import (
    HOUR_FIGURES,
    WEEKDAY_CHOICES,
    HourMinuteField,
    check_hour_figures,
    check_interval,
    hours_field,
)


class HistoryQuerySet(models.QuerySet):
    """Bulk writes (`bulk_create`, `update`) keep the change history too: django-simple-history only sees
    `save()` and `delete()`, and the adapter and the API write opening hours, availability and premissas in bulk."""

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created and all(o.pk is not None for o in created):
            self.model.history.bulk_history_create(created)
        return created

    def update(self, **kwargs):
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        if pks:
            self.model.history.bulk_history_create(list(self.model.objects.filter(pk__in=pks)), update=True)
        return count


HistoryManager = models.Manager.from_queryset(HistoryQuerySet)

CODE_HELP = "Identificador curto e estável (letras, números, hífen), usado pelo solver e pela API."


class Site(models.Model):
    code = models.SlugField("código", max_length=50, unique=True, help_text=CODE_HELP)
    name = models.CharField("nome", max_length=100)
    observe_holidays = models.BooleanField(
        "fecha nos feriados", default=True, help_text="Feriados nacionais, de Minas Gerais e de Belo Horizonte."
    )

    history = HistoricalRecords()
    objects = HistoryManager()

    class Meta:
        verbose_name = "unidade"
        verbose_name_plural = "unidades"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    site = models.ForeignKey(Site, models.CASCADE, related_name="opening_hours", verbose_name="unidade")
    weekday = models.CharField("dia da semana", max_length=3, choices=WEEKDAY_CHOICES)
    start = HourMinuteField("abre às")
    end = HourMinuteField("fecha às")

    history = HistoricalRecords()
    objects = HistoryManager()

    class Meta:
        verbose_name = "horário de funcionamento"
        verbose_name_plural = "horários de funcionamento"
        constraints = [models.UniqueConstraint(fields=["site", "weekday"], name="one_opening_per_weekday")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start}–{self.end}"

    def clean(self) -> None:
        check_interval(self.start, self.end)


class SiteClosure(models.Model):
    """A per-site override of the holiday calendar: an extra closed day, or a holiday it opens anyway."""

    CLOSED = "closed"
    OPEN = "open"
    KIND_CHOICES = [(CLOSED, "fechada"), (OPEN, "aberta mesmo sendo feriado")]

    site = models.ForeignKey(Site, models.CASCADE, related_name="closures", verbose_name="unidade")
    date = models.DateField("data")
    kind = models.CharField("situação", max_length=6, choices=KIND_CHOICES, default=CLOSED)
    reason = models.CharField("motivo", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = HistoryManager()

    class Meta:
        verbose_name = "fechamento ou abertura excepcional"
        verbose_name_plural = "fechamentos e aberturas excepcionais"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["site", "date"], name="one_closure_per_site_date")]

    def __str__(self) -> str:
        return f"{self.site} {self.date:%d/%m/%Y}: {self.get_kind_display()}"


class TravelTime(models.Model):
    """Minutes to cross from one site to another; holds both ways unless the reverse is given too."""

    from_site = models.ForeignKey(Site, models.CASCADE, related_name="+", verbose_name="de")
    to_site = models.ForeignKey(Site, models.CASCADE, related_name="+", verbose_name="para")
    minutes = models.PositiveIntegerField("minutos", validators=[MaxValueValidator(24 * 60)])

    history = HistoricalRecords()
    objects = HistoryManager()

    class Meta:
        verbose_name = "tempo de deslocamento"
        verbose_name_plural = "tempos de deslocamento"
        constraints = [models.UniqueConstraint(fields=["from_site", "to_site"], name="one_travel_time_per_pair")]

    def __str__(self) -> str:
        return f"{self.from_site} → {self.to_site}: {self.minutes} min"

    def clean(self) -> None:
        if self.from_site_id and self.from_site_id == self.to_site_id:
            raise ValidationError({"to_site": "Escolha uma unidade diferente da origem."})


class Room(models.Model):
    code = models.SlugField("código", max_length=50, unique=True, help_text=CODE_HELP)
    site = models.ForeignKey(Site, models.PROTECT, related_name="rooms", verbose_name="unidade")
    name = models.CharField("nome", max_length=100)
    kinds = models.CharField(
        "tipos", max_length=200, blank=True, help_text="Separados por vírgula, por exemplo: consultorio, ginasio."
    )
    capacity = models.PositiveSmallIntegerField(
        "capacidade", default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    active = models.BooleanField("ativa", default=True)

    history = HistoricalRecords()
    objects = HistoryManager()

    class Meta:
        verbose_name = "sala"
        verbose_name_plural = "salas"
        ordering = ["site__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"

    @property
    def kind_list(self) -> list[str]:
        return [k.strip() for k in self.kinds.split(",") if k.strip()]


class Professional(models.Model):
    code = models.SlugField("código", max_length=50, unique=True, help_text=CODE_HELP)
    name = models.CharField("nome", max_length=150)
    room_kind = models.CharField("tipo de sala", max_length=50, blank=True, help_text="Vazio: qualquer sala.")
    min_weekly_hours = hours_field("mínimo de horas na semana", default=0)
    target_weekly_hours = hours_field("meta de horas na semana", null=True, blank=True)
    max_weekly_hours = hours_field("máximo de horas na semana", null=True, blank=True)
    max_daily_hours = hours_field("máximo de horas por dia", null=True, blank=True)
    min_block_minutes = models.PositiveIntegerField(
        "bloco mínimo (minutos)", null=True, blank=True, validators=[MaxValueValidator(24 * 60)]
    )
    preferred_sites = models.ManyToManyField(Site, blank=True, related_name="+", verbose_name="unidades preferidas")
    preferred_rooms = models.ManyToManyField(Room, blank=True, related_name="+", verbose_name="salas preferidas")
    calendar_id = models.CharField("agenda Google", max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="professional",
        verbose_name="usuário",
    )
    active = models.BooleanField("ativo", default=True)

    history = HistoricalRecords(m2m_fields=["preferred_sites", "preferred_rooms"])
    objects = HistoryManager()

    class Meta:
        verbose_name = "profissional"
        verbose_name_plural = "profissionais"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_block_minutes is not None and self.min_block_minutes % 30:
            raise ValidationError({"min_block_minutes": "O bloco mínimo precisa ser múltiplo de 30 minutos."})
        check_hour_figures({name: getattr(self, name) for name in HOUR_FIGURES})


class Availability(models.Model):
    """A window the professional may work: every given weekday, or on one date."""

    professional = models.ForeignKey(
        Professional, models.CASCADE, related_name="availability", verbose_name="profissional"
    )
    weekday = models.CharField("dia da semana", max_length=3, choices=WEEKDAY_CHOICES, blank=True)
    date = models.DateField("data", null=True, blank=True)
    start = HourMinuteField("início")
    end = HourMinuteField("fim")

    history = HistoricalRecords()
    objects = HistoryManager()

    class Meta:
        verbose_name = "disponibilidade"
        verbose_name_plural = "disponibilidades"
        ordering = ["date", "weekday", "start"]

    def __str__(self) -> str:
        when = self.get_weekday_display() if self.weekday else f"{self.date:%d/%m/%Y}"
        return f"{when} {self.start}–{self.end}"

    def clean(self) -> None:
        if bool(self.weekday) == bool(self.date):
            raise ValidationError({"weekday": "Informe exatamente um entre dia da semana e data."})
        check_interval(self.start, self.end)


def rule_kind_choices() -> list[tuple[str, str]]:
    """The premissa kinds of the rule catalogue, as (kind, pt-BR label); callable, so migrations never list them."""
    return [(k.kind, k.label) for k in RULE_KINDS.values()]


class Rule(models.Model):
    """A premissa. One table for every kind; `clean` says which fields each kind needs."""

    # Derived from the rule catalogue's declarations (rules.kinds): a new premissa module brings its kind,
    # its fields and its label here without touching this model or its migrations.
    FIELDS = {k.kind: (set(k.required), set(k.fields)) for k in RULE_KINDS.values()}  # kind -> (required, allowed)
    PARAMETERS = tuple(f for f in RULE_FIELDS if f != "professionals")  # the columns; the M2M is checked apart

    code = models.SlugField("código", max_length=50, unique=True, help_text=CODE_HELP)
    kind = models.CharField("tipo", max_length=30, choices=rule_kind_choices)
    label = models.CharField("descrição", max_length=200)
    active = models.BooleanField("ativa", default=True)
    room = models.ForeignKey(Room, models.CASCADE, null=True, blank=True, related_name="rules", verbose_name="sala")
    site = models.ForeignKey(Site, models.CASCADE, null=True, blank=True, related_name="rules", verbose_name="unidade")
    professional = models.ForeignKey(
        Professional, models.CASCADE, null=True, blank=True, related_name="rules", verbose_name="profissional"
    )
    professionals = models.ManyToManyField(
        Professional, blank=True, related_name="reservations", verbose_name="profissionais com reserva"
    )
    date = models.DateField("data", null=True, blank=True)
    weekday = models.CharField("dia da semana", max_length=3, choices=WEEKDAY_CHOICES, blank=True)
    start = HourMinuteField("início", blank=True)
    end = HourMinuteField("fim", blank=True)
    value = models.PositiveSmallIntegerField(
        "valor", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_weekly_hours = hours_field("máximo de horas na semana", null=True, blank=True)
    max_daily_hours = hours_field("máximo de horas por dia", null=True, blank=True)
    min_weekly_hours = hours_field("mínimo de horas na semana", null=True, blank=True)
    # ISO dates on which a standing rule is lifted (an approved what-if that unblocked one day).
    except_dates = models.JSONField("exceto nas datas", default=list, blank=True)

    history = HistoricalRecords(m2m_fields=["professionals"])
    objects = HistoryManager()

    class Meta:
        verbose_name = "premissa"
        verbose_name_plural = "premissas"
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.label

    def given_fields(self, professionals: list | None = None) -> set[str]:
        given = {f for f in self.PARAMETERS if getattr(self, f) not in (None, "", [])}
        if professionals:
            given.add("professionals")
        return given

    def check_fields(self, professionals: list | None = None) -> None:
        """Raise ValidationError naming the fields that do not fit the kind."""
        if self.kind not in self.FIELDS:
            raise ValidationError({"kind": "Tipo de premissa desconhecido."})
        required, allowed = self.FIELDS[self.kind]
        given = self.given_fields(professionals)
        if professionals is None:  # not known yet (e.g. the admin form checks the M2M itself)
            required = required - {"professionals"}
        errors = {}
        for name in sorted(required - given):
            errors[name] = "Este campo é obrigatório para este tipo de premissa."
        for name in sorted(given - allowed):
            errors[name] = "Este campo não se aplica a este tipo de premissa."
        if self.date and self.weekday:
            errors["weekday"] = "Informe data ou dia da semana, não os dois."
        if errors:
            raise ValidationError(errors)
        check_interval(self.start, self.end, required=False)

    def clean(self) -> None:
        # The M2M is saved after the row, so forms and serializers check `professionals` themselves.
        self.check_fields(None)


class Pin(models.Model):
    """An allocation every solve keeps (board edits, Saturday rota, swaps, manual entries)."""

    SOURCE_CHOICES = [
        ("manual", "lançamento manual"),
        ("saturday", "escala de sábado"),
        ("swap", "troca"),
        ("board", "edição no quadro"),
        ("prompt", "prompt"),
    ]

    professional = models.ForeignKey(Professional, models.CASCADE, related_name="pins", verbose_name="profissional")
    room = models.ForeignKey(Room, models.CASCADE, related_name="pins", verbose_name="sala")
    date = models.DateField("data")
    start = HourMinuteField("início")
    end = HourMinuteField("fim")
    source = models.CharField("origem", max_length=10, choices=SOURCE_CHOICES, default="manual")
    note = models.CharField("observação", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="criada por"
    )
    created_at = models.DateTimeField("criada em", auto_now_add=True)
    # A coordinator kept this pin although it breaks a premissa: it wins over the premissas that only
    # forbid time (opening hours, availability, room kind, block, reservation), for its own slot.
    accepted = models.BooleanField(
        "aceita com inconsistência", default=False,
        help_text="Mantida mesmo quebrando uma premissa; o solver a respeita e o painel continua a listar.",
    )  # fmt: skip
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="aceita por"
    )
    accepted_at = models.DateTimeField("aceita em", null=True, blank=True)

    history = HistoricalRecords()
    objects = HistoryManager()

    class Meta:
        verbose_name = "fixação"
        verbose_name_plural = "fixações"
        ordering = ["date", "start", "professional__name"]

    def __str__(self) -> str:
        return f"{self.professional} — {self.room} {self.date:%d/%m} {self.start}–{self.end}"

    def clean(self) -> None:
        check_interval(self.start, self.end)
