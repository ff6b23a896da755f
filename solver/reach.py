"""Minimal change as a priced neighbourhood: how far a what-if may reach, and where it starts.

A what-if re-solve starts from the previous (published) week. Every minute of it
that the new schedule leaves costs `changed` in the objective, so nothing needs
freezing for stability; the search starts where the change hurts — the
professionals whose previous allocations no longer hold (the displaced), the
people who hold places they could use instead (competitors) and those who could
use the places the change freed (beneficiaries) — and widens from there.

`Reach` is the coordinator's knob: a cap on the minutes changed beyond those the
change forces (0 = the strict freeze: every previous allocation that still holds
stays), and/or a scope of dates and sites outside which previous allocations stay.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rules.errors import DocumentError
from rules.instance import Allocation, Instance
from rules.schedule import Schedule
from rules.timeutil import Interval, subtract, union
from solver.domain import Domain


@dataclass(frozen=True)
class Reach:
    """How far a minimal-change re-solve may move the previous week.

    `max_changed_minutes`: cap on the `changed` minutes beyond the forced ones
    (None = no cap, priced only; 0 = strict freeze). `dates` / `sites`: previous
    allocations outside them stay as they were (None = anywhere).
    """

    max_changed_minutes: int | None = None
    dates: frozenset[dt.date] | None = None
    sites: frozenset[str] | None = None

    @property
    def strict(self) -> bool:
        return self.max_changed_minutes == 0

    def may_move(self, instance: Instance, allocation: Allocation) -> bool:
        """Whether this previous allocation lies inside the scope (it may then be left)."""
        if self.dates is not None and allocation.date not in self.dates:
            return False
        return self.sites is None or instance.rooms[allocation.room].site in self.sites

    def to_dict(self) -> dict:
        return {
            "max_changed_minutes": self.max_changed_minutes,
            "scope_dates": None if self.dates is None else sorted(d.isoformat() for d in self.dates),
            "scope_sites": None if self.sites is None else sorted(self.sites),
        }


def make_reach(
    instance: Instance,
    max_changed_minutes: int | None = None,
    scope_dates: Iterable[dt.date | str] | None = None,
    scope_sites: Iterable[str] | None = None,
) -> Reach:
    """A validated `Reach` (raises `DocumentError` naming the parameter)."""
    if max_changed_minutes is not None and max_changed_minutes < 0:
        raise DocumentError("max_changed_minutes", "o limite de minutos alterados não pode ser negativo")
    dates = None
    if scope_dates is not None:
        dates = set()
        for value in scope_dates:
            try:
                dates.add(value if isinstance(value, dt.date) else dt.date.fromisoformat(value))
            except ValueError:
                raise DocumentError("scope_dates", f"data inválida: {value}") from None
        dates = frozenset(dates)
    sites = None
    if scope_sites is not None:
        sites = frozenset(scope_sites)
        unknown = sorted(sites - set(instance.sites))
        if unknown:
            raise DocumentError("scope_sites", f"unidade desconhecida: {', '.join(unknown)}")
    return Reach(max_changed_minutes, dates, sites)


def lost_parts(instance: Instance, schedule: Schedule) -> list[tuple[Allocation, list[Interval]]]:
    """Each in-week previous allocation with the minutes the schedule does not keep."""
    out = []
    for p in instance.previous:
        if not instance.in_week(p.date):
            continue
        mine = schedule.by_professional_date.get((p.professional, p.date), [])
        lost = subtract([(p.start, p.end)], union([(a.start, a.end) for a in mine if a.room == p.room]))
        if lost:
            out.append((p, lost))
    return out


@dataclass
class Touched:
    """Where a change hurts, seen from the strict freeze (the warm start).

    `near` holds, per displaced professional, the competitors on the dates and
    sites the change touched; `far` those on any other date."""

    displaced: set[str] = field(default_factory=set)
    places: set[tuple[str, dt.date]] = field(default_factory=set)  # (room, date) of lost minutes
    site_days: set[tuple[str, dt.date]] = field(default_factory=set)
    near: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    far: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    beneficiaries: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.displaced)


def _overlaps(windows: list[Interval], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in windows)


def find_touched(instance: Instance, domain: Domain, freeze: Schedule) -> Touched:
    """The displaced professionals, the places they lost, who competes for rooms they
    could use instead, and who could use the places the change freed."""
    touched = Touched()
    lost = lost_parts(instance, freeze)
    for p, parts in lost:
        touched.displaced.add(p.professional)
        touched.places.add((p.room, p.date))
        touched.site_days.add((instance.rooms[p.room].site, p.date))
        # The place may still be usable by someone else (an absence, a cut limit).
        for pid in instance.professionals:
            if pid != p.professional:
                windows = domain.allowed(pid, p.room, p.date)
                if any(_overlaps(windows, s, e) for s, e in parts):
                    touched.beneficiaries.add(pid)
    for d in touched.displaced:
        for a in freeze:
            if a.professional == d or not _overlaps(domain.allowed(d, a.room, a.date), a.start, a.end):
                continue
            ring = touched.near if (instance.rooms[a.room].site, a.date) in touched.site_days else touched.far
            ring[d].add(a.professional)
    for d in touched.displaced:
        touched.far[d] -= touched.near[d]
    return touched
