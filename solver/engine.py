"""Solve a week: build the model from the catalogue, warm-start it, solve, decode, check.

`solve_document` is the engine's public entry point (plain documents in and
out); `solve` works on a parsed `Instance`.
"""
from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from rules import catalogue
from rules.instance import Allocation, Instance, parse_instance
from rules.schedule import Schedule, allocation_to_dict
from rules.schema import SOLUTION_FORMAT
from solver.decode import add_complete_hint, assign_rooms, cells_of_schedule
from solver.bound import capacity_bound
from solver.domain import Domain, build_domain
from solver.explain import explain, pins_feasible
from solver.lns import improve
from solver.greedy import Greedy
from solver.model import PinImpossible, ScheduleModel, encode_hard

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


def evaluate(instance: Instance, schedule: Schedule) -> tuple[int, dict[str, int]]:
    terms = catalogue.terms(instance, schedule)
    return catalogue.objective(instance, terms), terms


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
            self.progress(elapsed, int(self.objective_value), int(self.best_objective_bound))


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
    greedy.drop_short_runs()
    return greedy.run()


FULL_MODEL_LIMIT = 40_000  # professionals x rooms above which the whole-week model is not built
SMALL_MODEL_LIMIT = 200  # professionals x rooms up to which no neighbourhood search runs


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
) -> Result:
    """Solve one week.

    Portfolio on two cores: the whole-week model (its bound, and its own
    search) on one thread, large neighbourhood search from the warm start on
    the other. With one worker or a `deterministic_time` (reproducible runs)
    only the whole-week model runs. Past `FULL_MODEL_LIMIT` only the
    neighbourhood search runs and the reported bound is 0.
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
    best: dict[str, Any] = {"objective": None, "schedule": None, "first": None}
    lock = threading.Lock()

    def offer(schedule: Schedule, objective: int, bound: int | None = None) -> None:
        with lock:
            if best["objective"] is None or objective < best["objective"]:
                best.update(objective=objective, schedule=schedule)
                if best["first"] is None:
                    best["first"] = time.monotonic() - t0
                if progress is not None:
                    progress(time.monotonic() - t0, objective, bound)

    if start_valid:
        offer(start, evaluate(instance, start)[0])

    full = len(instance.professionals) * len(instance.rooms) <= FULL_MODEL_LIMIT
    # Small weeks are proved optimal fastest by the whole model on every core.
    small = len(instance.professionals) * len(instance.rooms) <= SMALL_MODEL_LIMIT
    lns = (workers >= 2 and deterministic_time is None and not small) or not full
    outcome: dict[str, Any] = {}
    threads = []
    events: queue.Queue = queue.Queue()

    def drain() -> None:
        while not events.empty():
            elapsed, objective, bound = events.get()
            with lock:
                if best["objective"] is not None:
                    objective = min(objective, best["objective"])
            progress(elapsed, objective, bound)

    if full:
        m = ScheduleModel(instance, domain)
        encode_hard(m)
        m.model.minimize(sum(instance.weights[mod.TERM] * mod.encode(m) for mod in catalogue.SOFT))
        stats.update(variables=m.num_variables(), constraints=m.num_constraints(), units=len(m.units))
        stats["build_seconds"] = round(time.monotonic() - t0 - stats["warm_start_seconds"], 3)
        start_cells = cells_of_schedule(m, start)
        if start_cells is not None:
            add_complete_hint(m, start_cells)
        full_workers = max(1, workers - 1) if lns else workers
        # Progress from the solver's thread is queued and reported from this one,
        # so a caller's callback (a database write, say) always runs on its own thread.
        relay = (lambda *event: events.put(event)) if lns and progress is not None else progress
        args = (m, full_workers, seed, deadline, deterministic_time, stop, relay, t0, bool(checkpoints), outcome)
        if lns:
            threads.append(threading.Thread(target=_solve_full, args=args, daemon=True))
            threads[-1].start()
        else:
            _solve_full(*args)
    if lns and start_valid:
        search = improve(
            instance,
            domain,
            best["schedule"],
            deadline=deadline,
            seed=seed,
            on_improve=lambda objective, schedule: offer(schedule, objective, outcome.get("bound")),
            should_stop=lambda: drain() or stop.is_set() or "status" in outcome,
        )
        stats["lns_iterations"], stats["lns_improvements"] = search.iterations, search.improvements
    for thread in threads:
        while thread.is_alive():
            thread.join(0.25)
            drain()
    drain()
    stats["wall_seconds"] = round(time.monotonic() - t0, 3)

    status = outcome.get("status")
    if status is not None:
        stats["solver_status"] = STATUS[status]
    if status == cp_model.INFEASIBLE:
        return _infeasible(instance, domain, stats, t0)
    if status == cp_model.MODEL_INVALID:
        raise SolverBug(m.model.validate())
    if "values" in outcome:
        schedule = _decode(m, lambda var: bool(outcome["values"][var.index]))
        offer(schedule, evaluate(instance, schedule)[0])
        if outcome.get("first") is not None:
            best["first"] = min(best["first"], outcome["first"])
    if checkpoints and full:
        stats["checkpoints"] = _checkpoints(instance, m, outcome.get("snapshots", []), checkpoints, start if start_valid else None, stats)
    if best["schedule"] is None:
        return Result("UNKNOWN", stats=stats)

    schedule = best["schedule"]
    broken = catalogue.check_all(instance, schedule)
    if broken:
        raise SolverBug("; ".join(i.message for i in broken[:5]))
    objective, terms = evaluate(instance, schedule)
    stats["first_solution_seconds"] = round(best["first"], 3)
    # The objective is integral, so its bound rounds up.
    raw = outcome.get("bound", 0.0)
    solver_bound = max(0, math.ceil(raw - 1e-6)) if math.isfinite(raw) else 0
    bound = min(objective, max(solver_bound, capacity_bound(instance, domain)))
    label = "OPTIMAL" if objective == bound else "FEASIBLE"
    return Result(label, schedule, terms, objective, bound, [], stats)


def _solve_full(m, workers, seed, deadline, deterministic_time, stop, progress, t0, keep_snapshots, outcome) -> None:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    if deterministic_time is not None:
        params.max_deterministic_time = deterministic_time
        params.max_time_in_seconds = max(deadline - time.monotonic(), 10 * deterministic_time)
    else:
        params.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    params.symmetry_level = 1
    if len(m.model.proto.variables) > 10_000:
        # Presolve dominated mid-size weeks (shared/notes/cpsat.md); on small ones
        # probing is what lifts the bound, and it is cheap there.
        params.cp_model_probing_level = 0
        params.max_presolve_iterations = 1
    callback = _Progress(t0, progress, keep_snapshots)
    solver.best_bound_callback = lambda bound: outcome.__setitem__("bound", bound)
    watcher = threading.Thread(target=lambda: (stop.wait(), solver.stop_search()), daemon=True)
    watcher.start()
    status = solver.solve(m.model, callback)
    outcome["bound"] = solver.best_objective_bound
    outcome["first"] = callback.first
    outcome["snapshots"] = callback.snapshots
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        outcome["values"] = list(solver.response_proto.solution)
    outcome["status"] = status


def _decode(m: ScheduleModel, value: Callable[[cp_model.IntVar], bool]) -> Schedule:
    on = {key: [t for t, var in cells.vars.items() if value(var)] for key, cells in m.cells.items()}
    return assign_rooms(m, {k: v for k, v in on.items() if v})


def _checkpoints(instance, m, snapshots, checkpoints, start, stats) -> list[dict]:
    """True objective and whole-model bound at each checkpoint (for the benchmark)."""
    ready = stats["warm_start_seconds"]
    start_objective = evaluate(instance, start)[0] if start is not None else None
    out = []
    for limit in checkpoints:
        if limit > stats["wall_seconds"] + 1e-6:
            break
        before = [snap for snap in snapshots if snap[0] <= limit]
        objective, bound = (start_objective if ready <= limit else None), None
        if before:
            elapsed, bound, values = before[-1]
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
) -> dict[str, Any]:
    """Solve a format v1 instance document and return the solution document.

    Raises `rules.errors.DocumentError` (naming the field) for a bad document.
    """
    instance = parse_instance(doc)
    result = solve(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        progress=progress,
        deterministic_time=deterministic_time,
    )
    return result.to_document()


__all__ = ["Allocation", "Result", "SolverBug", "build_domain", "evaluate", "solve", "solve_document"]
