"""The explanation pass names exactly the premissas that clash."""
from __future__ import annotations

from rules.instance import parse_instance
from solver.engine import solve
from tests.solver.tiny import tiny_document


def pin(prof, room, start, end, date="2026-12-07"):
    return {"professional": prof, "room": room, "date": date, "start": start, "end": end, "source": "manual"}


def conflicts_of(doc):
    result = solve(parse_instance(doc), time_limit=10, workers=1)
    assert result.status == "INFEASIBLE"
    assert result.schedule is None and result.objective is None
    return result.conflicts


def test_it_names_two_pins_that_put_one_person_in_two_rooms():
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "10:00"), pin("ana", "s2", "09:00", "11:00")])
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0", "pin:1", "professional:ana:overlap"]
    assert "Ana Souza" in conflict["message"] and "Sala 1" in conflict["message"]


def test_it_names_two_pins_over_a_rooms_capacity():
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "10:00"), pin("bia", "s1", "09:00", "11:00")])
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0", "pin:1", "room:s1:capacity"]


def test_it_names_a_pin_inside_a_room_block():
    doc = tiny_document(
        rules=[{"id": "r-obra", "kind": "room_block", "label": "Sala 1 em obra", "room": "s1", "start": "10:00", "end": "12:00"}],
        pins=[pin("ana", "s1", "09:00", "11:00")],
    )
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0", "r-obra"]
    assert "Sala 1 em obra" in conflict["message"]


def test_it_names_pins_that_exceed_a_weekly_maximum():
    doc = tiny_document(
        rules=[{"id": "r-max", "kind": "hours_limit", "label": "Ana: máximo 3 h", "professional": "ana", "max_weekly_hours": 3}],
        pins=[pin("ana", "s1", "08:00", "10:00"), pin("ana", "s1", "10:00", "12:00")],
    )
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0", "pin:1", "r-max"]


def test_it_names_the_professionals_own_maximum_field():
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "11:00")])
    doc["professionals"][0]["max_weekly_hours"] = 2
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0", "professional:ana:max_weekly_hours"]


def test_it_names_a_pin_outside_opening_hours_and_a_closed_date():
    doc = tiny_document(
        rules=[{"id": "feriado", "kind": "site_closed", "label": "Feriado", "site": "sav", "date": "2026-12-07"}],
        pins=[pin("ana", "s1", "08:00", "09:00"), pin("bia", "s2", "08:00", "10:00", date="2026-12-08")],
    )
    conflicts = conflicts_of(doc)
    assert sorted(c["rules"] for c in conflicts) == [["pin:0", "feriado"], ["pin:1", "site:sav:opening_hours"]]


def test_it_names_a_pin_too_short_for_the_minimum_block_when_nothing_can_extend_it():
    doc = tiny_document(
        rules=[{"id": "r-obra", "kind": "room_block", "label": "Obra", "room": "s1", "start": "09:00", "end": "12:00"}],
        pins=[pin("ana", "s1", "08:00", "09:00")],
    )
    doc["professionals"][0]["min_block_minutes"] = 120
    [conflict] = conflicts_of(doc)
    # Before 08:00 the site is closed, after 09:00 the room is blocked: both are named.
    assert conflict["rules"] == ["pin:0", "professional:ana:min_block_minutes", "r-obra", "site:sav:opening_hours"]


def test_it_names_a_pin_outside_the_week():
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "09:00", date="2026-12-14")])
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0"]
    assert "fora da semana" in conflict["message"]


def test_a_short_pin_that_can_grow_is_not_a_conflict():
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "09:00")])
    doc["professionals"][0]["min_block_minutes"] = 120
    result = solve(parse_instance(doc), time_limit=10, workers=1)
    assert result.status == "OPTIMAL"
    [run] = [a for a in result.schedule if a.professional == "ana" and a.room == "s1" and a.start == 8 * 60]
    assert run.end - run.start >= 120 and run.pinned



# --- accepted pins and forced allocations: what breaks a premissa that does not only forbid time

MAX_DAILY = {"id": "r-max", "kind": "hours_limit", "label": "Ana: no máximo 2 h por dia", "professional": "ana", "max_daily_hours": 2}
PREVIOUS = {"professional": "ana", "room": "s1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}


def forced_conflicts(doc):
    from solver.domain import build_domain
    from solver.explain import explain

    instance = parse_instance(doc)
    return explain(instance, build_domain(instance), forced=instance.previous)


def test_it_names_an_accepted_pin_and_the_daily_maximum_it_breaks():
    doc = tiny_document(rules=[MAX_DAILY], pins=[{**pin("ana", "s1", "08:00", "11:00"), "accepted": True}])
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0", "r-max"]
    assert "fixação de Ana Souza em Sala 1" in conflict["message"]
    assert "«Ana: no máximo 2 h por dia»" in conflict["message"]


def test_an_accepted_pin_within_the_daily_maximum_is_not_a_conflict():
    doc = tiny_document(rules=[MAX_DAILY], pins=[{**pin("ana", "s1", "08:00", "10:00"), "accepted": True}])
    assert solve(parse_instance(doc), time_limit=10, workers=1).status == "OPTIMAL"


def test_it_names_a_kept_previous_allocation_and_the_premissa_it_breaks():
    [conflict] = forced_conflicts(tiny_document(rules=[MAX_DAILY], previous=[PREVIOUS]))
    assert conflict["rules"] == ["previous:0", "r-max"]
    assert "alocação publicada de Ana Souza em Sala 1 (Savassi, segunda 07/12, 08:00–12:00)" in conflict["message"]
    assert "«Ana: no máximo 2 h por dia»" in conflict["message"]


def test_a_kept_previous_allocation_that_fits_is_not_a_conflict():
    assert forced_conflicts(tiny_document(previous=[PREVIOUS])) == []


def test_it_names_a_pin_and_a_kept_previous_allocation_that_overlap():
    doc = tiny_document(pins=[pin("ana", "s2", "11:00", "12:00")], previous=[PREVIOUS])
    [conflict] = forced_conflicts(doc)
    assert conflict["rules"] == ["pin:0", "previous:0", "professional:ana:overlap"]
    assert "fixação de Ana Souza em Sala 2" in conflict["message"] and "alocação publicada" in conflict["message"]


def test_a_pin_outside_the_week_beside_one_inside_is_named_once_without_a_crash():
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "09:00", date="2026-12-14"), pin("ana", "s1", "08:00", "09:00")])
    [conflict] = conflicts_of(doc)
    assert conflict["rules"] == ["pin:0"]
    assert "fora da semana" in conflict["message"]


# --- the pins' own check runs only when the warm start does not already show they hold


def _count_pins_checks(monkeypatch) -> list[bool]:
    from solver import engine

    calls: list[bool] = []
    real = engine.pins_feasible

    def counted(*args, **kwargs):
        calls.append(real(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(engine, "pins_feasible", counted)
    return calls


def test_pins_a_valid_warm_start_holds_are_not_checked_again(monkeypatch):
    calls = _count_pins_checks(monkeypatch)
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "10:00"), pin("bia", "s2", "09:00", "11:00")])
    result = solve(parse_instance(doc), time_limit=10, workers=1)
    assert result.status == "OPTIMAL"
    assert calls == []


def test_pins_the_warm_start_cannot_hold_are_checked_and_explained(monkeypatch):
    calls = _count_pins_checks(monkeypatch)
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "10:00"), pin("ana", "s2", "09:00", "11:00")])
    assert conflicts_of(doc)[0]["rules"] == ["pin:0", "pin:1", "professional:ana:overlap"]
    assert calls == [False]


def test_a_pin_outside_the_week_is_checked_even_beside_a_valid_week(monkeypatch):
    calls = _count_pins_checks(monkeypatch)
    doc = tiny_document(pins=[pin("ana", "s1", "08:00", "09:00", date="2026-12-14")])
    assert conflicts_of(doc)[0]["rules"] == ["pin:0"]
    assert calls == [False]
