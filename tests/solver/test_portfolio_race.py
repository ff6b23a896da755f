"""The presolve race's early end: a racer's bound projected at the pace it has been rising.

The referee ends the race before its planned end once every racer, at that pace, would
still be below the solver-free floor when the race ends."""
from __future__ import annotations

import time

import pytest

from rules.instance import parse_instance
from rules.schedule import Schedule
from solver.domain import build_domain
from solver.portfolio import RACE_TREND_SECONDS, Budget, Portfolio, Racer, WhatIfPlan
from tests.solver.tiny import tiny_document


def racer(*history: tuple[float, float]) -> Racer:
    out = Racer("presolve off", presolve=False)
    out.history.extend(history)
    out.bound = history[-1][1] if history else None
    return out


def test_no_projection_before_the_racer_has_had_a_bound_for_the_trend_window():
    assert racer().projected(now=5.0, ahead=3.0) is None
    assert racer((4.5, 100.0)).projected(now=4.5 + RACE_TREND_SECONDS / 2, ahead=3.0) is None


def test_a_bound_still_rising_is_projected_at_its_recent_pace():
    # 100 -> 300 over the last second: 200 a second, so 3 s ahead it would be at 900.
    climbing = racer((1.0, 50.0), (3.0, 100.0), (4.0, 300.0))
    assert climbing.projected(now=4.0, ahead=3.0) == pytest.approx(300.0 + 200.0 * 3.0)


def test_a_stalled_bound_is_projected_where_it_stands():
    # Nothing moved in the last two seconds: its pace is zero.
    stalled = racer((1.0, 50.0), (2.0, 280.0), (3.0, 300.0))
    assert stalled.projected(now=5.0, ahead=10.0) == pytest.approx(300.0)


def test_a_stall_since_the_last_move_slows_the_pace():
    # 200 gained between 3.0 and 4.0, then nothing until 4.5: 200 over the 1.5 s since 3.0.
    slowing = racer((1.0, 50.0), (3.0, 100.0), (4.0, 300.0))
    assert slowing.projected(now=4.5, ahead=1.5) == pytest.approx(300.0 + 200.0)


def portfolio_at(elapsed: float, racers: list[Racer], floor: int, race_left: float) -> Portfolio:
    instance = parse_instance(tiny_document())
    budget = Budget(time_limit=60.0, workers=2, seed=0, deterministic_time=None, began=time.monotonic() - elapsed)
    out = Portfolio(instance, build_domain(instance), budget, WhatIfPlan(), Schedule([]), start_valid=True)
    out.floors = {"flow": floor}
    out.racers = racers
    out._race_ends = out._race_ends_planned = time.monotonic() + race_left
    return out


def test_the_race_ends_early_when_every_racer_stays_below_the_floor_at_its_pace():
    stalled = racer((1.0, 100.0), (2.0, 300.0))
    slow = racer((1.0, 200.0), (3.5, 250.0))  # 50 over 1.5 s: at most ~250 + 33 x 6 by the race's end
    p = portfolio_at(4.0, [stalled, slow], floor=1000, race_left=6.0)
    assert p._race_hopeless()
    p._referee()
    assert p.notes["bound_race"]["early"] and p.notes["bound_race"]["kept"] is None
    assert stalled.lost and slow.lost


def test_the_race_goes_on_while_one_racer_could_still_pass_the_floor():
    stalled = racer((1.0, 100.0), (2.0, 300.0))
    climbing = racer((1.0, 100.0), (3.5, 400.0), (4.0, 700.0))  # 300 a second: past 1000 within 6 s
    assert not portfolio_at(4.0, [stalled, climbing], floor=1000, race_left=6.0)._race_hopeless()


def test_the_race_goes_on_while_a_racer_has_no_trend_yet():
    stalled = racer((1.0, 100.0), (2.0, 300.0))
    late = racer((3.8, 50.0))  # presolve still running on a big week: its first bound just came
    assert not portfolio_at(4.0, [stalled, late], floor=1000, race_left=6.0)._race_hopeless()
