"""An accepted pin wins over the cell-level premissa it breaks, for its own slot; the week is solved around it."""
from __future__ import annotations

import pytest

from rules import catalogue
from rules.instance import parse_instance
from solver.domain import build_domain
from solver.engine import solve
from tests.solver.tiny import tiny_document

BLOCK = {"id": "r-obra", "kind": "room_block", "label": "Sala 1 em obra", "room": "s1", "start": "08:00", "end": "12:00"}
RESERVED = {"id": "r-res", "kind": "room_reserved", "label": "Sala 1 da Bia", "room": "s1", "professionals": ["bia"]}


def pin(accepted: bool, start="08:00", end="10:00", room="s1") -> dict:
    return {"professional": "ana", "room": room, "date": "2026-12-07", "start": start, "end": end,
            "source": "saturday", "accepted": accepted}  # fmt: skip


CASES = {
    "availability": {"professionals": [
        {"id": "ana", "name": "Ana Souza", "room_kind": "consultorio", "target_weekly_hours": 3,
         "availability": [{"weekday": "tue", "start": "08:00", "end": "12:00"}]},
        {"id": "bia", "name": "Bia Lima", "room_kind": "consultorio", "target_weekly_hours": 4}]},
    "room_block": {"rules": [BLOCK]},
    "room_reserved": {"rules": [RESERVED]},
    "opening_hours": {"sites": [{"id": "sav", "name": "Savassi", "opening_hours": {"mon": ["10:00", "12:00"]}}]},
    "room_kind": {"rooms": [
        {"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["ginasio"]},
        {"id": "s2", "site": "sav", "name": "Sala 2", "kinds": ["consultorio"]}]},
}  # fmt: skip


@pytest.mark.parametrize("premissa", sorted(CASES))
def test_a_pin_breaking_a_cell_premissa_is_infeasible_unless_accepted(premissa):
    refused = solve(parse_instance(tiny_document(**CASES[premissa], pins=[pin(False)])), time_limit=10, workers=1)
    assert refused.status == "INFEASIBLE"

    instance = parse_instance(tiny_document(**CASES[premissa], pins=[pin(True)]))
    result = solve(instance, time_limit=10, workers=1)

    assert result.status in ("OPTIMAL", "FEASIBLE")
    mine = [a for a in result.schedule if a.professional == "ana" and a.room == "s1"]
    assert any(a.start <= 480 and 600 <= a.end for a in mine)
    assert catalogue.check_all(instance, result.schedule) == []  # nothing hard outside the pinned slot
    listed = catalogue.check_all(instance, result.schedule, accepted=True)
    assert {(i.rule, i.severity) for i in listed} == {(premissa, "accepted")}


def test_the_rest_of_the_day_stays_forbidden_around_an_accepted_pin():
    instance = parse_instance(tiny_document(rules=[BLOCK], pins=[pin(True, "08:00", "09:00")]))
    domain = build_domain(instance)

    monday = instance.dates[0]  # Savassi opens 08:00–12:00, Sala 1 blocked all that time

    assert domain.allowed("ana", "s1", monday) == [(480, 540)]
    assert domain.allowed("bia", "s1", monday) == []
    assert domain.allowed("ana", "s1", monday, accepted=False) == []
    assert [f.window for f in domain.blockers("ana", "s1", monday) if f.premissa == "r-obra"] == [(540, 720)]


def test_an_accepted_room_kind_pin_opens_only_its_slot():
    instance = parse_instance(tiny_document(**CASES["room_kind"], pins=[pin(True, "08:00", "09:00")]))
    domain = build_domain(instance)
    monday = instance.dates[0]

    assert domain.pair_forbidden("ana", "s1") is None
    assert domain.allowed("ana", "s1", monday) == [(480, 540)]
    assert domain.allowed("ana", "s1", instance.dates[1]) == []
    kind = [f.window for f in domain.blockers("ana", "s1", monday) if f.premissa == "professional:ana:room_kind"]
    assert kind == [(0, 480), (540, 1440)]
