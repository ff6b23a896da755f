"""The instance document of format v1, parsed into plain typed objects.

Everything inside is whole minutes since 00:00 and `datetime.date`; the JSON
edge (``HH:MM`` strings, ISO dates, hours as numbers) stays in `parse_instance`
and `to_document`. See ``docs/instance-format.md`` for the contract.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rules.errors import DocumentError
from rules.schema import INSTANCE_FORMAT, validate_against_schema
from rules.timeutil import (
    DEFAULT_GRAIN_MINUTES,
    WEEKDAYS,
    Interval,
    intersect,
    parse_date,
    parse_time,
    subtract,
    union,
    weekday_of,
)



@dataclass(frozen=True)
class Site:
    id: str
    name: str
    opening_hours: dict[str, Interval]  # weekday -> [start, end) in minutes
    closed_dates: frozenset[dt.date]


@dataclass(frozen=True)
class Room:
    id: str
    site: str
    name: str
    kinds: tuple[str, ...]
    capacity: int = 1


@dataclass(frozen=True)
class Window:
    """An availability entry: on a weekday or on one date, [start, end)."""

    start: int
    end: int
    weekday: str | None = None
    date: dt.date | None = None

    def applies_to(self, day: dt.date) -> bool:
        if self.date is not None:
            return self.date == day
        return self.weekday == weekday_of(day)


@dataclass(frozen=True)
class Professional:
    id: str
    name: str
    room_kind: str | None
    availability: tuple[Window, ...]
    min_weekly_minutes: int
    target_weekly_minutes: int
    max_weekly_minutes: int | None
    max_daily_minutes: int | None
    min_block_minutes: int
    preferred_sites: frozenset[str]
    preferred_rooms: frozenset[str]
    calendar_id: str | None = None


@dataclass(frozen=True)
class Rule:
    """A typed premissa. Which fields are meaningful depends on `kind`."""

    id: str
    kind: str
    label: str
    room: str | None = None
    site: str | None = None
    professional: str | None = None
    professionals: frozenset[str] = frozenset()
    date: dt.date | None = None
    weekday: str | None = None
    start: int | None = None
    end: int | None = None
    value: int | None = None
    max_weekly_minutes: int | None = None
    max_daily_minutes: int | None = None
    min_weekly_minutes: int | None = None
    # Days a standing rule is lifted (a what-if that unblocks one day of a weekly block, once approved).
    except_dates: frozenset[dt.date] = frozenset()

    def applies_on(self, day: dt.date) -> bool:
        if day in self.except_dates:
            return False
        if self.date is not None:
            return self.date == day
        if self.weekday is not None:
            return self.weekday == weekday_of(day)
        return True

    def window(self) -> Interval:
        return (self.start if self.start is not None else 0, self.end if self.end is not None else 24 * 60)

    def concerns(self, professional_id: str) -> bool:
        return self.professional is None or self.professional == professional_id


@dataclass(frozen=True, order=True)
class Allocation:
    """Professional x room x date x [start, end), in minutes."""

    date: dt.date
    start: int
    end: int
    professional: str
    room: str
    pinned: bool = False
    source: str | None = None
    accepted: bool = False  # a pin the coordinator kept although it breaks a premissa

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def key(self) -> tuple[str, str, dt.date, int, int]:
        return (self.professional, self.room, self.date, self.start, self.end)


@dataclass(frozen=True)
class Limits:
    """A professional's hour figures after every hours_limit is applied (minutes)."""

    min_weekly: int
    target_weekly: int
    max_weekly: int | None
    max_daily: int | None
    # Which premissa set each maximum, for messages and explanations.
    max_weekly_source: str | None = None
    max_daily_source: str | None = None
    min_weekly_source: str | None = None


@dataclass(frozen=True)
class Instance:
    week_start: dt.date
    grain: int
    default_travel: int
    sites: dict[str, Site]
    travel: dict[tuple[str, str], int]
    rooms: dict[str, Room]
    professionals: dict[str, Professional]
    rules: tuple[Rule, ...]
    pins: tuple[Allocation, ...]
    previous: tuple[Allocation, ...]
    weights: dict[str, int]
    document: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @cached_property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(self.week_start + dt.timedelta(days=i) for i in range(7))

    @cached_property
    def week_end(self) -> dt.date:
        """The Monday after the week (the first date past it)."""
        return self.week_start + dt.timedelta(days=7)

    def in_week(self, day: dt.date) -> bool:
        return self.week_start <= day < self.week_end

    @cached_property
    def _rules_by_kind(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for r in self.rules:
            out.setdefault(r.kind, []).append(r)
        return {kind: tuple(rules) for kind, rules in out.items()}

    @cached_property
    def _unavailable_by_professional(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for r in self.rules_of("unavailable"):
            out.setdefault(r.professional, []).append(r)
        return {pid: tuple(rules) for pid, rules in out.items()}

    def rules_of(self, kind: str) -> list[Rule]:
        """The rules of a kind, in the document's order."""
        return list(self._rules_by_kind.get(kind, ()))

    def travel_minutes(self, a: str, b: str) -> int:
        if a == b:
            return 0
        if (a, b) in self.travel:
            return self.travel[(a, b)]
        if (b, a) in self.travel:
            return self.travel[(b, a)]
        return self.default_travel

    def site_closed_by(self, site_id: str, day: dt.date) -> str | None:
        """The premissa that closes a site on a date, or None if it may open."""
        site = self.sites[site_id]
        if day in site.closed_dates:
            return f"site:{site_id}:closed_dates"
        for rule in self.rules_of("site_closed"):
            if rule.site == site_id and rule.date == day:
                return rule.id
        return None

    def opening(self, site_id: str, day: dt.date) -> Interval | None:
        """The site's opening window on a date (None when closed)."""
        if self.site_closed_by(site_id, day) is not None:
            return None
        return self.sites[site_id].opening_hours.get(weekday_of(day))

    def availability(self, professional_id: str, day: dt.date) -> list[Interval]:
        """Windows the professional may work on a date, before `unavailable` rules."""
        prof = self.professionals[professional_id]
        if not prof.availability:
            return [(0, 24 * 60)]
        return union([(w.start, w.end) for w in prof.availability if w.applies_to(day)])

    def applying(self, kind: str, day: dt.date, **subjects: str) -> list[tuple[Rule, Interval]]:
        """The rules of a kind that hold on a date for these subjects, each with its window of the day.

        A subject given (``room="sav-1"``) must match the rule's own; ``professional`` also matches a
        rule without one (it applies to everyone), as `max_sites_per_day` and `hours_limit` read it.
        """

        def matches(rule: Rule) -> bool:
            return all(
                rule.concerns(value) if name == "professional" else getattr(rule, name) == value
                for name, value in subjects.items()
            )

        return [(r, r.window()) for r in self.rules_of(kind) if r.applies_on(day) and matches(r)]

    def unavailable(self, professional_id: str, day: dt.date) -> list[tuple[Rule, Interval]]:
        """The `unavailable` rules of the professional that hold on a date (looked up by
        professional: the domain asks this for every professional and day)."""
        return [(r, r.window()) for r in self._unavailable_by_professional.get(professional_id, ()) if r.applies_on(day)]

    def free_windows(self, professional_id: str, day: dt.date) -> list[Interval]:
        """Availability minus every `unavailable` rule (H4)."""
        windows = self.availability(professional_id, day)
        for _rule, iv in self.unavailable(professional_id, day):
            windows = subtract(windows, [iv])
        return windows

    def room_blocks(self, room_id: str, day: dt.date) -> list[tuple[Rule, Interval]]:
        return self.applying("room_block", day, room=room_id)

    def reservations(self, room_id: str, day: dt.date) -> list[tuple[Rule, Interval]]:
        return self.applying("room_reserved", day, room=room_id)

    def tightest(self, kind: str, professional_id: str, day: dt.date) -> tuple[int, str] | None:
        """The lowest `value` of a kind's rules that hold for a professional on a date, with its rule id."""
        best: tuple[int, str] | None = None
        for rule, _window in self.applying(kind, day, professional=professional_id):
            if rule.value is not None and (best is None or rule.value < best[0]):
                best = (rule.value, rule.id)
        return best

    def max_sites(self, professional_id: str, day: dt.date) -> tuple[int, str] | None:
        """The tightest `max_sites_per_day` for a professional on a date, with its rule id."""
        return self.tightest("max_sites_per_day", professional_id, day)

    @cached_property
    def _limits(self) -> dict[str, Limits]:
        out = {}
        for pid, prof in self.professionals.items():
            max_w, max_w_src = prof.max_weekly_minutes, (
                f"professional:{pid}:max_weekly_hours" if prof.max_weekly_minutes is not None else None
            )
            max_d, max_d_src = prof.max_daily_minutes, (
                f"professional:{pid}:max_daily_hours" if prof.max_daily_minutes is not None else None
            )
            min_w, min_w_src = prof.min_weekly_minutes, f"professional:{pid}:min_weekly_hours"
            for rule in self.rules_of("hours_limit"):
                if not rule.concerns(pid):
                    continue
                if rule.max_weekly_minutes is not None and (max_w is None or rule.max_weekly_minutes < max_w):
                    max_w, max_w_src = rule.max_weekly_minutes, rule.id
                if rule.max_daily_minutes is not None and (max_d is None or rule.max_daily_minutes < max_d):
                    max_d, max_d_src = rule.max_daily_minutes, rule.id
                if rule.min_weekly_minutes is not None and rule.min_weekly_minutes > min_w:
                    min_w, min_w_src = rule.min_weekly_minutes, rule.id
            out[pid] = Limits(min_w, prof.target_weekly_minutes, max_w, max_d, max_w_src, max_d_src, min_w_src)
        return out

    def limits(self, professional_id: str) -> Limits:
        return self._limits[professional_id]

    @cached_property
    def _accepted(self) -> dict[tuple[str, str, dt.date], list[Interval]]:
        out: dict[tuple[str, str, dt.date], list[Interval]] = {}
        for pin in self.pins:
            if pin.accepted:
                out.setdefault((pin.professional, pin.room, pin.date), []).append((pin.start, pin.end))
        return {key: union(windows) for key, windows in out.items()}

    def accepted_windows(self, professional_id: str, room_id: str, day: dt.date) -> list[Interval]:
        """The time accepted pins give a professional in a room on a date, whatever premissas forbid it."""
        return self._accepted.get((professional_id, room_id, day), [])

    @property
    def has_accepted_pins(self) -> bool:
        return bool(self._accepted)

    def room_site(self, room_id: str) -> str:
        return self.rooms[room_id].site

    def room_fits(self, professional_id: str, room_id: str) -> bool:
        """H5: the professional's room kind is among the room's kinds."""
        kind = self.professionals[professional_id].room_kind
        return kind is None or kind in self.rooms[room_id].kinds


# --------------------------------------------------------------------------- parsing


def _hours_to_minutes(value: Any, path: str) -> int:
    if not math.isfinite(value):  # NaN and Infinity pass JSON Schema's comparisons
        raise DocumentError(path, f"valor não numérico: {value}")
    minutes = value * 60
    if abs(minutes - round(minutes)) > 1e-9:
        raise DocumentError(path, "as horas precisam corresponder a um número inteiro de minutos")
    return int(round(minutes))


def _optional_hours(obj: dict, key: str, path: str) -> int | None:
    if obj.get(key) is None:
        return None
    return _hours_to_minutes(obj[key], f"{path}.{key}")


class _Parser:
    def __init__(self, doc: dict[str, Any]):
        self.doc = doc
        self.grain = doc.get("grain_minutes", DEFAULT_GRAIN_MINUTES)

    def time(self, value: str, path: str, *, is_end: bool = False) -> int:
        minutes = parse_time(value, path, allow_24=is_end)
        if minutes % self.grain:
            raise DocumentError(path, f"o horário {value} não está na grade de {self.grain} minutos")
        return minutes

    def interval(self, obj: dict, path: str, *, required: bool = True) -> tuple[int | None, int | None]:
        if "start" not in obj and "end" not in obj and not required:
            return None, None
        if "start" not in obj or "end" not in obj:
            missing = "start" if "start" not in obj else "end"
            raise DocumentError(f"{path}.{missing}", "início e fim precisam vir juntos")
        start = self.time(obj["start"], f"{path}.start")
        end = self.time(obj["end"], f"{path}.end", is_end=True)
        if end <= start:
            raise DocumentError(f"{path}.end", "o fim precisa ser depois do início")
        return start, end


def parse_instance(doc: dict[str, Any]) -> Instance:
    """Validate a format v1 instance document and return the typed `Instance`.

    Raises `DocumentError` naming the offending field (never anything else for
    a bad document).
    """
    validate_against_schema(doc, INSTANCE_FORMAT)
    p = _Parser(doc)
    grain = p.grain
    if (24 * 60) % grain:
        raise DocumentError("grain_minutes", "a grade precisa dividir o dia em partes iguais")
    week_start = parse_date(doc["week_start"], "week_start")
    if week_start.weekday() != 0:
        raise DocumentError("week_start", "a semana precisa começar numa segunda-feira")

    def unique(items: list[dict], kind: str) -> None:
        seen = set()
        for i, item in enumerate(items):
            if item["id"] in seen:
                raise DocumentError(f"{kind}[{i}].id", f"id repetido: {item['id']}")
            seen.add(item["id"])

    sites_doc = doc.get("sites", [])
    unique(sites_doc, "sites")
    sites: dict[str, Site] = {}
    for i, s in enumerate(sites_doc):
        hours = {}
        for wd, pair in s.get("opening_hours", {}).items():
            start, end = p.interval({"start": pair[0], "end": pair[1]}, f"sites[{i}].opening_hours.{wd}")
            hours[wd] = (start, end)
        closed = frozenset(
            parse_date(d, f"sites[{i}].closed_dates[{j}]") for j, d in enumerate(s.get("closed_dates", []))
        )
        sites[s["id"]] = Site(s["id"], s.get("name", s["id"]), hours, closed)

    def ref(value: str, table: dict, path: str, what: str) -> str:
        if value not in table:
            raise DocumentError(path, f"{what}: {value}")
        return value

    travel: dict[tuple[str, str], int] = {}
    for i, t in enumerate(doc.get("travel_minutes", [])):
        a = ref(t["from"], sites, f"travel_minutes[{i}].from", "local desconhecido")
        b = ref(t["to"], sites, f"travel_minutes[{i}].to", "local desconhecido")
        travel[(a, b)] = t["minutes"]

    rooms_doc = doc.get("rooms", [])
    unique(rooms_doc, "rooms")
    rooms: dict[str, Room] = {}
    for i, r in enumerate(rooms_doc):
        ref(r["site"], sites, f"rooms[{i}].site", "local desconhecido")
        rooms[r["id"]] = Room(r["id"], r["site"], r.get("name", r["id"]), tuple(r.get("kinds", [])), r.get("capacity", 1))

    profs_doc = doc.get("professionals", [])
    unique(profs_doc, "professionals")
    professionals: dict[str, Professional] = {}
    for i, pr in enumerate(profs_doc):
        path = f"professionals[{i}]"
        windows = []
        for j, w in enumerate(pr.get("availability", [])):
            wpath = f"{path}.availability[{j}]"
            has_wd, has_date = "weekday" in w, "date" in w
            if has_wd == has_date:
                raise DocumentError(wpath, "informe exatamente um entre weekday e date")
            start, end = p.interval(w, wpath)
            windows.append(
                Window(start, end, weekday=w.get("weekday"), date=parse_date(w["date"], f"{wpath}.date") if has_date else None)
            )
        min_w = _optional_hours(pr, "min_weekly_hours", path) or 0
        target = _optional_hours(pr, "target_weekly_hours", path)
        min_block = pr.get("min_block_minutes", grain)
        if min_block % grain:
            raise DocumentError(f"{path}.min_block_minutes", f"o bloco mínimo precisa ser múltiplo de {grain} minutos")
        for j, s in enumerate(pr.get("preferred_sites", [])):
            ref(s, sites, f"{path}.preferred_sites[{j}]", "local desconhecido")
        for j, r in enumerate(pr.get("preferred_rooms", [])):
            ref(r, rooms, f"{path}.preferred_rooms[{j}]", "sala desconhecida")
        professionals[pr["id"]] = Professional(
            id=pr["id"],
            name=pr.get("name", pr["id"]),
            room_kind=pr.get("room_kind"),
            availability=tuple(windows),
            min_weekly_minutes=min_w,
            target_weekly_minutes=min_w if target is None else target,
            max_weekly_minutes=_optional_hours(pr, "max_weekly_hours", path),
            max_daily_minutes=_optional_hours(pr, "max_daily_hours", path),
            min_block_minutes=min_block,
            preferred_sites=frozenset(pr.get("preferred_sites", [])),
            preferred_rooms=frozenset(pr.get("preferred_rooms", [])),
            calendar_id=pr.get("calendar_id"),
        )

    rules_doc = doc.get("rules", [])
    unique(rules_doc, "rules")
    rules = []
    for i, r in enumerate(rules_doc):
        path = f"rules[{i}]"
        kind = r["kind"]
        if "date" in r and "weekday" in r:
            raise DocumentError(path, "uma premissa não pode ter date e weekday ao mesmo tempo")
        if r.get("room") is not None:
            ref(r["room"], rooms, f"{path}.room", "sala desconhecida")
        if r.get("site") is not None:
            ref(r["site"], sites, f"{path}.site", "local desconhecido")
        if r.get("professional") is not None:
            ref(r["professional"], professionals, f"{path}.professional", "profissional desconhecido")
        for j, pid in enumerate(r.get("professionals", [])):
            ref(pid, professionals, f"{path}.professionals[{j}]", "profissional desconhecido")
        start, end = p.interval(r, path, required=False)
        rules.append(
            Rule(
                id=r["id"],
                kind=kind,
                label=r.get("label", r["id"]),
                room=r.get("room"),
                site=r.get("site"),
                professional=r.get("professional"),
                professionals=frozenset(r.get("professionals", [])),
                date=parse_date(r["date"], f"{path}.date") if "date" in r else None,
                weekday=r.get("weekday"),
                start=start,
                end=end,
                value=r.get("value"),
                max_weekly_minutes=_optional_hours(r, "max_weekly_hours", path),
                max_daily_minutes=_optional_hours(r, "max_daily_hours", path),
                min_weekly_minutes=_optional_hours(r, "min_weekly_hours", path),
                except_dates=frozenset(
                    parse_date(d, f"{path}.except_dates[{j}]") for j, d in enumerate(r.get("except_dates", []))
                ),
            )
        )

    def allocations(key: str) -> tuple[Allocation, ...]:
        out = []
        for i, a in enumerate(doc.get(key, [])):
            path = f"{key}[{i}]"
            ref(a["professional"], professionals, f"{path}.professional", "profissional desconhecido")
            ref(a["room"], rooms, f"{path}.room", "sala desconhecida")
            start, end = p.interval(a, path)
            out.append(
                Allocation(
                    date=parse_date(a["date"], f"{path}.date"),
                    start=start,
                    end=end,
                    professional=a["professional"],
                    room=a["room"],
                    pinned=key == "pins",
                    source=a.get("source"),
                    accepted=key == "pins" and bool(a.get("accepted", False)),
                )
            )
        return tuple(out)

    from rules.catalogue import DEFAULT_WEIGHTS  # the soft modules parse instances: import them once loaded

    weights = dict(DEFAULT_WEIGHTS)
    weights.update(doc.get("weights", {}))

    return Instance(
        week_start=week_start,
        grain=grain,
        default_travel=doc.get("default_travel_minutes", 30),
        sites=sites,
        travel=travel,
        rooms=rooms,
        professionals=professionals,
        rules=tuple(rules),
        pins=allocations("pins"),
        previous=allocations("previous"),
        weights=weights,
        document=doc,
    )


__all__ = [
    "WEEKDAYS",
    "Allocation",
    "Instance",
    "Limits",
    "Professional",
    "Room",
    "Rule",
    "Site",
    "Window",
    "intersect",
    "parse_instance",
]
