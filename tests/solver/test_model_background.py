"""A neighbourhood's model over a fixed background: the places the background takes are gone.

Tiny hand-made weeks: which slots get variables for the free professionals, and the
places `capacity_at` leaves, room by room and slot by slot."""
from __future__ import annotations

import datetime as dt

from rules.instance import Allocation, parse_instance
from rules.schedule import Schedule
from solver.domain import build_domain
from solver.model import ScheduleModel
from tests.solver.tiny import tiny_document

MONDAY = dt.date(2026, 12, 7)
ROOMS = [
    {"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
    {"id": "dupla", "site": "sav", "name": "Sala dupla", "kinds": ["consultorio"], "capacity": 2},
]
PEOPLE = [
    {"id": "ana", "name": "Ana", "room_kind": "consultorio", "target_weekly_hours": 4},
    {"id": "bia", "name": "Bia", "room_kind": "consultorio", "target_weekly_hours": 4},
    {"id": "caio", "name": "Caio", "room_kind": "consultorio", "target_weekly_hours": 4},
]


def model_for(free: set[str], background: list[Allocation], min_block_hours: int = 1) -> ScheduleModel:
    people = [{**p, "min_block_minutes": 60 * min_block_hours} for p in PEOPLE]
    instance = parse_instance(tiny_document(rooms=ROOMS, professionals=people))
    return ScheduleModel(instance, build_domain(instance), professionals=free, background=Schedule(background))


def slots_of(m: ScheduleModel, pid: str, room: str) -> list[int]:
    unit = m.unit_of_room[(room, MONDAY)]
    cells = m.cells.get((pid, unit.id))
    return sorted(cells.vars) if cells else []


def test_a_room_the_background_fills_has_no_cells_in_those_slots():
    m = model_for({"ana"}, [Allocation(MONDAY, 8 * 60, 10 * 60, "bia", "s1")])
    assert slots_of(m, "ana", "s1") == [10, 11]
    assert slots_of(m, "ana", "dupla") == [8, 9, 10, 11]
    s1 = m.unit_of_room[("s1", MONDAY)].id
    assert [m.capacity_at(s1, t) for t in range(8, 12)] == [0, 0, 1, 1]


def test_a_room_for_two_keeps_a_place_until_two_hold_it():
    m = model_for({"ana"}, [
        Allocation(MONDAY, 8 * 60, 12 * 60, "bia", "dupla"),
        Allocation(MONDAY, 9 * 60, 10 * 60, "caio", "dupla"),
    ])
    dupla = m.unit_of_room[("dupla", MONDAY)].id
    assert [m.capacity_at(dupla, t) for t in range(8, 12)] == [1, 0, 1, 1]
    assert slots_of(m, "ana", "dupla") == [8, 10, 11]


def test_free_time_between_background_allocations_too_short_for_the_minimum_block_hosts_nothing():
    # s1 is taken 09-10 only: what is left of it, 08-09 and 10-12, and Ana's blocks last 2 h.
    m = model_for({"ana"}, [Allocation(MONDAY, 9 * 60, 10 * 60, "bia", "s1")], min_block_hours=2)
    assert slots_of(m, "ana", "s1") == [10, 11]


def test_without_a_background_every_place_is_free():
    instance = parse_instance(tiny_document(rooms=ROOMS, professionals=PEOPLE))
    m = ScheduleModel(instance, build_domain(instance))
    for unit in m.units:
        assert all(m.capacity_at(unit.id, t) == unit.capacity for t in range(8, 12))
