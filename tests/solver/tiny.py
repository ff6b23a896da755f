"""Tiny instances for solver tests, and an exhaustive search to compare against.

The exhaustive search enumerates every assignment of each professional's slots
to "no room" or one room, keeps those the rule checkers accept, and scores them
with the catalogue — the checkers are the oracle, the solver is under test.
"""
from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

from rules import catalogue
from rules.instance import Allocation, Instance
from rules.schedule import Schedule

MONDAY = "2026-12-07"


def tiny_document(**overrides: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "agendador.instance/1",
        "week_start": MONDAY,
        "grain_minutes": 60,
        "sites": [{"id": "sav", "name": "Savassi", "opening_hours": {"mon": ["08:00", "12:00"]}}],
        "rooms": [
            {"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
            {"id": "s2", "site": "sav", "name": "Sala 2", "kinds": ["consultorio"]},
        ],
        "professionals": [
            {"id": "ana", "name": "Ana Souza", "room_kind": "consultorio", "min_weekly_hours": 2, "target_weekly_hours": 3},
            {"id": "bia", "name": "Bia Lima", "room_kind": "consultorio", "min_weekly_hours": 1, "target_weekly_hours": 4},
        ],
    }
    doc.update(copy.deepcopy(overrides))
    return doc


def schedule_of(assignment: dict[tuple[str, dt.date, int], str], grain: int) -> Schedule:
    """Allocations (maximal same-room runs) of a slot assignment."""
    out = []
    for (pid, day, t), room in sorted(assignment.items()):
        last = out[-1] if out else None
        if last and last.professional == pid and last.date == day and last.room == room and last.end == t * grain:
            out[-1] = Allocation(day, last.start, (t + 1) * grain, pid, room)
        else:
            out.append(Allocation(day, t * grain, (t + 1) * grain, pid, room))
    return Schedule(out)


def exhaustive(instance: Instance) -> tuple[int, Schedule] | None:
    """The best valid schedule by brute force (None when no schedule is valid)."""
    g = instance.grain
    slots = []
    for day in instance.dates:
        for site_id in instance.sites:
            window = instance.opening(site_id, day)
            if window:
                slots.extend((day, t) for t in range(window[0] // g, window[1] // g))
    slots = sorted(set(slots))
    cells = [(pid, day, t) for pid in instance.professionals for day, t in slots]
    choices = [None, *instance.rooms]
    best = None
    for combo in itertools.product(choices, repeat=len(cells)):
        assignment = {cell: room for cell, room in zip(cells, combo) if room is not None}
        schedule = schedule_of(assignment, g)
        if catalogue.check_all(instance, schedule):
            continue
        value = catalogue.objective(instance, catalogue.terms(instance, schedule))
        if best is None or value < best[0]:
            best = (value, schedule)
    return best
