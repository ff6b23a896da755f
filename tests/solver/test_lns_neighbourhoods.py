"""The neighbourhood built around a professional whose shortfall a schedule could still reduce.

Tiny hand-made weeks: who counts as reducible (capped by their own free time and
maxima, not by room contention) and who counts as a competitor (holds a room they
may use while they are free)."""
from __future__ import annotations

import datetime as dt

from rules.instance import Allocation, parse_instance
from rules.schedule import Schedule
from solver.domain import build_domain
from solver.lns import Incumbent, Search
from tests.solver.tiny import tiny_document

MONDAY = dt.date(2026, 12, 7)


def search_on(doc: dict, allocations: list[Allocation]) -> Search:
    instance = parse_instance(doc)
    return Search(instance, build_domain(instance), Incumbent(instance, Schedule(allocations)), seed=0)


def test_reducible_is_capped_by_the_professionals_own_free_time():
    # Ana may work 08-10 only (2 h) and has them; her target of 3 h cannot be reached.
    doc = tiny_document(
        professionals=[
            {"id": "ana", "name": "Ana", "room_kind": "consultorio", "target_weekly_hours": 3,
             "availability": [{"weekday": "mon", "start": "08:00", "end": "10:00"}]},
            {"id": "bia", "name": "Bia", "room_kind": "consultorio", "target_weekly_hours": 4},
        ]
    )
    search = search_on(doc, [Allocation(MONDAY, 8 * 60, 10 * 60, "ana", "s1")])
    assert search.shortfall("ana") == 60
    assert search.reducible("ana") == 0
    assert search.reducible("bia") == 4 * 60


def test_competitors_hold_usable_rooms_while_the_professional_is_free():
    doc = tiny_document(
        rooms=[
            {"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
            {"id": "g1", "site": "sav", "name": "Ginásio", "kinds": ["fisioterapia"]},
        ],
        professionals=[
            {"id": "ana", "name": "Ana", "room_kind": "consultorio", "target_weekly_hours": 4,
             "availability": [{"weekday": "mon", "start": "08:00", "end": "10:00"}]},
            {"id": "bia", "name": "Bia", "room_kind": "consultorio", "target_weekly_hours": 2},
            {"id": "caio", "name": "Caio", "room_kind": "consultorio", "target_weekly_hours": 2},
            {"id": "duda", "name": "Duda", "room_kind": "fisioterapia", "target_weekly_hours": 4},
        ],
    )
    search = search_on(
        doc,
        [
            Allocation(MONDAY, 8 * 60, 10 * 60, "bia", "s1"),  # Ana's room while she is free: a competitor
            Allocation(MONDAY, 10 * 60, 12 * 60, "caio", "s1"),  # Ana's room, but she is not free then
            Allocation(MONDAY, 8 * 60, 12 * 60, "duda", "g1"),  # a room Ana may not use
        ],
    )
    assert search.competitors("ana") == {"bia": 120}
    search.size = 2
    assert search.short_and_competitors() == {"ana", "bia"}  # only Ana can still gain


def test_an_idle_room_day_frees_who_holds_it_and_who_could_fill_it():
    # One room, open 08-12; Bia holds 08-10; Ana (short, free all morning) could fill 10-12;
    # Caio is short too but may use only the gym, which is full.
    doc = tiny_document(
        rooms=[
            {"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
            {"id": "g1", "site": "sav", "name": "Ginásio", "kinds": ["fisioterapia"]},
        ],
        professionals=[
            {"id": "ana", "name": "Ana", "room_kind": "consultorio", "target_weekly_hours": 2},
            {"id": "bia", "name": "Bia", "room_kind": "consultorio", "target_weekly_hours": 2},
            {"id": "caio", "name": "Caio", "room_kind": "fisioterapia", "target_weekly_hours": 6},
        ],
    )
    search = search_on(
        doc, [Allocation(MONDAY, 8 * 60, 10 * 60, "bia", "s1"), Allocation(MONDAY, 8 * 60, 12 * 60, "caio", "g1")]
    )
    search.size = 2
    assert search.open_minutes("s1", MONDAY) == 4 * 60
    assert search.idle_room_day() == {"ana", "bia"}


def test_each_kind_of_neighbourhood_keeps_a_tally_of_what_it_gained():
    # Ana has nothing and the room is free 08-12: the first step frees someone short and fills it.
    doc = tiny_document()
    search = search_on(doc, [])
    before = search.shared.objective
    assert search.step(5.0)
    tried = {kind: tally["tried"] for kind, tally in search.kinds.items()}
    assert sum(tried.values()) == 1
    (kind, tally), = search.kinds.items()
    assert tally == {"tried": 1, "improved": 1, "gain": before - search.shared.objective}
    assert tally["gain"] > 0
    # A second step from the optimum gains nothing more.
    while search.step(5.0):
        pass
    assert sum(t["improved"] for t in search.kinds.values()) == search.improvements
    assert sum(t["gain"] for t in search.kinds.values()) == before - search.shared.objective
