"""A tiny clinic for rule tests: two sites, four rooms, three professionals, week of 2026-12-07.

`document(**changes)` returns the instance document; `build(**changes)` parses it.
A top-level key replaces that field (``None`` removes it); for ``sites``, ``rooms`` and
``professionals`` a dict ``{id: {field: value}}`` patches those entries instead
(``None`` as a value removes the field). `alloc("ana", "c1", "mon", "08:00", "12:00")`
makes an allocation (the day is a weekday of the week or an ISO date); `schedule(*allocs)`
wraps them.
"""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from rules.instance import Allocation, Instance, parse_instance
from rules.schedule import Schedule
from rules.timeutil import WEEKDAYS, parse_time

WEEK_START = dt.date(2026, 12, 7)
WEEKDAYS_ONLY = ("mon", "tue", "wed", "thu", "fri")

BASE: dict[str, Any] = {
    "format": "agendador.instance/1",
    "week_start": "2026-12-07",
    "grain_minutes": 30,
    "sites": [
        {
            "id": "centro",
            "name": "Centro",
            "opening_hours": {**{d: ["07:00", "19:00"] for d in WEEKDAYS_ONLY}, "sat": ["08:00", "12:00"]},
        },
        {"id": "bairro", "name": "Bairro", "opening_hours": {d: ["08:00", "18:00"] for d in WEEKDAYS_ONLY}},
    ],
    "travel_minutes": [{"from": "centro", "to": "bairro", "minutes": 60}],
    "rooms": [
        {"id": "c1", "site": "centro", "name": "Sala 1", "kinds": ["consultorio"]},
        {"id": "c2", "site": "centro", "name": "Sala 2", "kinds": ["consultorio"]},
        {"id": "gym", "site": "centro", "name": "Ginásio", "kinds": ["ginasio"], "capacity": 2},
        {"id": "b1", "site": "bairro", "name": "Sala B1", "kinds": ["consultorio"]},
    ],
    "professionals": [
        {"id": "ana", "name": "Ana Souza", "room_kind": "consultorio"},
        {"id": "bia", "name": "Bia Lima", "room_kind": "ginasio"},
        {"id": "caio", "name": "Caio Reis", "room_kind": "ginasio"},
    ],
}


def make_document(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    for key, value in changes.items():
        if key in ("sites", "rooms", "professionals") and isinstance(value, dict):
            entries = {entry["id"]: entry for entry in doc[key]}
            for entry_id, fields in value.items():
                for name, new in fields.items():
                    if new is None:
                        entries[entry_id].pop(name, None)
                    else:
                        entries[entry_id][name] = new
        elif value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def make_allocation(professional: str, room: str, day: str, start: str, end: str) -> Allocation:
    date = WEEK_START + dt.timedelta(days=WEEKDAYS.index(day)) if day in WEEKDAYS else dt.date.fromisoformat(day)
    return Allocation(date, parse_time(start), parse_time(end, allow_24=True), professional, room)


@pytest.fixture
def document():
    return make_document


@pytest.fixture
def build():
    def _build(**changes: Any) -> Instance:
        return parse_instance(make_document(**changes))

    return _build


@pytest.fixture
def alloc():
    return make_allocation


@pytest.fixture
def schedule():
    def _schedule(*allocations: Allocation) -> Schedule:
        return Schedule(allocations)

    return _schedule
