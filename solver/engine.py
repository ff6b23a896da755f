"""Solve a week: warm-start it, run the portfolio of searches, check and score the result.

`solve_document` is the engine's public entry point (plain documents in and
out); `solve` works on a parsed `Instance`. The searches themselves live in
`solver.portfolio` (the whole-week model and `solver.lns`); a caller's stop in
`solver.stop`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from rules import catalogue
from rules.instance import Allocation, Instance, parse_instance
from rules.schedule import Schedule, allocation_to_dict
from rules.schema import SOLUTION_FORMAT
from solver.bound import capacity_bound
from solver.domain import Domain, build_domain
from solver.explain import explain, pins_feasible
from solver.greedy import Greedy
from solver.portfolio import Budget, Portfolio, Progress, WhatIfPlan, decode
from solver.reach import Reach, find_touched, make_reach
from solver.stop import StopRequest

STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
}


class SolverBug(AssertionError):
    """A solution the engine produced breaks a hard premissa."""


@dataclass
class Result:
    status: str
    schedule: Schedule | None = None
    terms: dict[str, int] | None = None
    objective: int | None = None
    bound: int | None = None
    conflicts: list[dict] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0 and self.bound <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / max(1, self.objective))

    def to_document(self) -> dict[str, Any]:
        has = self.schedule is not None
        gap = self.gap
        return {
            "format": SOLUTION_FORMAT,
            "status": self.status,
            "objective": self.objective if has else None,
            "bound": self.bound if has else None,
            "gap": round(gap, 6) if has and gap is not None else None,
            "terms": self.terms if has else None,
            "allocations": [allocation_to_dict(a) for a in self.schedule] if has else [],
            "conflicts": self.conflicts,
            "stats": self.stats,
        }


def warm_start(instance: Instance, domain: Domain) -> Schedule:
    """Previous week kept where it still holds, pins, then greedy filling."""
    greedy = Greedy(instance, domain)
    greedy.place_pins()
    for prev in sorted(instance.previous):
        if not instance.in_week(prev.date):
            continue
        a, b = prev.start // instance.grain, -(-prev.end // instance.grain)
        if greedy.fits(prev.professional, prev.room, prev.date, a, b):
            greedy.occupy(prev.professional, prev.room, prev.date, a, b)
            continue
        # Cut by a change (a block over part of it, say): keep the longest part that still fits.
        k = greedy.k(prev.professional)
        for length in range(b - a - 1, k - 1, -1):
            x = next((x for x in range(a, b - length + 1) if greedy.fits(prev.professional, prev.room, prev.date, x, x + length)), None)
            if x is not None:
                greedy.occupy(prev.professional, prev.room, prev.date, x, x + length)
                break
    greedy.drop_short_runs()
    return greedy.run()


def kept_parts(schedule: Schedule, allocation) -> list[Allocation]:
    """The parts of `allocation` the schedule still has (same professional, room and date)."""
    mine = [a for a in schedule.by_professional_date.get((allocation.professional, allocation.date), []) if a.room == allocation.room]
    return [
        dataclasses.replace(allocation, start=max(a.start, allocation.start), end=min(a.end, allocation.end))
        for a in mine
        if a.start < allocation.end and allocation.start < a.end
    ]


def covers(schedule: Schedule, allocation) -> bool:
    """Whether every minute of `allocation` is still in the schedule (its run may have grown)."""
    return sum(part.minutes for part in kept_parts(schedule, allocation)) == allocation.minutes


def plan_what_if(instance: Instance, domain: Domain, start: Schedule, reach: Reach) -> tuple[WhatIfPlan, dict[str, Any]]:
    """How a minimal-change re-solve treats the previous week, and the stats that say so.

    The warm start kept what still holds of the previous week (whole, or the part
    a change left); the rest is forced out. A strict reach keeps all it kept;
    otherwise only what lies outside the scope stays, the strict freeze becomes
    the first thing solved, and the search starts where the change hurts."""
    kept = tuple(part for p in instance.previous if instance.in_week(p.date) for part in kept_parts(start, p))
    previous_minutes = sum(p.minutes for p in instance.previous if instance.in_week(p.date))
    forced = previous_minutes - sum(part.minutes for part in kept)
    stats = {"forced_minutes": forced, "reach": reach.to_dict()}
    if reach.strict:
        return WhatIfPlan(keep=kept), stats
    max_changed = None if reach.max_changed_minutes is None else forced + reach.max_changed_minutes
    return (
        WhatIfPlan(
            keep=tuple(part for part in kept if not reach.may_move(instance, part)),
            freeze=kept,
            max_changed=max_changed,
            touched=find_touched(instance, domain, start),
        ),
        stats,
    )


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    progress: Progress | None = None,
    deterministic_time: float | None = None,
    stop: StopRequest | None = None,
    checkpoints: list[float] | None = None,
    minimal_change: bool = False,
    max_changed_minutes: int | None = None,
    scope_dates: Iterable[dt.date | str] | None = None,
    scope_sites: Iterable[str] | None = None,
) -> Result:
    """Solve one week.

    `minimal_change` (a what-if from a published week) is a priced neighbourhood:
    the previous allocations are the starting point and the `changed` term prices
    leaving them. The first incumbent is a strict-freeze schedule (the warm start;
    where the whole-week model runs, the freeze is solved first); then the search
    starts from the professionals the change displaced and those competing for
    the places they could use, and widens (`solver.reach`, `solver.lns`), so the
    result is never worse than the freeze it started from. How far it may reach:
    `max_changed_minutes` caps the changed minutes beyond those the change forces
    (0 = the strict freeze); `scope_dates` / `scope_sites` keep every previous
    allocation outside them. Giving any of the three implies `minimal_change`.

    The searches run as a portfolio (`solver.portfolio`): the whole-week model
    and neighbourhood search from the warm start, on `workers` cores.
    `progress(elapsed, objective, bound)` is called on the caller's thread.
    `stop` (a `threading.Event`, or a `should_stop()` callable, looked at from
    the caller's thread every `portfolio.TICK_SECONDS`) ends the run early: the
    best schedule so far comes back (FEASIBLE unless its bound proves it,
    `stats["stopped"]` true), or UNKNOWN when there is none yet.
    """
    budget = Budget(time_limit, workers, seed, deterministic_time, began=time.monotonic())
    stats: dict[str, Any] = {"workers": workers, "seed": seed}
    domain = build_domain(instance)
    start = warm_start(instance, domain)
    start_valid = not catalogue.check_all(instance, start)
    stats["warm_start_seconds"] = round(budget.elapsed(), 3)
    # A valid warm start holds every pin, so the pins hold together: the CP-SAT check of
    # the pins alone (1.3 s on a week of 400 pinned professionals) is only needed without one.
    outside = any(not instance.in_week(pin.date) for pin in instance.pins)
    if instance.pins and (outside or not start_valid) and not pins_feasible(instance, domain):
        return _infeasible(instance, domain, stats, budget)
    reach = make_reach(instance, max_changed_minutes, scope_dates, scope_sites)
    plan = WhatIfPlan()
    if (minimal_change or reach != Reach()) and any(instance.in_week(p.date) for p in instance.previous):
        plan, what_if_stats = plan_what_if(instance, domain, start, reach)
        stats.update(what_if_stats)

    portfolio = Portfolio(instance, domain, budget, plan, start, start_valid=start_valid, keep_snapshots=bool(checkpoints))
    portfolio.run(progress, stop)
    stats.update(portfolio.notes)
    stats["wall_seconds"] = round(budget.elapsed(), 3)
    stats["lns_iterations"] = sum(s.iterations for s in portfolio.searches)
    stats["lns_improvements"] = sum(s.improvements for s in portfolio.searches)
    kinds: dict[str, dict[str, int]] = {}
    for search in portfolio.searches:
        for kind, tally in search.kinds.items():
            mine = kinds.setdefault(kind, dict.fromkeys(tally, 0))
            for key, value in tally.items():
                mine[key] += value
    if kinds:
        stats["lns_neighbourhoods"] = kinds
    if portfolio.stopped:
        stats["stopped"] = True
    return _result(instance, domain, portfolio, stats, checkpoints)


def _result(instance: Instance, domain: Domain, portfolio: Portfolio, stats: dict[str, Any], checkpoints) -> Result:
    """The portfolio's best schedule, checked and scored by the rule catalogue."""
    outcome = portfolio.whole_week
    if outcome.status is not None:
        stats["solver_status"] = STATUS[outcome.status]
    if outcome.status == cp_model.INFEASIBLE:
        return _infeasible(instance, domain, stats, portfolio.budget, forced=portfolio.plan.keep)
    if outcome.status == cp_model.MODEL_INVALID:
        raise SolverBug(portfolio.model.model.validate())
    floors = dict(portfolio.floors) or {"capacity": capacity_bound(instance, domain)}
    floor = max(floors.values())
    if checkpoints:
        history = portfolio.incumbent.history if portfolio.incumbent is not None else []
        floor_at = portfolio.floor_at if portfolio.floors else portfolio.budget.elapsed()
        stats["checkpoints"] = _checkpoints(instance, portfolio, history, checkpoints, floor, floor_at)
    schedule = portfolio.best
    if schedule is None:
        return Result("UNKNOWN", stats=stats)

    broken = catalogue.check_all(instance, schedule)
    if broken:
        raise SolverBug("; ".join(i.message for i in broken[:5]))
    objective, terms = catalogue.score(instance, schedule)
    stats["first_solution_seconds"] = round(min(portfolio.first_solutions), 3)
    # The objective is integral, so its bound rounds up.
    raw = outcome.bound if outcome.bound is not None else 0.0
    solver_bound = max(0, math.ceil(raw - 1e-6)) if math.isfinite(raw) else 0
    # Every bound is valid on its own: the report takes the best (tests check each against optima).
    stats["bounds"] = {**floors, "cp_sat": solver_bound}
    bound = min(objective, max(solver_bound, floor))
    label = "OPTIMAL" if objective == bound else "FEASIBLE"
    return Result(label, schedule, terms, objective, bound, [], stats)


def _checkpoints(
    instance: Instance, portfolio: Portfolio, history, checkpoints: list[float], floor: int, floor_at: float
) -> list[dict]:
    """True objective and bound at each checkpoint: the best whole-model bound any racer
    had reached by then, floored by the solver-free bounds once they were computed."""
    began, outcome = portfolio.budget.began, portfolio.whole_week
    out = []
    for limit in checkpoints:  # a run that ended earlier (proved optimal) keeps its last figures
        found = [value for at, value in history if at - began <= limit]
        before = [snap for snap in outcome.snapshots if snap.elapsed <= limit]
        known = [b for at, b in outcome.bounds if at <= limit and math.isfinite(b)]
        floored = floor if floor_at <= limit else 0
        bound = max(floored, math.ceil(max(known) - 1e-6)) if known else floored
        objective = min(found) if found else None
        if before and portfolio.model is not None:
            values = before[-1].values
            value = catalogue.score(instance, decode(portfolio.model, lambda var: bool(values[var.index])))[0]
            objective = value if objective is None else min(objective, value)
        out.append({"seconds": limit, "objective": objective, "bound": bound})
    return out


def _infeasible(instance: Instance, domain: Domain, stats: dict, budget: Budget, forced=()) -> Result:
    """`forced`: the previous allocations a minimal-change re-solve kept; they may be part of the clash."""
    conflicts = explain(instance, domain, forced=forced)
    stats["wall_seconds"] = round(budget.elapsed(), 3)
    return Result("INFEASIBLE", conflicts=conflicts, stats=stats)


def solve_document(
    doc: dict[str, Any],
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    progress: Progress | None = None,
    deterministic_time: float | None = None,
    minimal_change: bool = False,
    max_changed_minutes: int | None = None,
    scope_dates: Iterable[str] | None = None,
    scope_sites: Iterable[str] | None = None,
    stop: StopRequest | None = None,
) -> dict[str, Any]:
    """Solve a format v1 instance document and return the solution document.

    The minimal-change parameters and `stop` are those of `solve`. Raises
    `rules.errors.DocumentError` (naming the field) for a bad document.
    """
    instance = parse_instance(doc)
    result = solve(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        progress=progress,
        deterministic_time=deterministic_time,
        minimal_change=minimal_change,
        max_changed_minutes=max_changed_minutes,
        scope_dates=scope_dates,
        scope_sites=scope_sites,
        stop=stop,
    )
    return result.to_document()


__all__ = ["Result", "SolverBug", "build_domain", "solve", "solve_document"]
