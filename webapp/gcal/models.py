"""What the Google Calendar part keeps: publish runs, the OAuth authorization (encrypted), read-back sync state."""
from __future__ import annotations

from django.conf import settings
from django.db import models

from webapp.schedules.models import ScheduleVersion


class PublishRun(models.Model):
    """One publication of a version to Google: what was asked, what was written, what went wrong."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    NEEDS_CONFIRMATION = "needs_confirmation"
    STATUS_CHOICES = [
        (QUEUED, "na fila"),
        (RUNNING, "em execução"),
        (DONE, "concluída"),
        (FAILED, "falhou"),
        (NEEDS_CONFIRMATION, "aguarda confirmação das exclusões"),
    ]
    FINISHED = (DONE, FAILED, NEEDS_CONFIRMATION)

    version = models.ForeignKey(ScheduleVersion, models.PROTECT, related_name="publish_runs", verbose_name="versão")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="pedida por"
    )
    status = models.CharField("situação", max_length=20, choices=STATUS_CHOICES, default=QUEUED)
    confirm_deletes = models.BooleanField("exclusões confirmadas", default=False)
    inserts = models.PositiveIntegerField("eventos criados", default=0)
    patches = models.PositiveIntegerField("eventos atualizados", default=0)
    deletes = models.PositiveIntegerField("eventos apagados", default=0)
    pending_deletes = models.PositiveIntegerField(
        "exclusões a confirmar", default=0, help_text="Quantos eventos a publicação apagaria (quando parou pedindo confirmação)."
    )
    retries = models.PositiveIntegerField("novas tentativas", default=0)
    http_requests = models.PositiveIntegerField("requisições HTTP", default=0)
    errors = models.JSONField("erros", default=list, blank=True)
    message = models.TextField("mensagem", blank=True)
    duration_seconds = models.FloatField("duração (s)", null=True, blank=True)
    created_at = models.DateTimeField("pedida em", auto_now_add=True)
    started_at = models.DateTimeField("iniciada em", null=True, blank=True)
    finished_at = models.DateTimeField("terminada em", null=True, blank=True)

    class Meta:
        verbose_name = "publicação no Google Agenda"
        verbose_name_plural = "publicações no Google Agenda"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Publicação {self.pk} da versão {self.version.number} ({self.get_status_display()})"


class GoogleAuthorization(models.Model):
    """The coordinator's OAuth grant (GOOGLE_AUTH_MODE=oauth): one for the clinic.

    Only the Fernet-encrypted blob is stored (GOOGLE_TOKEN_ENCRYPTION_KEY), never a token in clear.
    """

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    token = models.BinaryField("credenciais cifradas")
    authorized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="autorizada por"
    )
    authorized_at = models.DateTimeField("autorizada em")

    class Meta:
        verbose_name = "autorização do Google Agenda"
        verbose_name_plural = "autorização do Google Agenda"
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_google_authorization")]

    def __str__(self) -> str:
        who = self.authorized_by.username if self.authorized_by else "?"
        return f"Acesso ao Google Agenda autorizado por {who}"

    @classmethod
    def current(cls) -> GoogleAuthorization | None:
        return cls.objects.filter(pk=cls.SINGLETON).first()


class CalendarSyncState(models.Model):
    """The daily read-back's incremental-sync state of one calendar (token and what it last saw)."""

    calendar_id = models.CharField("agenda Google", max_length=200, unique=True)
    time_min = models.CharField("início da janela", max_length=40)
    time_max = models.CharField("fim da janela", max_length=40)
    state = models.JSONField("estado", default=dict)
    updated_at = models.DateTimeField("atualizado em", auto_now=True)

    class Meta:
        verbose_name = "sincronização de agenda"
        verbose_name_plural = "sincronizações de agendas"
        ordering = ["calendar_id"]

    def __str__(self) -> str:
        return self.calendar_id
