"""Minimal-change re-solves move only what the change forces."""
from __future__ import annotations

from rules.instance import parse_instance
from solver.engine import solve
from tests.solver.tiny import tiny_document


def week(**overrides):
    # Ana would rather be in Sala 2 and stability is worth nothing in the objective,
    # so only the minimal-change rule keeps her where the previous week had her.
    doc = tiny_document(
        previous=[{"professional": "ana", "room": "s1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}],
        weights={"changed": 0},
        **overrides,
    )
    doc["professionals"][0].update(preferred_rooms=["s2"], min_weekly_hours=4, target_weekly_hours=4)
    doc["professionals"][1].update(min_weekly_hours=0, target_weekly_hours=0)
    return doc


def test_without_minimal_change_the_objective_moves_ana():
    result = solve(parse_instance(week()), time_limit=10, workers=1)
    assert result.terms["changed"] == 240


def test_it_keeps_what_still_holds():
    result = solve(parse_instance(week()), time_limit=10, workers=1, minimal_change=True)
    assert result.terms["changed"] == 0


def test_it_keeps_the_part_of_a_run_a_block_leaves():
    block = [{"id": "r-obra", "kind": "room_block", "label": "Obra", "room": "s1", "start": "08:00", "end": "09:00"}]
    result = solve(parse_instance(week(rules=block)), time_limit=10, workers=1, minimal_change=True)
    # Only the blocked hour moves: 09:00–12:00 stays in Sala 1.
    assert result.terms["changed"] == 60
    assert any(a.professional == "ana" and a.room == "s1" and a.start == 9 * 60 and a.end == 12 * 60 for a in result.schedule)
