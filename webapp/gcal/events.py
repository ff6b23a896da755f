"""From allocations to Google Calendar events: ids, bodies, and what counts as a change.

Identity. An event stands for the n-th block of a professional's day: (professional, date, n), with the
day's blocks in start order and back-to-back allocations in the same room merged into one block. The
event id is a hash of that identity (plus a namespace per deployment), so

- moving a block (another room, another time the same day, longer or shorter) keeps its id: one patch;
- a block added or removed shifts the later blocks of that day only: one insert or delete, plus a patch
  for each later block of that professional's day (usually none: a day has one or two blocks);
- a block moved to another day is a delete and an insert (another date, another identity);
- a retried or interrupted publish recomputes the same ids, so it never duplicates an event.

The body's ``version`` property records the version that last wrote the event and is not compared:
publishing a new version whose block is unchanged writes nothing for that block.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

TIME_ZONE = "America/Sao_Paulo"
ZONE = zoneinfo.ZoneInfo(TIME_ZONE)
SOURCE = "agendador"
SOURCE_FILTER = f"source={SOURCE}"
DESCRIPTION = ("Sala reservada pelo Agendador da clínica. Alterações feitas aqui não mudam a escala: "
               "para mudar, fale com a coordenação.")

# Compared to decide whether an event needs a write (the "version" property is left out on purpose).
CONTENT_FIELDS = ("summary", "location", "description", "status", "transparency")


@dataclass(frozen=True)
class CalendarAllocation:
    """One allocation as the calendar needs it: whose calendar, when (local wall clock), which room."""

    professional: str
    calendar_id: str
    date: dt.date
    start: dt.time
    end: dt.time  # dt.time(0, 0) as an end means midnight at the end of the day
    room: str
    room_name: str
    site_name: str
    location: str | None = None  # the site's address when known


def _time(value: dt.time | str | int) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int):
        return dt.time(value // 60 % 24, value % 60)
    return dt.time(0, 0) if value == "24:00" else dt.time.fromisoformat(value)


def allocation(*, professional: str, calendar_id: str, date: dt.date | str, start: dt.time | str | int,
               end: dt.time | str | int, room: str, room_name: str, site_name: str,
               location: str | None = None) -> CalendarAllocation:
    """A CalendarAllocation from loose values (ISO date, "HH:MM" or minutes since midnight)."""
    return CalendarAllocation(professional, calendar_id,
                              dt.date.fromisoformat(date) if isinstance(date, str) else date,
                              _time(start), _time(end), room, room_name, site_name, location)


def from_rows(rows: Iterable[Any]) -> list[CalendarAllocation]:
    """Allocation rows (the web shell's ORM objects, or anything shaped like them) of professionals who
    have a calendar: ``row.professional.code/.calendar_id``, ``row.room.code/.name/.site.name``,
    ``row.date``, ``row.start``/``row.end`` as "HH:MM" (an end of "24:00" is midnight)."""
    return [allocation(professional=row.professional.code, calendar_id=row.professional.calendar_id, date=row.date,
                       start=row.start, end=row.end, room=row.room.code, room_name=row.room.name,
                       site_name=row.room.site.name)
            for row in rows if row.professional.calendar_id]


def local_datetime(day: dt.date, at: dt.time, *, is_end: bool = False) -> dt.datetime:
    if is_end and at == dt.time(0, 0):
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, at, tzinfo=ZONE)


def event_id(namespace: str, professional: str, day: dt.date, ordinal: int) -> str:
    """Base32hex (a–v, 0–9), 32 characters, from the block's identity."""
    digest = hashlib.sha256(f"{namespace}\x1f{professional}\x1f{day.isoformat()}\x1f{ordinal}".encode()).digest()
    return base64.b32hexencode(digest).decode("ascii").lower().rstrip("=")[:32]


def allocation_key(professional: str, day: dt.date, ordinal: int) -> str:
    return f"{professional}/{day.isoformat()}/{ordinal}"


def blocks(allocations: Iterable[CalendarAllocation]) -> dict[tuple[str, str, dt.date], list[CalendarAllocation]]:
    """Per (calendar, professional, date): the day's blocks in order, back-to-back same-room runs merged."""
    days: dict[tuple[str, str, dt.date], list[CalendarAllocation]] = defaultdict(list)
    for a in allocations:
        days[(a.calendar_id, a.professional, a.date)].append(a)
    out = {}
    for key, items in days.items():
        items.sort(key=lambda a: (a.start, local_datetime(a.date, a.end, is_end=True), a.room))
        merged: list[CalendarAllocation] = []
        for a in items:
            last = merged[-1] if merged else None
            if last is not None and last.room == a.room and last.end == a.start and last.end != dt.time(0, 0):
                merged[-1] = CalendarAllocation(last.professional, last.calendar_id, last.date, last.start, a.end,
                                                last.room, last.room_name, last.site_name, last.location)
            else:
                merged.append(a)
        out[key] = merged
    return out


def event_body(block: CalendarAllocation, *, ordinal: int, version: str | int, namespace: str) -> dict[str, Any]:
    start = local_datetime(block.date, block.start)
    end = local_datetime(block.date, block.end, is_end=True)
    return {
        "id": event_id(namespace, block.professional, block.date, ordinal),
        "summary": f"Atendimento — {block.room_name} ({block.site_name})",
        "location": block.location or f"{block.room_name}, {block.site_name}",
        "description": DESCRIPTION,
        "start": {"dateTime": start.isoformat(), "timeZone": TIME_ZONE},
        "end": {"dateTime": end.isoformat(), "timeZone": TIME_ZONE},
        "status": "confirmed",
        "transparency": "opaque",
        "extendedProperties": {"private": {
            "source": SOURCE,
            "version": str(version),
            "allocation": allocation_key(block.professional, block.date, ordinal),
        }},
    }


def desired_events(allocations: Iterable[CalendarAllocation], *, version: str | int,
                   namespace: str = "agendador") -> dict[str, dict[str, dict[str, Any]]]:
    """Calendar id -> event id -> body, for every block of the version."""
    out: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for (calendar_id, _, _), day_blocks in sorted(blocks(allocations).items(), key=lambda kv: kv[0]):
        for ordinal, block in enumerate(day_blocks):
            body = event_body(block, ordinal=ordinal, version=version, namespace=namespace)
            out[calendar_id][body["id"]] = body
    return dict(out)


# --- reading events back ------------------------------------------------------------------------

def is_ours(event: dict[str, Any]) -> bool:
    return ((event.get("extendedProperties") or {}).get("private") or {}).get("source") == SOURCE


def instant(point: dict[str, Any] | None) -> dt.datetime | None:
    """An event's start or end as an aware datetime (all-day dates at local midnight)."""
    if not point:
        return None
    if point.get("dateTime"):
        value = dt.datetime.fromisoformat(point["dateTime"])
        return value if value.tzinfo else value.replace(tzinfo=zoneinfo.ZoneInfo(point.get("timeZone") or TIME_ZONE))
    if point.get("date"):
        return dt.datetime.combine(dt.date.fromisoformat(point["date"]), dt.time(), tzinfo=ZONE)
    return None


def changed_fields(desired: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What differs between the body we want and the event Google has ("time", "summary", ...)."""
    changed = []
    if (instant(desired.get("start")), instant(desired.get("end"))) != (
            instant(current.get("start")), instant(current.get("end"))):
        changed.append("time")
    for name in CONTENT_FIELDS:
        default = {"status": "confirmed", "transparency": "opaque"}.get(name)
        if desired.get(name, default) != current.get(name, default):
            changed.append(name)
    mine = (desired.get("extendedProperties") or {}).get("private") or {}
    theirs = (current.get("extendedProperties") or {}).get("private") or {}
    if any(theirs.get(k) != v for k, v in mine.items() if k != "version"):
        changed.append("extendedProperties")
    return changed


def window(first_day: dt.date, days: int = 1) -> tuple[str, str]:
    """(timeMin, timeMax) in RFC 3339 covering whole local days."""
    start = dt.datetime.combine(first_day, dt.time(), tzinfo=ZONE)
    end = dt.datetime.combine(first_day + dt.timedelta(days=days), dt.time(), tzinfo=ZONE)
    return start.isoformat(), end.isoformat()


def describe(event: dict[str, Any]) -> str:
    """The event as the coordinator reads it: 'Atendimento — Sala 3 (Savassi), 07/12 08:00–12:00'."""
    start, end = instant(event.get("start")), instant(event.get("end"))
    when = ""
    if start and end:
        start, end = start.astimezone(ZONE), end.astimezone(ZONE)
        when = f", {start:%d/%m} {start:%H:%M}–{end:%H:%M}"
    return f"{event.get('summary') or 'Evento sem título'}{when}"
