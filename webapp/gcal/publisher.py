"""Publishing a version: read our events back from Google, plan the fewest writes, carry them out.

The plan is always computed from Google's current state (our tagged events, cancelled ones included)
against the desired events, and event ids are deterministic, so a publish that crashed half-way is
finished by simply publishing again: nothing is duplicated and the end state is exactly the desired one.
Only events tagged ``source=agendador`` are ever patched or deleted.
"""
from __future__ import annotations

import copy
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import structlog

from webapp.gcal.config import GoogleConfig
from webapp.gcal.events import SOURCE_FILTER, changed_fields, describe, is_ours
from webapp.gcal.transport import Call, Failure, Transport, TransportOptions, TransportStats

log = structlog.get_logger(__name__)

Events = dict[str, dict[str, dict[str, Any]]]  # calendar id -> event id -> event


@dataclass(frozen=True)
class Write:
    kind: str  # "insert", "patch" or "delete"
    calendar_id: str
    event_id: str
    body: dict[str, Any] | None = None


@dataclass
class Plan:
    inserts: list[Write] = field(default_factory=list)
    patches: list[Write] = field(default_factory=list)
    deletes: list[Write] = field(default_factory=list)
    live: int = 0  # our confirmed events in Google before the publish

    @property
    def writes(self) -> list[Write]:
        # Patches and inserts before deletes: a crash leaves an extra event rather than a missing one.
        return [*self.patches, *self.inserts, *self.deletes]

    def __len__(self) -> int:
        return len(self.inserts) + len(self.patches) + len(self.deletes)


def plan_publish(desired: Mapping[str, Mapping[str, dict[str, Any]]],
                 current: Mapping[str, Mapping[str, dict[str, Any]]]) -> Plan:
    """The fewest writes turning ``current`` (our events in Google) into ``desired``.

    An unchanged event writes nothing; a changed or cancelled one is patched (back to confirmed);
    a missing one is inserted; one of ours that is no longer desired is deleted. Events in ``current``
    that are not tagged as ours are ignored.
    """
    plan = Plan()
    for calendar_id in sorted(set(desired) | set(current)):
        wanted = desired.get(calendar_id, {})
        present = {eid: ev for eid, ev in current.get(calendar_id, {}).items() if is_ours(ev)}
        plan.live += sum(1 for ev in present.values() if ev.get("status") != "cancelled")
        for event_id, body in wanted.items():
            existing = present.get(event_id)
            if existing is None:
                plan.inserts.append(Write("insert", calendar_id, event_id, body))
            elif changed_fields(body, existing):
                plan.patches.append(Write("patch", calendar_id, event_id, patch_body(body)))
        for event_id, event in present.items():
            if event_id not in wanted and event.get("status") != "cancelled":
                plan.deletes.append(Write("delete", calendar_id, event_id))
    return plan


def patch_body(body: dict[str, Any]) -> dict[str, Any]:
    patch = {k: copy.deepcopy(v) for k, v in body.items() if k != "id"}
    patch["status"] = "confirmed"
    return patch


# --- the deletion limit ------------------------------------------------------------------------

class DeletionLimitExceeded(Exception):
    """The publish would delete more events than allowed; nothing was written."""

    def __init__(self, deletes: int, live: int, max_count: int | None, max_share: float | None):
        self.deletes, self.live, self.max_count, self.max_share = deletes, live, max_count, max_share
        limits = []
        if max_count is not None:
            limits.append(f"{max_count} eventos")
        if max_share is not None:
            limits.append(f"{max_share:.0%} dos {live} eventos publicados")
        super().__init__(
            f"A publicação apagaria {deletes} eventos do Google Agenda (limite: {' ou '.join(limits)}). "
            f"Nada foi alterado. Confira a versão e confirme as exclusões para publicar.")


@dataclass(frozen=True)
class DeletionLimit:
    max_count: int | None = 50
    max_share: float | None = 0.2  # of our live events in the publish's scope

    def check(self, plan: Plan, *, confirmed: bool) -> None:
        deletes = len(plan.deletes)
        if confirmed or deletes == 0:
            return
        over_count = self.max_count is not None and deletes > self.max_count
        over_share = self.max_share is not None and deletes > self.max_share * plan.live
        if over_count or over_share:
            raise DeletionLimitExceeded(deletes, plan.live, self.max_count, self.max_share)


# --- results -------------------------------------------------------------------------------------

@dataclass
class CallError:
    calendar_id: str
    event_id: str | None
    operation: str
    status: int | None
    reason: str
    message: str  # pt-BR, for the coordinator


@dataclass
class PublishResult:
    inserts: int = 0
    patches: int = 0
    deletes: int = 0
    conflicts: int = 0  # inserts answered 409 and turned into patches
    retries: int = 0
    http_requests: int = 0
    write_requests: int = 0
    list_calls: int = 0
    errors: list[CallError] = field(default_factory=list)
    duration_seconds: float = 0.0
    planned: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def writes(self) -> int:
        return self.inserts + self.patches + self.deletes

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data


_COUNTER = {"insert": "inserts", "patch": "patches", "delete": "deletes"}
_OPERATION = {"insert": "criar", "patch": "atualizar", "delete": "apagar", "get": "consultar", "list": "ler"}


def call_error(call: Call, failure: Failure, event_id: str | None = None) -> CallError:
    verb = _OPERATION.get(call.method, call.method)
    what = f"o evento {event_id}" if event_id else "os eventos"
    if failure.status is None:
        detail = "falha de conexão"
    else:
        detail = f"HTTP {failure.status}" + (f" {failure.reason}" if failure.reason else "")
    tries = f" após {call.attempt} tentativas" if failure.transient else ""
    message = f"Não foi possível {verb} {what} na agenda {call.calendar_id}{tries} ({detail}: {failure.message})."
    return CallError(call.calendar_id, event_id, call.method, failure.status, failure.reason, message)


# --- reading and writing -----------------------------------------------------------------------

def transport_options(config: GoogleConfig) -> TransportOptions:
    return TransportOptions(
        batch_size=config.batch_size, requests_per_second=config.requests_per_second,
        requests_per_user_per_second=config.requests_per_user_per_second,
        writes_per_calendar_per_second=config.writes_per_calendar_per_second, max_attempts=config.max_attempts,
        backoff_base_seconds=config.backoff_base_seconds, backoff_max_seconds=config.backoff_max_seconds)


def deletion_limit(config: GoogleConfig) -> DeletionLimit:
    return DeletionLimit(config.max_deletes, config.max_delete_share)


def list_calls(calendar_ids: Iterable[str], params: dict[str, Any], context: Any = None) -> list[Call]:
    return [Call(cal, "list", {**params, "maxResults": 2500}, context) for cal in calendar_ids]


def fetch_events(transport: Transport, calendar_ids: Iterable[str], params: dict[str, Any]
                 ) -> tuple[Events, list[CallError]]:
    """Every page of ``events.list(**params)`` for each calendar, batched across calendars.

    A calendar that could not be read is left out of the result and has an error instead.
    """
    found: Events = {}
    errors: list[CallError] = []
    failed: set[str] = set()

    def handle(call: Call, response: Any, failure: Failure | None) -> list[Call]:
        if failure is not None:
            failed.add(call.calendar_id)
            errors.append(call_error(call, failure))
            return []
        page = found.setdefault(call.calendar_id, {})
        for item in response.get("items", []):
            page[item["id"]] = item
        if response.get("nextPageToken"):
            return [Call(call.calendar_id, "list", {**call.params, "pageToken": response["nextPageToken"]})]
        return []

    transport.run(list_calls(calendar_ids, params), handle)
    return {cal: evs for cal, evs in found.items() if cal not in failed}, errors


def fetch_current(transport: Transport, calendar_ids: Iterable[str], time_min: str, time_max: str
                  ) -> tuple[Events, list[CallError]]:
    """Our events (cancelled ones too) in [time_min, time_max) of each calendar."""
    return fetch_events(transport, calendar_ids, {
        "privateExtendedProperty": [SOURCE_FILTER], "showDeleted": True, "timeMin": time_min, "timeMax": time_max})


def execute_plan(transport: Transport, plan: Plan, result: PublishResult) -> None:
    """Carry out the writes; an insert answered 409 is looked up and, if it is ours, patched back."""

    def handle(call: Call, response: Any, failure: Failure | None) -> list[Call]:
        write: Write = call.context
        if call.method == "get":  # after a 409: is the holder of our id one of ours?
            if failure is not None:
                result.errors.append(call_error(call, failure, write.event_id))
                return []
            if is_ours(response) or response.get("status") == "cancelled":
                result.conflicts += 1
                return [Call(write.calendar_id, "patch", {"eventId": write.event_id, "body": patch_body(write.body),
                                                          "sendUpdates": "none"}, write)]
            result.errors.append(CallError(
                write.calendar_id, write.event_id, "insert", 409, "duplicate",
                f"O id {write.event_id} já pertence a um evento que não é do Agendador na agenda "
                f"{write.calendar_id} ({describe(response)}); ele não foi alterado."))
            return []
        if failure is None:
            counter = _COUNTER[call.method]
            setattr(result, counter, getattr(result, counter) + 1)
            return []
        if call.method == "insert" and failure.status == 409:
            return [Call(write.calendar_id, "get", {"eventId": write.event_id}, write)]
        if call.method == "delete" and failure.status in (404, 410):  # already gone: what we wanted
            result.deletes += 1
            return []
        result.errors.append(call_error(call, failure, write.event_id))
        return []

    calls = []
    for write in plan.writes:
        if write.kind == "insert":
            params = {"body": write.body, "sendUpdates": "none"}
        elif write.kind == "patch":
            params = {"eventId": write.event_id, "body": write.body, "sendUpdates": "none"}
        else:
            params = {"eventId": write.event_id, "sendUpdates": "none"}
        calls.append(Call(write.calendar_id, write.kind, params, write))
    transport.run(calls, handle)


def publish(access: Any, desired: Mapping[str, Mapping[str, dict[str, Any]]], *, time_min: str, time_max: str,
            calendars: Iterable[str] = (), options: TransportOptions = TransportOptions(),
            limit: DeletionLimit = DeletionLimit(), confirm_deletes: bool = False,
            clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
            rng: random.Random | None = None,
            after_request: Callable[[TransportStats], None] | None = None) -> PublishResult:
    """Make our events in [time_min, time_max) of each calendar exactly ``desired``.

    ``calendars`` adds calendars that should end up with none of our events in the window (a
    professional who left the version). Raises :class:`DeletionLimitExceeded` before writing anything
    when the plan deletes too much and ``confirm_deletes`` is false.
    """
    started = time.perf_counter()
    transport = Transport(access, options, clock=clock, sleep=sleep, rng=rng, after_request=after_request)
    calendar_ids = sorted(set(desired) | set(calendars))
    current, errors = fetch_current(transport, calendar_ids, time_min, time_max)
    result = PublishResult(errors=errors, list_calls=transport.stats.calls)
    # A calendar we could not read gets no writes: we cannot tell what is already there.
    plan = plan_publish({cal: evs for cal, evs in desired.items() if cal in current}, current)
    limit.check(plan, confirmed=confirm_deletes)
    result.planned = len(plan)
    log.info("gcal.publish.plan", calendars=len(calendar_ids), inserts=len(plan.inserts),
             patches=len(plan.patches), deletes=len(plan.deletes), unreadable=len(errors))
    execute_plan(transport, plan, result)
    result.retries = transport.stats.retries
    result.http_requests = transport.stats.http_requests
    result.write_requests = transport.stats.write_requests
    result.duration_seconds = time.perf_counter() - started
    log.info("gcal.publish.done", inserts=result.inserts, patches=result.patches, deletes=result.deletes,
             conflicts=result.conflicts, retries=result.retries, errors=len(result.errors),
             http_requests=result.http_requests, seconds=round(result.duration_seconds, 3))
    return result
