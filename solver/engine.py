"""Solve a week: build the model from the catalogue, warm-start it, solve, decode, check.

`solve_document` is the engine's public entry point (plain documents in and
out); `solve` works on a parsed `Instance`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from rules import catalogue, changed
from rules.instance import Allocation, Instance, parse_instance
from rules.schedule import Schedule, allocation_to_dict
from rules.schema import SOLUTION_FORMAT
from solver.bound import capacity_bound
from solver.decode import add_complete_hint, assign_rooms, cells_of_schedule
from solver.domain import Domain, build_domain
from solver.explain import explain, pins_feasible
from solver.greedy import Greedy
from solver.lns import Incumbent, improve
from solver.model import ScheduleModel, encode_hard, keep_allocations
from solver.reach import Reach, find_touched, make_reach

Progress = Callable[[float, int | None, int | None], None]

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


evaluate = catalogue.score


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, t0: float, progress: Progress | None, keep_snapshots: bool):
        super().__init__()
        self.t0, self.progress, self.keep_snapshots = t0, progress, keep_snapshots
        self.first: float | None = None
        self.snapshots: list[tuple[float, float, list[int]]] = []  # (elapsed, bound, solution)

    def on_solution_callback(self) -> None:
        elapsed = time.monotonic() - self.t0
        if self.first is None:
            self.first = elapsed
        if self.keep_snapshots:
            self.snapshots.append((elapsed, self.best_objective_bound, list(self.response_proto.solution)))
        if self.progress is not None:
            self.progress(int(self.objective_value), self.best_objective_bound)


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


FULL_MODEL_LIMIT = 40_000  # professionals x rooms above which the whole-week model is not built
SMALL_MODEL_LIMIT = 200  # professionals x rooms up to which no neighbourhood search runs
NO_PRESOLVE_LIMIT = 60_000  # variables up to which the whole-week model skips CP-SAT's presolve
FREEZE_SHARE = 0.25  # a what-if's strict freeze (its first incumbent) gets at most this share of the time


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    progress: Progress | None = None,
    deterministic_time: float | None = None,
    stop: threading.Event | None = None,
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

    Portfolio on two cores: the whole-week model (its bound, and its own
    search) on one thread, large neighbourhood search from the warm start on
    the other; when the whole-week bound stalls, its core joins the search.
    With one worker, a `deterministic_time` (reproducible runs) or a small week
    only the whole-week model runs. Past `NO_PRESOLVE_LIMIT` variables (l) or
    `FULL_MODEL_LIMIT` (xl, not even built) both cores search and the bound is
    the capacity bound (`solver.bound`).
    """
    t0 = time.monotonic()
    deadline = t0 + time_limit
    stop = stop or threading.Event()
    stats: dict[str, Any] = {"workers": workers, "seed": seed}
    domain = build_domain(instance)
    if instance.pins and not pins_feasible(instance, domain):
        return _infeasible(instance, domain, stats, t0)

    start = warm_start(instance, domain)
    start_valid = not catalogue.check_all(instance, start)
    stats["warm_start_seconds"] = round(time.monotonic() - t0, 3)
    reach = make_reach(instance, max_changed_minutes, scope_dates, scope_sites)
    minimal_change = minimal_change or reach != Reach()
    keep: tuple = ()
    freeze: tuple = ()  # the strict freeze, solved first when the search may reach further
    max_changed = None
    touched = None
    if minimal_change and any(instance.in_week(p.date) for p in instance.previous):
        # What still holds of the previous week: the warm start kept it, whole or the part a change left.
        kept = tuple(part for p in instance.previous if instance.in_week(p.date) for part in kept_parts(start, p))
        previous_minutes = sum(p.minutes for p in instance.previous if instance.in_week(p.date))
        forced = previous_minutes - sum(part.minutes for part in kept)
        stats["forced_minutes"] = forced
        stats["reach"] = reach.to_dict()
        if reach.strict:
            keep = kept
        else:
            keep = tuple(part for part in kept if not reach.may_move(instance, part))
            freeze = kept
            if reach.max_changed_minutes is not None:
                max_changed = forced + reach.max_changed_minutes
            touched = find_touched(instance, domain, start)
    shared = Incumbent(instance, start, max_changed) if start_valid else None
    first = [time.monotonic() - t0] if start_valid else []

    # Every thread reports through this queue; the calling thread hands the
    # reports to `progress`, so a caller's callback (a database write, say)
    # always runs on the caller's own thread.
    events: queue.Queue = queue.Queue()
    outcome: dict[str, Any] = {}

    def report(objective: int, bound: float | None = None) -> None:
        events.put((time.monotonic() - t0, objective, bound if bound is not None else outcome.get("bound")))

    def drain() -> None:
        while not events.empty():
            elapsed, objective, bound = events.get()
            if shared is not None:
                objective = min(objective, shared.snapshot()[1])
            if progress is not None:
                progress(elapsed, int(objective), None if bound is None or not math.isfinite(bound) else int(bound))

    if shared is not None:
        report(shared.objective)

    size = len(instance.professionals) * len(instance.rooms)
    full = size <= FULL_MODEL_LIMIT
    # Small weeks are proved optimal fastest by the whole model on every core.
    lns = shared is not None and ((workers >= 2 and deterministic_time is None and size > SMALL_MODEL_LIMIT) or not full)
    searches = []

    def search(seed_offset: int, should_stop) -> None:
        searches.append(
            improve(
                instance,
                domain,
                shared,
                deadline=deadline,
                seed=seed + seed_offset,
                on_improve=lambda objective, _schedule: report(objective),
                should_stop=should_stop,
                keep=keep,
                touched=touched,
            )
        )

    m = None
    thread = None
    # A what-if's whole-week model has every previous room standing alone (m: 75k
    # variables, 0.9 s just to build, past NO_PRESOLVE_LIMIT so never solved in
    # time): with the neighbourhood search running, both cores search instead.
    if full and lns and freeze:
        stats["whole_week_model"] = "not built (what-if)"
    elif full:
        m = ScheduleModel(instance, domain)
        encode_hard(m)
        keep_allocations(m, keep)
        if max_changed is not None:
            m.model.add(changed.encode(m) <= max_changed)
        m.model.minimize(sum(instance.weights[mod.TERM] * mod.encode(m) for mod in catalogue.SOFT))
        stats.update(variables=m.num_variables(), constraints=m.num_constraints(), units=len(m.units))
        stats["build_seconds"] = round(time.monotonic() - t0 - stats["warm_start_seconds"], 3)
        start_cells = cells_of_schedule(m, start)
        if start_cells is not None:
            add_complete_hint(m, start_cells)
        full_workers = max(1, workers - 1) if lns else workers

        def whole_week() -> None:
            if freeze and shared is not None:
                _strict_freeze(instance, domain, freeze, shared, full_workers, seed, deadline, deterministic_time, stop, time_limit, report)
                better = cells_of_schedule(m, shared.snapshot()[0])
                if better is not None:
                    add_complete_hint(m, better)
            _solve_full(
                m, full_workers, seed, deadline, deterministic_time, stop, report, t0, bool(checkpoints), outcome,
                stall=lns, presolve=bool(keep),
            )
            if outcome.get("values") is not None:
                schedule = _decode(m, lambda var: bool(outcome["values"][var.index]))
                if shared is not None:
                    shared.offer(set(instance.professionals), list(schedule), -1)
                else:
                    outcome["schedule"] = schedule
            if outcome.get("first") is not None:
                first.append(outcome["first"])
            # The bound has stopped moving: this core joins the neighbourhood search.
            if lns and outcome.get("status") != cp_model.OPTIMAL and not stop.is_set():
                search(1000, lambda: stop.is_set())

        # Past NO_PRESOLVE_LIMIT the whole-week LP does not beat the capacity bound in
        # time (l: 617k after 16 s against 647k), so both cores search instead.
        too_big = m.num_variables() > NO_PRESOLVE_LIMIT and lns and workers >= 2
        if too_big:
            stats["whole_week_model"] = "built, not solved"
        if lns and not too_big:
            thread = threading.Thread(target=whole_week, daemon=True)
            thread.start()
        elif not lns:
            whole_week()
    if lns and workers >= 2 and thread is None:
        thread = threading.Thread(target=search, args=(1000, lambda: stop.is_set()), daemon=True)
        thread.start()
    if lns:
        search(0, lambda: drain() or stop.is_set() or outcome.get("status") == cp_model.OPTIMAL)
    if thread is not None:
        while thread.is_alive():
            thread.join(0.25)
            drain()
    drain()
    stats["wall_seconds"] = round(time.monotonic() - t0, 3)
    stats["lns_iterations"] = sum(s.iterations for s in searches)
    stats["lns_improvements"] = sum(s.improvements for s in searches)

    status = outcome.get("status")
    if status is not None:
        stats["solver_status"] = STATUS[status]
    if status == cp_model.INFEASIBLE:
        return _infeasible(instance, domain, stats, t0)
    if status == cp_model.MODEL_INVALID:
        raise SolverBug(m.model.validate())
    schedule = shared.snapshot()[0] if shared is not None else outcome.get("schedule")
    if checkpoints:
        history = shared.history if shared is not None else []
        stats["checkpoints"] = _checkpoints(
            instance, m, outcome.get("snapshots", []), outcome.get("bounds", []), history, checkpoints, t0, stats,
            capacity_bound(instance, domain),
        )
    if schedule is None:
        return Result("UNKNOWN", stats=stats)

    broken = catalogue.check_all(instance, schedule)
    if broken:
        raise SolverBug("; ".join(i.message for i in broken[:5]))
    objective, terms = evaluate(instance, schedule)
    stats["first_solution_seconds"] = round(min(first), 3)
    # The objective is integral, so its bound rounds up.
    raw = outcome.get("bound", 0.0)
    solver_bound = max(0, math.ceil(raw - 1e-6)) if math.isfinite(raw) else 0
    bound = min(objective, max(solver_bound, capacity_bound(instance, domain)))
    label = "OPTIMAL" if objective == bound else "FEASIBLE"
    return Result(label, schedule, terms, objective, bound, [], stats)


def _strict_freeze(instance, domain, freeze, shared, workers, seed, deadline, deterministic_time, stop, time_limit, report) -> None:
    """The whole-week model with every previous allocation that still holds kept:
    small once presolve removes the fixed cells, so often proved in a second; its
    schedule is offered to `shared` as the what-if's first incumbent."""
    m = ScheduleModel(instance, domain)
    encode_hard(m)
    keep_allocations(m, freeze)
    m.model.minimize(sum(instance.weights[mod.TERM] * mod.encode(m) for mod in catalogue.SOFT))
    start = cells_of_schedule(m, shared.snapshot()[0])
    if start is not None:
        add_complete_hint(m, start)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    params.cp_model_probing_level = 0
    params.symmetry_level = 0
    if deterministic_time is not None:
        params.max_deterministic_time = FREEZE_SHARE * deterministic_time
    else:
        params.max_time_in_seconds = max(0.05, min(FREEZE_SHARE * time_limit, deadline - time.monotonic()))
    if stop.is_set():
        return
    status = solver.solve(m.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        schedule = _decode(m, solver.boolean_value)
        if shared.offer(set(instance.professionals), list(schedule), -1):
            report(shared.snapshot()[1])


FULL_MIN_SHARE = 0.2  # the whole-week model keeps its core for this share of the time limit ...
FULL_STALL_SECONDS = 8.0  # ... then gives it to the search once its bound stops moving


def _solve_full(m, workers, seed, deadline, deterministic_time, stop, report, t0, keep_snapshots, outcome, stall, presolve) -> None:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    if deterministic_time is not None:
        params.max_deterministic_time = deterministic_time
        params.max_time_in_seconds = max(deadline - time.monotonic(), 10 * deterministic_time)
    else:
        params.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    if len(m.model.proto.variables) <= NO_PRESOLVE_LIMIT and not presolve:
        # CP-SAT's presolve turns the window rows of the minimum block into clauses
        # that its default linear relaxation leaves out: without it the root LP is
        # the model's own (s is proved optimal in about a second, m's bound rises 2%).
        # A minimal-change re-solve keeps presolve: it removes the many fixed cells.
        params.cp_model_presolve = False
        params.symmetry_level = 0
    else:
        # Presolve dominated big weeks (shared/notes/cpsat.md): one light round.
        params.cp_model_probing_level = 0
        params.max_presolve_iterations = 1
        params.symmetry_level = 1
    callback = _Progress(t0, report, keep_snapshots)
    began = time.monotonic()
    moved = [began]
    minimum = FULL_MIN_SHARE * (deadline - began)

    def on_bound(bound: float) -> None:
        outcome["bound"] = bound
        moved[0] = time.monotonic()
        outcome.setdefault("bounds", []).append((moved[0] - t0, bound))

    solver.best_bound_callback = on_bound
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.5):
            now = time.monotonic()
            if stop.is_set() or (stall and now - began > minimum and now - moved[0] > FULL_STALL_SECONDS):
                solver.stop_search()
                return

    threading.Thread(target=watch, daemon=True).start()
    status = solver.solve(m.model, callback)
    done.set()
    outcome["bound"] = solver.best_objective_bound
    outcome.setdefault("bounds", []).append((time.monotonic() - t0, solver.best_objective_bound))
    outcome["first"] = callback.first
    outcome["snapshots"] = callback.snapshots
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        outcome["values"] = list(solver.response_proto.solution)
    outcome["status"] = status


def _decode(m: ScheduleModel, value: Callable[[cp_model.IntVar], bool]) -> Schedule:
    on = {key: [t for t, var in cells.vars.items() if value(var)] for key, cells in m.cells.items()}
    return assign_rooms(m, {k: v for k, v in on.items() if v})


def _checkpoints(instance, m, snapshots, bounds, history, checkpoints, t0, stats, floor) -> list[dict]:
    """True objective and bound (whole-model bound, floored by the capacity bound) at each checkpoint."""
    out = []
    for limit in checkpoints:  # a run that ended earlier (proved optimal) keeps its last figures
        found = [value for at, value in history if at - t0 <= limit]
        before = [snap for snap in snapshots if snap[0] <= limit]
        known = [b for at, b in bounds if at <= limit]
        bound = max(floor, math.ceil(known[-1] - 1e-6)) if known else floor
        objective = min(found) if found else None
        if before and m is not None:
            _elapsed, _bound, values = before[-1]
            schedule = _decode(m, lambda var: bool(values[var.index]))
            value = evaluate(instance, schedule)[0]
            objective = value if objective is None else min(objective, value)
        out.append({"seconds": limit, "objective": objective, "bound": bound})
    return out


def _infeasible(instance: Instance, domain: Domain, stats: dict, t0: float) -> Result:
    conflicts = explain(instance, domain)
    stats["wall_seconds"] = round(time.monotonic() - t0, 3)
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
) -> dict[str, Any]:
    """Solve a format v1 instance document and return the solution document.

    The minimal-change parameters are those of `solve`. Raises
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
    )
    return result.to_document()


__all__ = ["Result", "SolverBug", "build_domain", "evaluate", "solve", "solve_document"]
