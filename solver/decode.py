"""From unit occupancy back to rooms, and from a schedule back to a complete hint.

A unit's rooms are interchangeable, so each professional's maximal stretch in a
unit (a run) goes whole into one room. Sorted by start, a run always finds a room
with space — at any instant at most ``capacity`` runs overlap (interval graphs
are perfect) — and among those rooms it takes, in order, its `previous` room, a
preferred room, the room it had just before.
"""
from __future__ import annotations

from collections import defaultdict

from rules import catalogue
from rules.instance import Allocation
from rules.schedule import Schedule
from solver.model import ScheduleModel


def segments(slots: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for t in sorted(slots):
        if out and out[-1][1] == t:
            out[-1] = (out[-1][0], t + 1)
        else:
            out.append((t, t + 1))
    return out


def assign_rooms(m: ScheduleModel, on: dict[tuple[str, int], list[int]]) -> Schedule:
    """Allocations for the occupied slots `on[(professional, unit id)]`."""
    inst, g = m.instance, m.grain
    previous_rooms: dict[tuple[str, object], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for prev in inst.previous:
        previous_rooms[(prev.professional, prev.date)][prev.room] += prev.minutes
    pinned = defaultdict(list)
    for pin in inst.pins:
        pinned[(pin.professional, pin.room, pin.date)].append((pin.start, pin.end))

    by_unit: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for (pid, uid), slots in on.items():
        for a, b in segments(slots):
            by_unit[uid].append((a, b, pid))

    out = []
    for uid, runs in by_unit.items():
        unit = m.units[uid]
        day = unit.date
        load: dict[str, list[tuple[int, int]]] = {r: [] for r in unit.rooms}
        for a, b, pid in sorted(runs):
            prof = inst.professionals[pid]
            free = [r for r in unit.rooms if sum(1 for (x, y) in load[r] if x < b and a < y) < unit.room_capacity]
            if not free:  # cannot happen when the unit's capacity holds
                raise AssertionError(f"no room free in unit {uid} for {pid} {a}-{b}")

            def score(room: str) -> tuple:
                prev = previous_rooms.get((pid, day), {}).get(room, 0)
                return (-prev, room not in prof.preferred_rooms, unit.rooms.index(room))

            room = min(free, key=score)
            load[room].append((a, b))
            start, end = a * g, b * g
            is_pinned = any(s < end and start < e for s, e in pinned.get((pid, room, day), []))
            out.append(Allocation(day, start, end, pid, room, is_pinned))
    return Schedule(out)


def cells_of_schedule(m: ScheduleModel, schedule: Schedule) -> dict[tuple[str, int], list[int]] | None:
    """Occupied slots per (professional, unit) of a room schedule; None if it leaves the model."""
    g = m.grain
    on: dict[tuple[str, int], list[int]] = defaultdict(list)
    for a in schedule:
        unit = m.unit_of_room.get((a.room, a.date))
        if unit is None:
            return None
        cells = m.cells.get((a.professional, unit.id))
        if cells is None:
            return None
        for t in range(a.start // g, -(-a.end // g)):
            if t not in cells.vars:
                return None
            on[(a.professional, unit.id)].append(t)
    return dict(on)


def add_complete_hint(m: ScheduleModel, on: dict[tuple[str, int], list[int]]) -> None:
    """Hint every variable (occupancy, starts, day and site flags, term variables)."""
    g = m.grain
    model = m.model
    model.clear_hints()
    minutes: dict[str, int] = defaultdict(int)
    works, sites = set(), set()
    for (pid, uid), cells in m.cells.items():
        slots = set(on.get((pid, uid), ()))
        for t, var in cells.vars.items():
            model.add_hint(var, t in slots)
        if cells.starts is not None:
            for t, s in cells.starts.items():
                if s is not cells.vars[t]:
                    model.add_hint(s, t in slots and (t - 1) not in slots)
        if slots:
            minutes[pid] += g * len(slots)
            works.add((pid, cells.unit.date))
            sites.add((pid, cells.unit.site, cells.unit.date))
    for key, var in m._works.items():
        model.add_hint(var, key in works)
    for key, var in m._at_site.items():
        model.add_hint(var, key in sites)
    # Each objective term hints the helper variables it made (it alone knows them).
    for module in catalogue.SOFT:
        if hasattr(module, "hint"):
            module.hint(m, dict(minutes))
