"""Every write of the Google Calendar part: publishing a version, storing the OAuth grant, the daily read-back."""
from __future__ import annotations

import datetime as dt
import os
import time
from typing import Any

import structlog
from django.db import transaction
from django.utils import timezone

from webapp.clinic.models import Professional
from webapp.gcal import readback
from webapp.gcal.config import GoogleConfig, GoogleConfigError
from webapp.gcal.events import desired_events, from_rows, instant, window
from webapp.gcal.models import CalendarSyncState, GoogleAuthorization, PublishRun
from webapp.gcal.publisher import (
    DeletionLimitExceeded,
    deletion_limit,
    fetch_current,
    plan_publish,
    publish,
    transport_options,
)
from webapp.gcal.service import CalendarAccess, build_access
from webapp.gcal.transport import Transport
from webapp.schedules import adapter
from webapp.schedules.actions import InvalidTransition, check_acceptance, do_mark_version_published
from webapp.schedules.models import APPROVED, PUBLISHED, ScheduleVersion

log = structlog.get_logger("agendador.gcal")

PUBLISHABLE = (APPROVED, PUBLISHED)  # the published one may be published again (to undo drift)
# A queued or running publish older than this lost its worker; it no longer blocks a new one.
STALE_PUBLISH = dt.timedelta(minutes=30)
NOT_CONFIGURED = "O Google Agenda não está configurado"


class NotPublishable(Exception):
    """The version is not approved (nor the published one)."""


class PublishInProgress(Exception):
    """Another publish of the same week has not finished."""


class GoogleNotConfigured(Exception):
    """Google's settings or credentials are missing or wrong (pt-BR message)."""


# --------------------------------------------------------------------------- access


def google_config() -> GoogleConfig:
    return GoogleConfig.from_env(os.environ)


def google_access(config: GoogleConfig | None = None) -> CalendarAccess:
    """The Calendar access from the environment (and the stored grant in oauth mode), or GoogleNotConfigured."""
    try:
        config = config or google_config()
        stored = None
        if config.auth_mode == "oauth":
            grant = GoogleAuthorization.current()
            stored = bytes(grant.token) if grant is not None else None
        return build_access(config, stored_token=stored)
    except GoogleConfigError as exc:
        raise GoogleNotConfigured(f"{NOT_CONFIGURED}: {exc}") from None


def google_status() -> dict[str, Any]:
    """What the dashboard shows about Google: mode, target, whether publishing can work, the OAuth grant."""
    grant = GoogleAuthorization.current()
    status: dict[str, Any] = {
        "auth_mode": None,
        "api_root_url": None,
        "configured": False,
        "detail": "",
        "authorized_by": grant.authorized_by.username if grant and grant.authorized_by else None,
        "authorized_at": grant.authorized_at if grant else None,
    }
    try:
        config = google_config()
        status["auth_mode"], status["api_root_url"] = config.auth_mode, config.root_url
        google_access(config)
    except (GoogleConfigError, GoogleNotConfigured) as exc:
        status["detail"] = str(exc)
    else:
        status["configured"] = True
    return status


def do_store_google_authorization(blob: bytes, user) -> GoogleAuthorization:
    """Keep the coordinator's OAuth grant (already encrypted by webapp.gcal.service)."""
    grant, _ = GoogleAuthorization.objects.update_or_create(
        pk=GoogleAuthorization.SINGLETON,
        defaults={"token": blob, "authorized_by": user, "authorized_at": timezone.now()},
    )
    log.info("gcal.authorization.stored", user_id=getattr(user, "pk", None))
    return grant


# --------------------------------------------------------------------------- publishing


def check_publishable(version: ScheduleVersion) -> None:
    if version.status not in PUBLISHABLE:
        raise NotPublishable(
            f"Só uma versão aprovada (ou a publicada, para publicar de novo) vai para o Google Agenda; "
            f"esta versão está {version.get_status_display()}."
        )


def calendars_to_publish(version: ScheduleVersion) -> list[str]:
    """Every active professional's calendar, plus those of the week's last published version (so leavers get cleaned)."""
    ids = set(Professional.objects.filter(active=True).exclude(calendar_id="").values_list("calendar_id", flat=True))
    published = adapter.published_version(version.week_start)
    if published is not None:
        ids |= set(
            published.allocations.exclude(professional__calendar_id="").values_list("professional__calendar_id", flat=True)
        )
    return sorted(ids)


def desired_for(version: ScheduleVersion, config: GoogleConfig, **filters) -> dict[str, dict[str, dict[str, Any]]]:
    rows = version.allocations.filter(**filters).select_related("professional", "room__site")
    return desired_events(from_rows(rows), version=version.pk, namespace=config.event_namespace)


def do_start_publish(
    version: ScheduleVersion, user, *, confirm_deletes: bool = False, accept_inconsistencies: bool = False
) -> PublishRun:
    """A queued publish run of `version`; refuses a version that is not publishable, a version with hard
    inconsistencies nobody accepted (HardInconsistencies, unless `accept_inconsistencies`: then recorded on
    it), a week already being published, and an unconfigured Google (nothing is recorded then)."""
    google_access()
    with transaction.atomic():
        version = ScheduleVersion.objects.select_for_update().get(pk=version.pk)
        check_publishable(version)
        if check_acceptance(version, user, accept=accept_inconsistencies, step="publish", what="Esta versão"):
            version.save(update_fields=["accepted_inconsistencies", "accepted_by", "accepted_at"])
        busy = PublishRun.objects.filter(
            version__week_start=version.week_start,
            status__in=(PublishRun.QUEUED, PublishRun.RUNNING),
            created_at__gte=timezone.now() - STALE_PUBLISH,
        ).first()
        if busy is not None:
            raise PublishInProgress(
                f"A semana de {version.week_start:%d/%m/%Y} já está sendo publicada (publicação {busy.pk}); "
                f"aguarde ela terminar."
            )
        run = PublishRun.objects.create(version=version, requested_by=user, confirm_deletes=confirm_deletes)
    log.info("gcal.publish_run.queued", run_id=run.pk, version_id=version.pk, confirm_deletes=confirm_deletes)
    return run


def do_check_deletions(run: PublishRun) -> PublishRun:
    """Read Google and plan without writing: a run over the deletion limit stops now as needs_confirmation.

    Used before handing a run to a worker, so the coordinator hears about the limit at once.
    """
    version = run.version
    try:
        config = google_config()
        access = google_access(config)
        transport = Transport(access, transport_options(config))
        time_min, time_max = window(version.week_start, 7)
        current, _ = fetch_current(transport, calendars_to_publish(version), time_min, time_max)
        desired = desired_for(version, config)
        plan = plan_publish({cal: evs for cal, evs in desired.items() if cal in current}, current)
        deletion_limit(config).check(plan, confirmed=run.confirm_deletes)
    except DeletionLimitExceeded as exc:
        _finish(run, PublishRun.NEEDS_CONFIRMATION, message=str(exc), pending_deletes=exc.deletes)
    except Exception:  # noqa: BLE001 — the worker's run will meet it again and record it
        log.warning("gcal.publish_run.check_failed", run_id=run.pk, exc_info=True)
    return run


def do_run_publish(run_id: int) -> PublishRun | None:
    """The body of a publish: read Google, write the fewest changes, mark the version published.

    Idempotent and crash-safe (event ids are deterministic and the plan is recomputed from Google's
    state), so a run delivered again after its worker died simply runs again.
    """
    bound_log = log.bind(run_id=run_id)
    with transaction.atomic():
        run = PublishRun.objects.select_for_update().select_related("version").filter(pk=run_id).first()
        if run is None:
            bound_log.warning("gcal.publish_run.missing")
            return None
        if run.status in PublishRun.FINISHED:
            bound_log.info("gcal.publish_run.already_finished", status=run.status)
            return run
        if run.status == PublishRun.RUNNING:
            if run.started_at is not None and run.started_at > timezone.now() - STALE_PUBLISH:
                # A duplicate delivery while another worker publishes it: never published twice at once.
                bound_log.info("gcal.publish_run.already_running", started_at=run.started_at.isoformat())
                return run
            bound_log.warning("gcal.publish_run.resumed")  # its worker died: publishing again finishes it
        run.status, run.started_at = PublishRun.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])

    started = time.monotonic()
    version = ScheduleVersion.objects.get(pk=run.version_id)
    try:
        check_publishable(version)
        config = google_config()
        access = google_access(config)
        time_min, time_max = window(version.week_start, 7)
        result = publish(
            access,
            desired_for(version, config),
            time_min=time_min,
            time_max=time_max,
            calendars=calendars_to_publish(version),
            options=transport_options(config),
            limit=deletion_limit(config),
            confirm_deletes=run.confirm_deletes,
        )
    except DeletionLimitExceeded as exc:
        _finish(run, PublishRun.NEEDS_CONFIRMATION, started=started, message=str(exc), pending_deletes=exc.deletes)
    except (NotPublishable, GoogleNotConfigured, GoogleConfigError) as exc:
        _finish(run, PublishRun.FAILED, started=started, message=str(exc))
    except Exception as exc:  # noqa: BLE001 — any failure is the run's, recorded for the coordinator
        bound_log.exception("gcal.publish_run.crashed")
        _finish(run, PublishRun.FAILED, started=started,
                message=f"A publicação falhou ({type(exc).__name__}: {exc}). Publique de novo: nada será duplicado.")
    else:
        counts = {"inserts": result.inserts, "patches": result.patches, "deletes": result.deletes,
                  "retries": result.retries, "http_requests": result.http_requests}
        errors = [
            {"calendar_id": e.calendar_id, "event_id": e.event_id, "operation": e.operation, "status": e.status,
             "reason": e.reason, "message": e.message}
            for e in result.errors
        ]
        if result.ok:
            try:
                with transaction.atomic():
                    do_mark_version_published(version)
                    _finish(run, PublishRun.DONE, started=started, message=_summary(result), **counts)
            except InvalidTransition as exc:  # superseded while we wrote: Google holds it, the records do not
                _finish(run, PublishRun.FAILED, started=started, **counts,
                        message=f"Os eventos foram escritos, mas a versão não pôde ser marcada como publicada: {exc}.")
        else:
            _finish(run, PublishRun.FAILED, started=started, errors=errors, **counts, message=(
                f"A publicação terminou com {len(errors)} erro(s) no Google Agenda; a versão não foi marcada como "
                f"publicada. Corrija e publique de novo (o que já foi escrito não será duplicado). "
                f"Primeiro erro: {errors[0]['message']}"))
    bound_log.info(
        "gcal.publish_run.finished", version_id=version.pk, status=run.status, inserts=run.inserts,
        patches=run.patches, deletes=run.deletes, pending_deletes=run.pending_deletes, retries=run.retries,
        http_requests=run.http_requests, errors=len(run.errors), seconds=run.duration_seconds,
    )
    return run


def _summary(result) -> str:
    if not result.writes:
        return "O Google Agenda já estava igual a esta versão; nada foi alterado."
    return f"{result.inserts} evento(s) criado(s), {result.patches} atualizado(s), {result.deletes} apagado(s)."


def _finish(run: PublishRun, status: str, *, started: float | None = None, **fields) -> None:
    run.status, run.finished_at = status, timezone.now()
    if started is not None:
        run.duration_seconds = round(time.monotonic() - started, 3)
    for name, value in fields.items():
        setattr(run, name, value)
    run.save()


def do_publish_version(
    version: ScheduleVersion, user, *, confirm_deletes: bool = False, accept_inconsistencies: bool = False
) -> PublishRun:
    """Publish here and now (the management command, tests, the API without a worker)."""
    run = do_start_publish(version, user, confirm_deletes=confirm_deletes, accept_inconsistencies=accept_inconsistencies)
    return do_run_publish(run.pk)


def enqueue_publish(run: PublishRun) -> PublishRun:
    """Run it inline without a worker (the embedded default); with one, check the deletion limit first
    (reads only) and hand the writes to the worker."""
    from webapp.gcal.tasks import publish_version

    if publish_version.app.conf.task_always_eager:
        return do_run_publish(run.pk)
    run = do_check_deletions(run)
    if run.status == PublishRun.QUEUED:
        transaction.on_commit(lambda: _send_publish(run))
    return run


QUEUE_DOWN = (
    "A fila de execuções (Redis) não está respondendo, então a publicação não foi iniciada. "
    "Tente de novo em alguns instantes; nada foi escrito no Google Agenda."
)


def _send_publish(run: PublishRun) -> None:
    from kombu.exceptions import OperationalError

    from webapp.gcal.tasks import publish_version
    from webapp.schedules.actions import QueueUnavailable

    try:
        publish_version.delay(run.pk)
    except OperationalError as exc:
        PublishRun.objects.filter(pk=run.pk, status=PublishRun.QUEUED).update(
            status=PublishRun.FAILED, message=QUEUE_DOWN, finished_at=timezone.now()
        )
        log.error("gcal.publish_run.enqueue_failed", run_id=run.pk, error=str(exc))
        raise QueueUnavailable(QUEUE_DOWN) from exc


# --------------------------------------------------------------------------- daily read-back

DRIFT_RULE, CONFLICT_RULE = "google_drift", "google_conflict"


def read_back_day(version: ScheduleVersion, day: dt.date) -> tuple[list[dict[str, Any]], str]:
    """Google's copy of `day` against the published `version`: (findings as inconsistencies, a note).

    Nothing in Google is changed. Without Google's settings the read-back is skipped with a note.
    """
    try:
        config = google_config()
        access = google_access(config)
    except (GoogleNotConfigured, GoogleConfigError) as exc:
        log.info("gcal.read_back.skipped", date=str(day), reason=str(exc))
        return [], "leitura do Google Agenda não feita: Google Agenda não configurado"
    started = time.monotonic()
    try:
        intended = desired_for(version, config, date=day)
        profs = dict(Professional.objects.exclude(calendar_id="").values_list("calendar_id", "code"))
        calendars = sorted(Professional.objects.filter(active=True).exclude(calendar_id="")
                           .values_list("calendar_id", flat=True))
        stored = {s.calendar_id: s for s in CalendarSyncState.objects.filter(calendar_id__in=set(calendars) | set(intended))}
        states = {cal: readback.SyncState.from_dict(s.state) for cal, s in stored.items() if s.state}
        result = readback.confirm_day(access, intended, day, calendars=calendars, states=states,
                                      options=transport_options(config))
        with transaction.atomic():
            for cal, state in result.states.items():
                CalendarSyncState.objects.update_or_create(
                    calendar_id=cal, defaults={"time_min": state.time_min, "time_max": state.time_max, "state": state.to_dict()})
    except Exception as exc:  # noqa: BLE001 — the rule check of the day still gets recorded
        log.exception("gcal.read_back.failed", date=str(day))
        return [], f"a leitura do Google Agenda falhou ({type(exc).__name__}: {exc})"[:300]
    found = [_inconsistency(f, day, intended, profs) for f in result.findings]
    note = ""
    if result.errors:
        unreadable = sorted({e.calendar_id for e in result.errors})
        note = f"{len(unreadable)} agenda(s) do Google não puderam ser lidas: {', '.join(unreadable)}"[:300]
    log.info("gcal.read_back.done", date=str(day), version_id=version.pk, findings=len(found),
             errors=len(result.errors), full_syncs=result.full_syncs, incremental_syncs=result.incremental_syncs,
             http_requests=result.http_requests, seconds=round(time.monotonic() - started, 3))
    return found, note


def _inconsistency(finding: readback.DriftFinding, day: dt.date, intended, profs: dict[str, str]) -> dict[str, Any]:
    """A drift finding in the shape of the rule catalogue's inconsistencies, plus its action."""
    event_id = finding.details.get("allocation_event") or finding.event_id
    body = intended.get(finding.calendar_id, {}).get(event_id)
    start = instant(body["start"]) if body else None
    end = instant(body["end"]) if body else None
    return {
        "premissa": finding.premissa,
        "rule": CONFLICT_RULE if finding.kind == "conflict" else DRIFT_RULE,
        "message": finding.message,
        "severity": "hard",
        "professional": profs.get(finding.calendar_id),
        "room": None,
        "date": day.isoformat(),
        "start": f"{start:%H:%M}" if start else None,
        "end": f"{end:%H:%M}" if end else None,
        "action": finding.action,
        "kind": finding.kind,
        "calendar_id": finding.calendar_id,
        "event_id": finding.event_id,
    }
