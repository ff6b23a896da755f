"""The daily read-back: compare one day of each professional's Google calendar with the published version.

Findings (nothing is ever overwritten here):
- one of our events edited, moved or deleted in Google, or missing, and one of ours that the version
  does not have ("unexpected") -> action "republish";
- a professional's own event overlapping one of their allocations -> "conflito com a agenda pessoal",
  action "review" (republishing would not fix it; their event is never touched).

Reading: one ``events.list`` per calendar for the day, batched across calendars, not filtered by
``privateExtendedProperty`` because the conflicts need the professional's own events too; ours are told
apart by their tag. An intended event not found in the day is fetched by id (moved to another day?).

Incremental: with a :class:`SyncState` per calendar (kept by the caller, e.g. for the published week),
each run asks only for what changed since the last one (``syncToken``); a 410 means a full resync.
The state keeps only what the comparison needs; of the professional's own events, only their times.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from webapp.gcal.events import ZONE, changed_fields, describe, instant, is_ours, window
from webapp.gcal.publisher import CallError, Events, call_error, fetch_events
from webapp.gcal.transport import Call, Failure, Transport, TransportOptions

REPUBLISH = "republish"
REVIEW = "review"
CONFLICT_MESSAGE = "conflito com a agenda pessoal"
FIELD_NAMES = {"summary": "título", "location": "local", "description": "descrição", "status": "situação",
               "transparency": "disponibilidade", "extendedProperties": "marcação do Agendador"}
OURS_KEPT = ("id", "status", "summary", "location", "description", "transparency", "start", "end",
             "extendedProperties")
FOREIGN_KEPT = ("id", "status", "transparency", "start", "end")


@dataclass(frozen=True)
class DriftFinding:
    kind: str  # "edited", "moved", "deleted", "missing", "unexpected" or "conflict"
    calendar_id: str
    event_id: str
    premissa: str  # "google:<calendar>:<event id>"
    message: str  # pt-BR
    action: str  # "republish" or "review"
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _finding(kind: str, calendar_id: str, event_id: str, message: str, action: str = REPUBLISH,
             **details: Any) -> DriftFinding:
    return DriftFinding(kind, calendar_id, event_id, f"google:{calendar_id}:{event_id}", message, action, details)


def _interval(event: Mapping[str, Any]) -> tuple[dt.datetime, dt.datetime] | None:
    start, end = instant(event.get("start")), instant(event.get("end"))
    return (start, end) if start and end else None


def _overlaps(a: tuple[dt.datetime, dt.datetime] | None, b: tuple[dt.datetime, dt.datetime] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _blocks_time(event: Mapping[str, Any]) -> bool:
    """Whether a professional's own event makes them busy: not free, not cancelled; all-day only if marked busy."""
    if event.get("status") == "cancelled" or event.get("transparency") == "transparent":
        return False
    all_day = "date" in (event.get("start") or {}) and "dateTime" not in (event.get("start") or {})
    return not all_day or event.get("transparency") == "opaque"


def _hours(interval: tuple[dt.datetime, dt.datetime]) -> str:
    start, end = (point.astimezone(ZONE) for point in interval)
    return f"{start:%d/%m} {start:%H:%M}–{end:%H:%M}"


def compare_day(intended: Mapping[str, Mapping[str, dict[str, Any]]],
                observed: Mapping[str, Mapping[str, dict[str, Any]]], *, time_min: str, time_max: str
                ) -> list[DriftFinding]:
    """Findings for the window [time_min, time_max): ``intended`` is the published version's events of
    the day (calendar -> id -> body), ``observed`` what Google has (any events, ours or not)."""
    day = (dt.datetime.fromisoformat(time_min), dt.datetime.fromisoformat(time_max))
    findings: list[DriftFinding] = []
    for calendar_id in sorted(set(intended) | set(observed)):
        wanted = intended.get(calendar_id, {})
        seen = observed.get(calendar_id, {})
        for event_id, body in sorted(wanted.items(), key=lambda kv: (_interval(kv[1]) or day)[0]):
            event = seen.get(event_id)
            label = describe(body)
            if event is None:
                findings.append(_finding("missing", calendar_id, event_id,
                                         f"{label}: o evento não está no Google Agenda."))
            elif event.get("status") == "cancelled":
                findings.append(_finding("deleted", calendar_id, event_id,
                                         f"{label}: o evento foi apagado no Google Agenda."))
            else:
                changed = changed_fields(body, event)
                if "time" in changed:
                    moved_to = _interval(event)
                    findings.append(_finding(
                        "moved", calendar_id, event_id,
                        f"{label}: o evento foi movido no Google Agenda para {_hours(moved_to) if moved_to else '?'}.",
                        changed=changed))
                elif changed:
                    names = ", ".join(FIELD_NAMES.get(name, name) for name in changed)
                    findings.append(_finding("edited", calendar_id, event_id,
                                             f"{label}: o evento foi editado no Google Agenda ({names}).",
                                             changed=changed))
        for event_id, event in sorted(seen.items()):
            if not is_ours(event) or event_id in wanted or event.get("status") == "cancelled":
                continue
            if _overlaps(_interval(event), day):
                findings.append(_finding("unexpected", calendar_id, event_id,
                                         f"{describe(event)}: evento do Agendador que a versão publicada não tem."))
        for event_id, event in sorted(seen.items()):
            if is_ours(event) or not _blocks_time(event):
                continue
            theirs = _interval(event)
            for body in wanted.values():
                if _overlaps(theirs, _interval(body)):
                    findings.append(_finding(
                        "conflict", calendar_id, event_id,
                        f"{describe(body)}: {CONFLICT_MESSAGE} (compromisso pessoal {_hours(theirs)}).",
                        REVIEW, allocation_event=body["id"]))
    return findings


# --- incremental sync state --------------------------------------------------------------------

@dataclass
class SyncState:
    """What one calendar looked like at the last read, and the token to ask for changes since."""

    calendar_id: str
    time_min: str
    time_max: str
    token: str | None
    events: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SyncState:
        return cls(data["calendar_id"], data["time_min"], data["time_max"], data.get("token"),
                   dict(data.get("events") or {}))

    def apply(self, items: Iterable[dict[str, Any]]) -> None:
        span = (dt.datetime.fromisoformat(self.time_min), dt.datetime.fromisoformat(self.time_max))
        for item in items:
            known = self.events.get(item["id"])
            if item.get("status") == "cancelled" and not _interval(item):
                # Google may send only id and status for a deleted event.
                if known is not None and is_ours(known):
                    known["status"] = "cancelled"
                else:
                    self.events.pop(item["id"], None)
                continue
            if is_ours(item):
                self.events[item["id"]] = {k: item[k] for k in OURS_KEPT if k in item}
            elif _overlaps(_interval(item), span) and item.get("status") != "cancelled":
                self.events[item["id"]] = {k: item[k] for k in FOREIGN_KEPT if k in item}
            else:
                self.events.pop(item["id"], None)


@dataclass
class ConfirmResult:
    findings: list[DriftFinding]
    states: dict[str, SyncState]
    errors: list[CallError]
    http_requests: int
    full_syncs: int = 0  # calendars read in full (no state, or 410)
    incremental_syncs: int = 0


def _sync(transport: Transport, calendar_ids: list[str], states: Mapping[str, SyncState],
          time_min: str, time_max: str) -> tuple[dict[str, SyncState], list[CallError], int, int]:
    full_params = {"timeMin": time_min, "timeMax": time_max, "showDeleted": True, "singleEvents": True}
    fresh: dict[str, SyncState] = {}
    pending: dict[str, list[dict[str, Any]]] = {}
    errors: list[CallError] = []
    counts = {"full": 0, "incremental": 0}
    calls = []
    for cal in calendar_ids:
        state = states.get(cal)
        if state is not None and state.token and (state.time_min, state.time_max) == (time_min, time_max):
            fresh[cal] = SyncState(cal, time_min, time_max, state.token, {k: dict(v) for k, v in state.events.items()})
            calls.append(Call(cal, "list", {"syncToken": state.token, "singleEvents": True, "maxResults": 2500},
                              "incremental"))
            counts["incremental"] += 1
        else:
            fresh[cal] = SyncState(cal, time_min, time_max, None)
            calls.append(Call(cal, "list", {**full_params, "maxResults": 2500}, "full"))
            counts["full"] += 1

    def handle(call: Call, response: Any, failure: Failure | None) -> list[Call]:
        cal = call.calendar_id
        if failure is not None:
            if failure.status == 410 and call.context == "incremental":
                fresh[cal] = SyncState(cal, time_min, time_max, None)
                pending.pop(cal, None)
                counts["full"] += 1
                counts["incremental"] -= 1
                return [Call(cal, "list", {**full_params, "maxResults": 2500}, "full")]
            errors.append(call_error(call, failure))
            fresh.pop(cal, None)
            return []
        pending.setdefault(cal, []).extend(response.get("items", []))
        if response.get("nextPageToken"):
            return [Call(cal, "list", {**call.params, "pageToken": response["nextPageToken"]}, call.context)]
        fresh[cal].apply(pending.pop(cal, []))
        fresh[cal].token = response.get("nextSyncToken")
        return []

    transport.run(calls, handle)
    return fresh, errors, counts["full"], counts["incremental"]


def _fetch_by_id(transport: Transport, wanted: Mapping[str, Iterable[str]], observed: Events) -> list[CallError]:
    """Look up intended events that the day's listing did not show (moved away, or gone)."""
    errors: list[CallError] = []

    def handle(call: Call, response: Any, failure: Failure | None) -> list[Call]:
        if failure is None:
            observed.setdefault(call.calendar_id, {})[response["id"]] = response
        elif failure.status not in (404, 410):
            errors.append(call_error(call, failure, call.params["eventId"]))
        return []

    transport.run([Call(cal, "get", {"eventId": eid}) for cal, ids in wanted.items() for eid in ids], handle)
    return errors


def confirm_day(access: Any, intended: Mapping[str, Mapping[str, dict[str, Any]]], day: dt.date, *,
                calendars: Iterable[str] = (), states: Mapping[str, SyncState] | None = None,
                sync_window: tuple[str, str] | None = None, options: TransportOptions = TransportOptions(),
                clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
                ) -> ConfirmResult:
    """Compare ``day`` in Google with ``intended`` (the published version's events of that day).

    Without ``states`` each calendar's day is listed in full. With ``states`` (possibly empty) each
    calendar is synced over ``sync_window`` (default: the week of ``day``), incrementally when its
    state allows; the returned states are to be kept for the next run.
    """
    transport = Transport(access, options, clock=clock, sleep=sleep)
    time_min, time_max = window(day)
    calendar_ids = sorted(set(intended) | set(calendars))
    errors: list[CallError]
    new_states: dict[str, SyncState] = {}
    full = incremental = 0
    if states is None:
        observed, errors = fetch_events(transport, calendar_ids, {
            "timeMin": time_min, "timeMax": time_max, "showDeleted": True, "singleEvents": True})
        full = len(calendar_ids)
    else:
        monday = day - dt.timedelta(days=day.weekday())
        sync_min, sync_max = sync_window or window(monday, 7)
        new_states, errors, full, incremental = _sync(transport, calendar_ids, states, sync_min, sync_max)
        observed = {cal: {k: dict(v) for k, v in state.events.items()} for cal, state in new_states.items()}
    unreadable = {error.calendar_id for error in errors}
    missing = {cal: [eid for eid in ids if eid not in observed.get(cal, {})]
               for cal, ids in intended.items() if cal not in unreadable}
    errors += _fetch_by_id(transport, {cal: ids for cal, ids in missing.items() if ids}, observed)
    readable = {cal: evs for cal, evs in intended.items() if cal not in unreadable}
    findings = compare_day(readable, observed, time_min=time_min, time_max=time_max)
    return ConfirmResult(findings, new_states, errors, transport.stats.http_requests, full, incremental)
