"""Every write of the schedules app, each one atomic: do_<verb>_<noun>()."""
from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import structlog
from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connections, transaction
from django.db.models import Max
from django.utils import timezone

from rules.errors import DocumentError
from rules.inconsistency import HARD, identity_of
from rules.instance import parse_instance
from solver.changes import KIND_LABELS, apply_changes, apply_what_fits, only_allocation_changes, resolve_directive
from webapp.clinic.models import Pin
from webapp.schedules import adapter
from webapp.schedules.models import (
    APPROVED,
    DRAFT,
    PUBLISHED,
    SUPERSEDED,
    Allocation,
    DailyConfirmation,
    ScheduleVersion,
    SolveRun,
)
from webapp.schedules.progress import publish_progress, read_progress, request_stop, stop_requested

log = structlog.get_logger("agendador.schedules")

SOLUTION_STATUSES_WITH_ALLOCATIONS = {"OPTIMAL", "FEASIBLE"}
STORE_ATTEMPTS = 4  # storing a solve's result survives a PostgreSQL restart of a few seconds
VERSION_SOURCE_OF_RUN = {"weekly": "solver", "what_if": "what_if", "prompt": "prompt"}


class StaleEdit(Exception):
    """The version was already edited by someone else; `latest` is the newer version."""

    def __init__(self, latest: ScheduleVersion):
        self.latest = latest
        super().__init__(f"a versão já foi alterada (versão {latest.number})")


class InvalidTransition(Exception):
    pass


class HardInconsistencies(Exception):
    """A write would leave hard inconsistencies nobody accepted; nothing was stored.

    `inconsistencies` are the catalogue's findings (dicts); repeating the request with
    ``accept_inconsistencies`` keeps them and records who accepted them.
    """

    def __init__(self, message: str, inconsistencies: list[dict[str, Any]]):
        self.inconsistencies = inconsistencies
        super().__init__(message)


def _refusal(what: str, found: list[dict[str, Any]]) -> HardInconsistencies:
    n = len(found)
    broken = "1 premissa obrigatória" if n == 1 else f"{n} premissas obrigatórias"
    return HardInconsistencies(
        f"{what} quebra {broken} (veja a lista) e nada foi gravado. "
        f"Para manter assim mesmo, confirme aceitando as inconsistências.",
        found,
    )


def hard_inconsistencies(doc: dict[str, Any], allocations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings of the catalogue that stop a write: hard, and not inside an accepted pin."""
    return [i for i in adapter.check_document(doc, allocations) if i["severity"] == HARD]


def new_hard_inconsistencies(
    before_doc: dict[str, Any], before: list[dict[str, Any]], after_doc: dict[str, Any], after: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Hard findings of `after` that `before` did not already have (an edit answers only for what it broke)."""
    known = {identity_of(i) for i in hard_inconsistencies(before_doc, before)}
    return [i for i in hard_inconsistencies(after_doc, after) if identity_of(i) not in known]


def _record_acceptance(version: ScheduleVersion, found: list[dict[str, Any]], user, step: str) -> None:
    """Add the findings a coordinator accepted at `step` (edit, approve, publish) to the version (not saved)."""
    now = timezone.now()
    known = {identity_of(i) for i in version.accepted_inconsistencies or []}
    who = getattr(user, "username", None)
    version.accepted_inconsistencies = list(version.accepted_inconsistencies or []) + [
        {**i, "step": step, "accepted_by": who, "accepted_at": now.isoformat()}
        for i in found
        if identity_of(i) not in known
    ]
    version.accepted_by, version.accepted_at = user, now


def check_acceptance(version: ScheduleVersion, user, *, accept: bool, step: str, what: str) -> list[dict[str, Any]]:
    """Refuse (HardInconsistencies) a version with hard inconsistencies nobody accepted yet.

    Each hard inconsistency needs one explicit acknowledgement recorded on the version (at an edit,
    an approval or a publication); with `accept` the missing ones are recorded on `version` (the
    caller saves it). Returns those newly accepted.
    """
    doc = adapter.build_instance(version.week_start, previous=[])
    known = {identity_of(i) for i in version.accepted_inconsistencies or []}
    found = [i for i in hard_inconsistencies(doc, adapter.version_allocations(version)) if identity_of(i) not in known]
    if found and not accept:
        raise _refusal(what, found)
    if found:
        _record_acceptance(version, found, user, step)
    return found


# --------------------------------------------------------------------------- versions


def _next_number(week_start: dt.date) -> int:
    last = ScheduleVersion.objects.filter(week_start=week_start).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def do_create_version(
    week_start: dt.date,
    allocations: list[dict[str, Any]],
    *,
    source: str,
    pins: list[dict[str, Any]] = (),
    parent: ScheduleVersion | None = None,
    created_by=None,
    changes: dict[str, Any] | None = None,
    note: str = "",
    provenance: str = "solver",
) -> ScheduleVersion:
    """A new draft version of a week holding the given allocations (format v1 dicts)."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                version = ScheduleVersion.objects.create(
                    week_start=week_start,
                    number=_next_number(week_start),
                    parent=parent,
                    source=source,
                    created_by=created_by,
                    changes=changes,
                    note=note,
                )
                Allocation.objects.bulk_create(
                    adapter.allocations_from_solution(version, allocations, list(pins), default=provenance)
                )
                return version
        except IntegrityError:
            if attempt == 2:
                raise  # two writers raced for the same number three times: give up loudly
    raise AssertionError("unreachable")


def do_approve_version(version: ScheduleVersion, user, *, accept_inconsistencies: bool = False) -> ScheduleVersion:
    """Draft → approved. A what-if's or prompt's changes become the clinic's premissas and pins now;
    what could not be stored is recorded in `version.not_adopted` for the coordinator.

    A version that breaks hard premissas (after adopting its changes) is refused with
    HardInconsistencies — and nothing is adopted — unless `accept_inconsistencies`.
    """
    with transaction.atomic():
        version = ScheduleVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != DRAFT:
            raise InvalidTransition(f"só um rascunho pode ser aprovado; esta versão está {version.get_status_display()}")
        created: list[Pin] = []
        if version.changes and version.source in ("what_if", "prompt"):
            adoption = _adopt_changes(version, user)
            created, version.not_adopted = adoption.pins, adoption.not_adopted
        found = check_acceptance(version, user, accept=accept_inconsistencies, step="approve", what="Esta versão")
        _mark_accepted(created, found, user)
        now = timezone.now()
        # One approved version per week awaits publication; an older one gives way.
        for other in ScheduleVersion.objects.select_for_update().filter(week_start=version.week_start, status=APPROVED):
            other.status, other.superseded_at = SUPERSEDED, now
            other.save()
        version.status, version.approved_by, version.approved_at = APPROVED, user, now
        version.save()
    log.info("version.approved", version_id=version.pk, week_start=str(version.week_start), user_id=getattr(user, "pk", None))
    return version


def do_mark_version_published(version: ScheduleVersion) -> ScheduleVersion:
    """Approved → published; the week's previously published version becomes superseded."""
    with transaction.atomic():
        version = ScheduleVersion.objects.select_for_update().get(pk=version.pk)
        if version.status == PUBLISHED:
            return version  # a retried publish
        if version.status != APPROVED:
            raise InvalidTransition(f"só uma versão aprovada pode ser publicada; esta está {version.get_status_display()}")
        now = timezone.now()
        for other in ScheduleVersion.objects.select_for_update().filter(week_start=version.week_start, status=PUBLISHED):
            other.status, other.superseded_at = SUPERSEDED, now
            other.save()
        version.status, version.published_at = PUBLISHED, now
        version.save()
    log.info("version.published", version_id=version.pk, week_start=str(version.week_start))
    return version


def do_edit_version(
    version: ScheduleVersion, changes_doc: dict[str, Any], user, *, accept_inconsistencies: bool = False
) -> ScheduleVersion:
    """A board edit (move, swap, Saturday entry, pin, unpin): a new draft derived from `version`.

    The edits are stored as Pins so later solves keep them. Raises StaleEdit when `version`
    was already edited by someone else, DocumentError when the changes do not fit, and
    HardInconsistencies when they break hard premissas `version` did not already break —
    unless `accept_inconsistencies`: then the draft and its new pins record the acceptance.
    """
    if not only_allocation_changes(changes_doc):
        raise DocumentError("changes", "uma edição do quadro só pode mover, trocar, fixar ou lançar alocações")
    with transaction.atomic():
        version = ScheduleVersion.objects.select_for_update().get(pk=version.pk)
        # An undone edit (superseded) no longer stands in the way.
        newer = version.children.filter(source="manual").exclude(status=SUPERSEDED).order_by("-number").first()
        if newer is not None:
            raise StaleEdit(newer)
        doc = adapter.build_instance(version.week_start, previous=adapter.version_allocations(version))
        new_doc = apply_changes(doc, changes_doc)
        found = new_hard_inconsistencies(doc, doc["previous"], new_doc, new_doc["previous"])
        if found and not accept_inconsistencies:
            raise _refusal("Esta edição", found)
        created = adapter.sync_pins(doc["pins"], new_doc["pins"], user)
        pin_changes = _pin_changes(doc["pins"], new_doc["pins"])
        _mark_accepted(created, found, user)
        edited = do_create_version(
            version.week_start,
            new_doc["previous"],
            source="manual",
            pins=new_doc["pins"],
            parent=version,
            created_by=user,
            changes=changes_doc,
            provenance=_provenance_of_parent(version),
        )
        edited.pin_changes = pin_changes
        if found:
            _record_acceptance(edited, found, user, "edit")
        edited.save()
    log.info(
        "version.edited", version_id=edited.pk, parent_id=version.pk, changes=len(changes_doc["changes"]), accepted=len(found)
    )
    return edited


def _pin_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    key = lambda p: (p["professional"], p["room"], p["date"], p["start"], p["end"])  # noqa: E731
    old, new = {key(p): p for p in before}, {key(p): p for p in after}
    return {
        "added": [new[k] for k in sorted(new.keys() - old.keys())],
        "removed": [old[k] for k in sorted(old.keys() - new.keys())],
    }


def do_undo_edit(version: ScheduleVersion, user) -> ScheduleVersion:
    """Undo a board edit: the edit's draft is superseded, its pins go back to how they were; returns the parent.

    Only the newest edit of a line can be undone (a draft with edits on top of it cannot), and only while it is
    a draft: an approved or published version never changes.
    """
    with transaction.atomic():
        version = ScheduleVersion.objects.select_for_update().get(pk=version.pk)
        if version.source != "manual" or version.parent_id is None:
            raise InvalidTransition("só uma edição do quadro pode ser desfeita")
        if version.status != DRAFT:
            raise InvalidTransition(f"esta versão está {version.get_status_display()} e não pode ser desfeita")
        if version.children.exclude(status=SUPERSEDED).exists():
            raise InvalidTransition("há edições feitas depois desta; desfaça a mais recente primeiro")
        changes = version.pin_changes or {}
        # The reverse of the edit: what it added goes, what it removed comes back.
        adapter.sync_pins(changes.get("added", []), changes.get("removed", []), user)
        version.status, version.superseded_at = SUPERSEDED, timezone.now()
        version.save()
        parent = version.parent
    log.info("version.edit_undone", version_id=version.pk, parent_id=parent.pk, user_id=getattr(user, "pk", None))
    return parent


def _provenance_of_parent(version: ScheduleVersion) -> str:
    return {"solver": "solver", "what_if": "solver", "prompt": "prompt"}.get(version.source, "manual")


def _mark_accepted(pins: list[Pin], found: list[dict[str, Any]], user) -> None:
    """The new pins an accepted inconsistency concerns become accepted pins (they then win over it)."""
    if not found:
        return
    now = timezone.now()
    for pin in pins:
        if any(_concerns(i, pin) for i in found):
            pin.accepted, pin.accepted_by, pin.accepted_at = True, user, now
            pin.save(update_fields=["accepted", "accepted_by", "accepted_at"])


def _concerns(found: dict[str, Any], pin: Pin) -> bool:
    prof, room = pin.professional.code, pin.room.code
    if found.get("professional") not in (None, prof):
        return False
    if found.get("professional") is None and found.get("room") not in (None, room):
        return False
    if found.get("date") not in (None, str(pin.date)):
        return False
    if found.get("start") is None:
        return True
    return found["start"] < pin.end and pin.start < found["end"]


def do_adopt_changes(version: ScheduleVersion, user) -> list[str]:
    """Store a scenario's changes in the database; returns what could not be stored (pt-BR)."""
    return _adopt_changes(version, user).not_adopted


def _adopt_changes(version: ScheduleVersion, user) -> adapter.Adoption:
    """The changes language has one interpreter, `solver.changes`: approval applies the scenario to
    today's data for the week and stores the difference, so it keeps exactly what the what-if solved."""
    base = version.parent
    before = adapter.build_instance(version.week_start, previous=adapter.version_allocations(base) if base else [])
    after, refused = apply_what_fits(before, version.changes)
    adoption = adapter.store_changes(before, after, user)
    kinds = [c["kind"] for c in version.changes.get("changes", [])]
    adoption.not_adopted[:0] = [
        f"Mudança {i + 1} ({KIND_LABELS[kinds[i]]}) não gravada: {exc.message}" for i, exc in refused
    ]
    log.info("changes.adopted", version_id=version.pk, changes=len(kinds), stored=adoption.stored,
             not_adopted=len(adoption.not_adopted))  # fmt: skip
    return adoption


# --------------------------------------------------------------------------- solve runs


def do_start_solve(
    kind: str,
    week_start: dt.date,
    *,
    base_version: ScheduleVersion | None = None,
    changes: dict[str, Any] | None = None,
    user=None,
    time_limit: float | None = None,
    seed: int = 0,
    dedupe_key: str | None = None,
    enqueue: bool = True,
) -> SolveRun:
    """Snapshot the week's instance (with the scenario's changes) into a queued run and enqueue it.

    The snapshot is taken now, so a what-if solves exactly what the coordinator asked even if
    the premissas change while it waits. Raises DocumentError when the changes do not fit.
    """
    previous = adapter.version_allocations(base_version) if base_version else None
    doc = adapter.build_instance(week_start, previous=previous)
    minimal_change = True
    if changes:
        doc = apply_changes(doc, changes)
        directive = resolve_directive(changes)
        minimal_change = directive["minimal_change"] if directive else True
    parse_instance(doc)
    with transaction.atomic():
        run = SolveRun.objects.create(
            kind=kind,
            week_start=week_start,
            base_version=base_version,
            changes=changes,
            instance=doc,
            parameters={
                "time_limit": float(time_limit or settings.SOLVE_TIME_LIMIT),
                "workers": settings.SOLVE_WORKERS,
                "seed": seed,
                "minimal_change": minimal_change,
                # Only when the re-solve asks for a cap (the strict freeze is 0).
                **{k: v for k, v in (resolve_directive(changes or {}) or {}).items() if k == "max_changed_minutes"},
            },
            created_by=user,
            dedupe_key=dedupe_key,
        )
        if enqueue:
            transaction.on_commit(lambda: enqueue_solve(run.pk, kind))
    log.info("solve_run.queued", run_id=run.pk, kind=kind, week_start=str(week_start))
    return run


# Queues by urgency (settings.CELERY_TASK_QUEUES): what a coordinator waits for never waits behind the week.
QUEUE_OF_RUN_KIND = {"what_if": "interactive", "prompt": "interactive", "weekly": "batch"}
QUEUE_DOWN = (
    "A fila de execuções (Redis) não está respondendo, então o cálculo não foi iniciado. "
    "Tente de novo em alguns instantes; se continuar, avise o responsável pelo servidor."
)


class QueueUnavailable(Exception):
    """The broker (Redis) refused the job; the run was marked failed so nothing waits for it (pt-BR message)."""


def enqueue_solve(run_id: int, kind: str | None = None) -> None:
    from kombu.exceptions import OperationalError

    from webapp.schedules.tasks import run_solve

    if run_solve.app.conf.task_always_eager and settings.JOBS_IN_BACKGROUND_THREAD:
        # The embedded default has no worker: solve beside the web server so progress is watchable.
        def solve_in_thread() -> None:
            try:
                run_solve.apply((run_id,))
            finally:
                connections.close_all()  # this thread's own connections

        threading.Thread(target=solve_in_thread, daemon=True, name=f"solve-{run_id}").start()
        return
    kind = kind or SolveRun.objects.filter(pk=run_id).values_list("kind", flat=True).first()
    try:
        result = run_solve.apply_async((run_id,), queue=QUEUE_OF_RUN_KIND.get(kind, "interactive"))
    except OperationalError as exc:
        with transaction.atomic():
            run = SolveRun.objects.select_for_update().get(pk=run_id)
            if run.status == SolveRun.QUEUED:
                run.status, run.error, run.finished_at = SolveRun.FAILED, QUEUE_DOWN, timezone.now()
                run.save(update_fields=["status", "error", "finished_at"])
        log.error("solve_run.enqueue_failed", run_id=run_id, kind=kind, error=str(exc))
        raise QueueUnavailable(QUEUE_DOWN) from exc
    SolveRun.objects.filter(pk=run_id, task_id="").update(task_id=result.id or "")


def do_run_solve(run_id: int) -> SolveRun | None:
    """The body of the solve task: idempotent, and a failure never leaves a partial version."""
    bound_log = log.bind(run_id=run_id)
    with transaction.atomic():
        run = SolveRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            bound_log.warning("solve_run.missing")
            return None
        if run.status in (SolveRun.DONE, SolveRun.FAILED):
            bound_log.info("solve_run.already_finished", status=run.status)
            return run
        if run.status == SolveRun.RUNNING:
            if not _past_its_time(run, timezone.now()):
                # A duplicate delivery while another worker solves it: that worker stores the result (and
                # the reaper fails the run if that worker dies). Never solved twice.
                bound_log.info("solve_run.already_running", started_at=run.started_at.isoformat())
                return run
            # Delivered again long after it started: the worker that had it died mid-solve.
            _fail(run, "a execução foi interrompida (o processo que a executava parou)")
            bound_log.warning("solve_run.interrupted")
            return run
        run.status, run.started_at = SolveRun.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])

    params = run.parameters
    started = time.monotonic()
    bound_log.info("solve_run.started", kind=run.kind, week_start=str(run.week_start), time_limit=params.get("time_limit"))
    try:
        solution = adapter.solve(
            run.instance,
            time_limit=params.get("time_limit", settings.SOLVE_TIME_LIMIT),
            workers=params.get("workers", settings.SOLVE_WORKERS),
            seed=params.get("seed", 0),
            progress=lambda elapsed, objective, bound: publish_progress(run_id, elapsed, objective, bound),
            # Looked at by the engine on this thread a few times a second; the flag is in the
            # cache because the stop request arrives on a web process, not this worker.
            stop=lambda: stop_requested(run_id),
            minimal_change=bool(params.get("minimal_change", False)),
            max_changed_minutes=params.get("max_changed_minutes"),
            deterministic_time=params.get("deterministic_time"),  # a reproducible run (replay_run compares)
        )
        allocations = solution.get("allocations") or []
        if solution.get("status") in SOLUTION_STATUSES_WITH_ALLOCATIONS:
            broken = [i for i in adapter.check_document(run.instance, allocations) if i.get("severity") == "hard"]
            if broken:
                raise RuntimeError(
                    "a solução do solver quebra premissas: " + "; ".join(i["message"] for i in broken[:5])
                )
        run, stored = _store_solution(run_id, solution, allocations, bound_log)
        if not stored:
            return run
    except Exception as exc:  # noqa: BLE001 — any failure is the run's, recorded for the coordinator
        with transaction.atomic():
            run = SolveRun.objects.select_for_update().get(pk=run_id)
            if run.status == SolveRun.RUNNING:
                _fail(run, f"{type(exc).__name__}: {exc}")
        bound_log.exception("solve_run.failed", seconds=round(time.monotonic() - started, 3))
        return run
    bound_log.info(
        "solve_run.finished",
        seconds=round(time.monotonic() - started, 3),
        solver_status=run.solver_status,
        objective=run.objective,
        allocations=len(allocations),
        version_id=run.version_id,
    )
    return run


def _store_solution(run_id: int, solution: dict[str, Any], allocations: list[dict[str, Any]], bound_log):
    """Store a finished solve as the run's version: (run, stored). The solution lives only in this worker's
    memory, so a lost database connection (PostgreSQL restarted during the solve) is retried on a new one."""
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                run = SolveRun.objects.select_for_update().get(pk=run_id)
                if run.status != SolveRun.RUNNING:
                    bound_log.warning("solve_run.reaped_before_storing", status=run.status)
                    return run, False
                if solution.get("status") in SOLUTION_STATUSES_WITH_ALLOCATIONS:
                    run.version = do_create_version(
                        run.week_start,
                        allocations,
                        source=VERSION_SOURCE_OF_RUN[run.kind],
                        pins=run.instance.get("pins", []),
                        parent=run.base_version or adapter.published_version(run.week_start),
                        created_by=run.created_by,
                        changes=run.changes,
                    )
                run.status = SolveRun.DONE
                run.solver_status = solution.get("status", "")
                run.objective, run.bound, run.gap = solution.get("objective"), solution.get("bound"), solution.get("gap")
                run.terms = solution.get("terms")
                run.conflicts = solution.get("conflicts") or []
                run.stats = solution.get("stats") or {}
                run.progress = read_progress(run_id) or {}
                run.finished_at = timezone.now()
                run.save()
            return run, True
        except (OperationalError, InterfaceError) as exc:
            if attempt == STORE_ATTEMPTS:
                raise
            bound_log.warning("solve_run.store_retried", attempt=attempt, error=str(exc))
            connections["default"].close()  # the next query opens a new connection
            time.sleep(attempt)
    raise AssertionError("unreachable")


class RunNotRunning(Exception):
    """Only a running solve can be stopped."""


def do_request_stop(run: SolveRun) -> None:
    """Ask a running solve to stop: the engine returns its best schedule so far, which is
    stored as the run's version as usual (the run ends done, `stats.stopped` true)."""
    if run.status != SolveRun.RUNNING:
        raise RunNotRunning(run.status)
    request_stop(run.pk)
    log.info("solve_run.stop_requested", run_id=run.pk)


def _fail(run: SolveRun, error: str) -> None:
    run.status, run.error, run.finished_at = SolveRun.FAILED, error, timezone.now()
    run.progress = read_progress(run.pk) or run.progress
    run.save()


def _past_its_time(run: SolveRun, now: dt.datetime) -> bool:
    """A running run this long after its time limit (plus STALE_RUN_GRACE_SECONDS) lost its worker."""
    if run.started_at is None:
        return True
    limit = float(run.parameters.get("time_limit", settings.SOLVE_TIME_LIMIT))
    return run.started_at + dt.timedelta(seconds=limit + settings.STALE_RUN_GRACE_SECONDS) < now


def do_fail_stale_runs(now: dt.datetime | None = None) -> int:
    """Fail runs still "running" well past their time limit: their worker is gone."""
    now = now or timezone.now()
    failed = 0
    for run in SolveRun.objects.filter(status=SolveRun.RUNNING, started_at__isnull=False):
        if _past_its_time(run, now):
            with transaction.atomic():
                locked = SolveRun.objects.select_for_update().get(pk=run.pk)
                if locked.status == SolveRun.RUNNING:
                    _fail(locked, "a execução foi interrompida (o processo que a executava parou)")
                    failed += 1
                    log.warning("solve_run.reaped", run_id=run.pk)
    return failed


def next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


def do_generate_week(week_start: dt.date | None = None) -> SolveRun:
    """The weekly job: solve next week into a draft, once per week (a re-delivery does nothing)."""
    week_start = week_start or next_monday(timezone.localdate())
    key = f"weekly:{week_start.isoformat()}"
    existing = SolveRun.objects.filter(dedupe_key=key).first()
    if existing is not None and existing.status != SolveRun.FAILED:
        log.info("generate_week.already_done", run_id=existing.pk, week_start=str(week_start))
        if existing.status == SolveRun.QUEUED:
            return do_run_solve(existing.pk)
        return existing
    if existing is not None:
        SolveRun.objects.filter(pk=existing.pk).update(dedupe_key=None)  # a failed week may be retried
    try:
        run = do_start_solve("weekly", week_start, dedupe_key=key, enqueue=False)
    except IntegrityError:
        return SolveRun.objects.get(dedupe_key=key)
    return do_run_solve(run.pk)


def next_working_day(today: dt.date) -> dt.date:
    day = today + dt.timedelta(days=1)
    while day.weekday() == 6:  # the clinic never opens on Sundays
        day += dt.timedelta(days=1)
    return day


def do_confirm_day(day: dt.date | None = None) -> DailyConfirmation:
    """Re-check a day of the published version against every premissa and record what breaks."""
    day = day or next_working_day(timezone.localdate())
    week_start = day - dt.timedelta(days=day.weekday())
    version = adapter.published_version(week_start)
    inconsistencies: list[dict[str, Any]] = []
    count = 0
    if version is not None:
        allocations = adapter.version_allocations(version)
        count = sum(1 for a in allocations if a["date"] == day.isoformat())
        doc = adapter.build_instance(week_start, previous=allocations)
        inconsistencies = [
            i for i in adapter.check_document(doc, allocations) if i.get("date") in (None, day.isoformat())
        ]
    note = "nenhuma versão publicada para esta semana"
    if version is not None:
        drift, note = _read_back_google(version, day)
        inconsistencies += drift
    confirmation, _ = DailyConfirmation.objects.update_or_create(
        date=day,
        defaults={
            "version": version,
            "inconsistencies": inconsistencies,
            "allocation_count": count,
            "note": note,
        },
    )
    log.info("confirm_day.done", date=str(day), version_id=getattr(version, "pk", None), allocations=count, inconsistencies=len(inconsistencies))
    return confirmation


def _read_back_google(version: ScheduleVersion, day: dt.date) -> tuple[list[dict[str, Any]], str]:
    """Google's copy of the day against the version (webapp.gcal, when installed): drift findings and a note."""
    from django.apps import apps

    if not apps.is_installed("webapp.gcal"):
        return [], ""
    from webapp.gcal.actions import read_back_day

    return read_back_day(version, day)
