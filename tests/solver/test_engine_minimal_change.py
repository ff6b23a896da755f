"""Minimal-change re-solves: a priced neighbourhood around the change, with a knob for how far it reaches."""
from __future__ import annotations

import json

import pytest

from rules import catalogue
from rules.errors import DocumentError
from rules.instance import parse_instance
from solver.domain import build_domain
from solver.engine import solve, warm_start
from solver.lns import Incumbent, Search
from solver.reach import find_touched
from tests.solver.tiny import tiny_document

MONDAY, TUESDAY = "2026-12-07", "2026-12-08"
SUB_SECONDS = 2.0  # a neighbourhood's time limit: tiny sub-models close long before it


def week(**overrides):
    # Ana would rather be in Sala 2 and stability is worth nothing in the objective,
    # so only the strict freeze keeps her where the previous week had her.
    doc = tiny_document(
        previous=[{"professional": "ana", "room": "s1", "date": MONDAY, "start": "08:00", "end": "12:00"}],
        weights={"changed": 0},
        **overrides,
    )
    doc["professionals"][0].update(preferred_rooms=["s2"], min_weekly_hours=4, target_weekly_hours=4)
    doc["professionals"][1].update(min_weekly_hours=0, target_weekly_hours=0)
    return doc


def test_without_minimal_change_the_objective_moves_ana():
    result = solve(parse_instance(week()), time_limit=10, workers=1)
    assert result.terms["changed"] == 240


def test_minimal_change_is_priced_so_a_free_change_may_move_ana():
    result = solve(parse_instance(week()), time_limit=10, workers=1, minimal_change=True)
    assert result.terms["changed"] == 240 and result.terms["off_preference"] == 0


def test_the_strict_freeze_keeps_what_still_holds():
    result = solve(parse_instance(week()), time_limit=10, workers=1, max_changed_minutes=0)
    assert result.terms["changed"] == 0


def test_the_strict_freeze_keeps_the_part_of_a_run_a_block_leaves():
    block = [{"id": "r-obra", "kind": "room_block", "label": "Obra", "room": "s1", "start": "08:00", "end": "09:00"}]
    result = solve(parse_instance(week(rules=block)), time_limit=10, workers=1, max_changed_minutes=0)
    # Only the blocked hour moves: 09:00–12:00 stays in Sala 1.
    assert result.terms["changed"] == 60
    assert any(a.professional == "ana" and a.room == "s1" and a.start == 9 * 60 and a.end == 12 * 60 for a in result.schedule)


def crowded(**overrides):
    return parse_instance(crowded_document(**overrides))


def crowded_document(**overrides):
    """Sala 1 blocked on Monday: Ana (consultório) loses her morning. Bia (ginásio) holds Sala 2,
    which serves both kinds, while the gym next door stands empty — only moving Bia makes room."""
    doc = tiny_document(
        rooms=[
            {"id": "s1", "site": "sav", "name": "Sala 1", "kinds": ["consultorio"]},
            {"id": "s2", "site": "sav", "name": "Sala 2", "kinds": ["consultorio", "ginasio"]},
            {"id": "g1", "site": "sav", "name": "Ginásio", "kinds": ["ginasio"]},
        ],
        professionals=[
            {"id": "ana", "name": "Ana Souza", "room_kind": "consultorio", "min_weekly_hours": 4},
            {"id": "bia", "name": "Bia Lima", "room_kind": "ginasio", "min_weekly_hours": 4},
        ],
        previous=[
            {"professional": "ana", "room": "s1", "date": MONDAY, "start": "08:00", "end": "12:00"},
            {"professional": "bia", "room": "s2", "date": MONDAY, "start": "08:00", "end": "12:00"},
        ],
        rules=[{"id": "r-obra", "kind": "room_block", "label": "Obra", "room": "s1", "date": MONDAY}],
    )
    doc.update(overrides)
    return doc


def minutes_of(result, pid):
    return sum(a.minutes for a in result.schedule if a.professional == pid)


def test_the_strict_freeze_leaves_the_displaced_professional_short():
    result = solve(crowded(), time_limit=10, workers=1, max_changed_minutes=0)
    assert minutes_of(result, "ana") == 0
    assert result.terms["changed"] == result.stats["forced_minutes"] == 240


def test_the_displaced_professional_is_re_placed_by_moving_one_other():
    instance = crowded()
    freeze = solve(instance, time_limit=10, workers=1, max_changed_minutes=0)
    result = solve(instance, time_limit=10, workers=1, minimal_change=True)
    assert minutes_of(result, "ana") == 240 and minutes_of(result, "bia") == 240
    assert {a.room for a in result.schedule if a.professional == "bia"} == {"g1"}
    assert result.objective < freeze.objective
    assert catalogue.check_all(instance, result.schedule) == []


def test_the_cap_bounds_the_minutes_changed_beyond_the_forced_ones():
    result = solve(crowded(), time_limit=10, workers=1, max_changed_minutes=120)
    assert result.terms["changed"] <= result.stats["forced_minutes"] + 120
    # Bia gives up half of Sala 2, and Ana gets that half.
    assert minutes_of(result, "ana") == 120


def test_the_scope_keeps_previous_allocations_outside_it():
    instance = crowded()
    elsewhere = solve(instance, time_limit=10, workers=1, scope_dates=[TUESDAY])
    assert minutes_of(elsewhere, "ana") == 0
    assert any(a.professional == "bia" and a.room == "s2" and a.minutes == 240 for a in elsewhere.schedule)
    here = solve(instance, time_limit=10, workers=1, scope_dates=[MONDAY], scope_sites=["sav"])
    assert minutes_of(here, "ana") == 240


def test_a_negative_cap_or_an_unknown_site_is_rejected():
    with pytest.raises(DocumentError):
        solve(crowded(), time_limit=1, workers=1, max_changed_minutes=-1)
    with pytest.raises(DocumentError, match="scope_sites"):
        solve(crowded(), time_limit=1, workers=1, scope_sites=["nowhere"])


def test_the_neighbourhood_search_starts_from_the_touched_set_and_re_places_the_displaced():
    # Bigger weeks run the neighbourhood search (tiny ones go to the whole-week model): here its
    # steps, from the strict freeze, with the touched set the engine would hand it.
    instance = crowded()
    domain = build_domain(instance)
    freeze = warm_start(instance, domain)
    touched = find_touched(instance, domain, freeze)
    assert touched.displaced == {"ana"} and touched.near["ana"] == {"bia"}
    search = Search(instance, domain, Incumbent(instance, freeze), seed=0, touched=touched)
    for _ in range(3):
        search.step(SUB_SECONDS)
    schedule, objective, _ = search.shared.snapshot()
    assert sum(a.minutes for a in schedule if a.professional == "ana") == 240
    assert catalogue.check_all(instance, schedule) == []


def test_the_neighbourhood_search_never_accepts_more_than_the_cap():
    instance = crowded()
    domain = build_domain(instance)
    freeze = warm_start(instance, domain)
    cap = 240 + 60
    search = Search(instance, domain, Incumbent(instance, freeze, max_changed=cap), seed=0, touched=find_touched(instance, domain, freeze))
    for _ in range(3):
        search.step(SUB_SECONDS)
    schedule, _objective, _ = search.shared.snapshot()
    assert catalogue.terms(instance, schedule)["changed"] <= cap
    assert sum(a.minutes for a in schedule if a.professional == "ana") == 60


def test_the_command_line_knob_asks_for_the_strict_freeze_or_a_scope(tmp_path, capsys):
    from solver.cli import main

    doc = crowded_document()
    path, out = tmp_path / "instance.json", tmp_path / "solution.json"
    path.write_text(json.dumps(doc))
    assert main(["solve", str(path), "-o", str(out), "--time-limit", "5", "-q", "--strict-freeze"]) == 0
    solution = json.loads(out.read_text())
    assert solution["terms"]["changed"] == solution["stats"]["forced_minutes"] == 240
    assert main(["solve", str(path), "-o", str(out), "--time-limit", "5", "-q", "--scope-date", MONDAY]) == 0
    assert json.loads(out.read_text())["stats"]["reach"]["scope_dates"] == [MONDAY]
    assert main(["solve", str(path), "--time-limit", "1", "-q", "--scope-site", "nowhere"]) == 2
    assert "scope_sites" in capsys.readouterr().err
