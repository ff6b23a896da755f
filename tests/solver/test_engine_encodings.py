"""Each hard premissa's CP-SAT encoding, in pairs.

holds: the objective wants to break the premissa (targets above what it allows)
and the solution stops exactly at it. broken: pins force it to break, and the
instance is INFEASIBLE with that premissa named.
"""
from __future__ import annotations

import pytest

from rules import catalogue
from rules.instance import parse_instance
from solver.engine import solve
from tests.solver.tiny import tiny_document


def hungry(**overrides):
    """Ana wants 8 h on a 4-hour Monday morning; Bia is absent unless asked for."""
    doc = tiny_document(**overrides)
    doc["professionals"][0].update(min_weekly_hours=4, target_weekly_hours=8)
    doc["professionals"][1].update(min_weekly_hours=0, target_weekly_hours=0)
    return doc


def run(doc):
    instance = parse_instance(doc)
    result = solve(instance, time_limit=10, workers=1)
    if result.schedule is not None:
        assert catalogue.check_all(instance, result.schedule) == []
    return result


def minutes(result, prof="ana"):
    return sum(a.minutes for a in result.schedule if a.professional == prof)


def pin(prof, room, start, end, date="2026-12-07"):
    return {"professional": prof, "room": room, "date": date, "start": start, "end": end}


TWO_SITES = {
    "sites": [
        {"id": "sav", "name": "Savassi", "opening_hours": {"mon": ["08:00", "12:00"]}},
        {"id": "lou", "name": "Lourdes", "opening_hours": {"mon": ["08:00", "12:00"]}},
    ],
    "rooms": [
        {"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
        {"id": "s2", "site": "lou", "name": "Sala L", "kinds": ["consultorio"]},
    ],
    "travel_minutes": [{"from": "sav", "to": "lou", "minutes": 60}],
}

CASES = {
    # name: (overrides for holds, expected Ana minutes, overrides for broken, named premissa)
    "availability": (
        {"professionals_patch": {"availability": [{"weekday": "mon", "start": "09:00", "end": "11:00"}]}},
        120,
        {"professionals_patch": {"availability": [{"weekday": "mon", "start": "09:00", "end": "11:00"}]},
         "pins": [pin("ana", "s1", "08:00", "10:00")]},
        "professional:ana:availability",
    ),
    "unavailable": (
        {"rules": [{"id": "r-aus", "kind": "unavailable", "label": "Congresso", "professional": "ana", "start": "08:00", "end": "10:00"}]},
        120,
        {"rules": [{"id": "r-aus", "kind": "unavailable", "label": "Congresso", "professional": "ana", "start": "08:00", "end": "10:00"}],
         "pins": [pin("ana", "s1", "09:00", "11:00")]},
        "r-aus",
    ),
    "room_kind": (
        {"rooms": [{"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
                   {"id": "s2", "site": "sav", "name": "Ginásio", "kinds": ["ginasio"]}]},
        240,
        {"rooms": [{"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
                   {"id": "s2", "site": "sav", "name": "Ginásio", "kinds": ["ginasio"]}],
         "pins": [pin("ana", "s2", "08:00", "10:00")]},
        "professional:ana:room_kind",
    ),
    "room_reserved": (
        {"rooms": [{"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]}],
         "rules": [{"id": "r-res", "kind": "room_reserved", "label": "Só Bia", "room": "s1", "professionals": ["bia"], "start": "10:00", "end": "12:00"}]},
        120,
        {"rules": [{"id": "r-res", "kind": "room_reserved", "label": "Só Bia", "room": "s1", "professionals": ["bia"], "start": "10:00", "end": "12:00"}],
         "pins": [pin("ana", "s1", "10:00", "12:00")]},
        "r-res",
    ),
    "max_daily": (
        {"professionals_patch": {"max_daily_hours": 3}},
        180,
        {"professionals_patch": {"max_daily_hours": 3}, "pins": [pin("ana", "s1", "08:00", "12:00")]},
        "professional:ana:max_daily_hours",
    ),
    "travel": (
        dict(TWO_SITES, professionals_patch={"min_block_minutes": 60}, pins=[pin("ana", "s1", "08:00", "09:00"), pin("ana", "s2", "11:00", "12:00")]),
        180,  # 08–10 at Savassi, an hour on the road, 11–12 at Lourdes: one hour is lost
        dict(TWO_SITES, pins=[pin("ana", "s1", "08:00", "10:00"), pin("ana", "s2", "10:00", "12:00")]),
        "travel:sav:lou",
    ),
    "max_sites_per_day": (
        dict(TWO_SITES, default_travel_minutes=0, travel_minutes=[],
             rules=[{"id": "r-um", "kind": "max_sites_per_day", "label": "Uma unidade por dia", "value": 1}],
             pins=[pin("ana", "s1", "08:00", "09:00")]),
        240,
        dict(TWO_SITES, default_travel_minutes=0, travel_minutes=[],
             rules=[{"id": "r-um", "kind": "max_sites_per_day", "label": "Uma unidade por dia", "value": 1}],
             pins=[pin("ana", "s1", "08:00", "10:00"), pin("ana", "s2", "10:00", "12:00")]),
        "r-um",
    ),
}


def build(overrides):
    overrides = dict(overrides)
    patch = overrides.pop("professionals_patch", {})
    doc = hungry(**overrides)
    doc["professionals"][0].update(patch)
    return doc


@pytest.mark.parametrize("name", sorted(CASES))
def test_encoding_holds_where_the_objective_wants_more(name):
    holds, expected, _broken, premissa = CASES[name]
    result = run(build(holds))
    assert result.status == "OPTIMAL"
    assert minutes(result) == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_encoding_is_named_when_pins_break_it(name):
    _holds, _expected, broken, premissa = CASES[name]
    result = run(build(broken))
    assert result.status == "INFEASIBLE"
    assert any(premissa in c["rules"] for c in result.conflicts), result.conflicts


def test_without_any_premissa_binding_ana_fills_the_morning():
    # The baseline the cases above are measured against: 4 h, two rooms free.
    assert minutes(run(hungry())) == 240


def test_room_capacity_and_overlap_hold_with_two_hungry_people_and_one_room():
    doc = hungry(rooms=[{"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]}])
    doc["professionals"][1].update(min_weekly_hours=4, target_weekly_hours=8)
    result = run(doc)
    assert minutes(result, "ana") + minutes(result, "bia") == 240


def test_block_length_holds_when_an_hour_is_all_that_is_left():
    doc = hungry(rules=[{"id": "r-obra", "kind": "room_block", "label": "Obra", "room": "s1", "start": "09:00", "end": "12:00"},
                        {"id": "r-obra2", "kind": "room_block", "label": "Obra", "room": "s2", "start": "09:00", "end": "12:00"}])
    doc["professionals"][0]["min_block_minutes"] = 120
    result = run(doc)
    assert result.status == "OPTIMAL" and minutes(result) == 0
