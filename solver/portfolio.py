"""The portfolio on two cores: the whole-week model and the neighbourhood search, side by side.

The bound is decided by measurement inside the run, not by the week's size. A
solver-free bound (`solver.bound`: the capacity bound and the min-cost flow
bound) is computed on a thread of its own as the run starts, the floor of every
reported bound. On two cores the whole-week model is then solved twice at once,
with CP-SAT's presolve off and on (`Racer`), for the first `RACE_SHARE` of the
time, or less once neither racer's bound, at its pace, would reach the floor by
then: the racer with the better bound keeps its core, as long as that bound
beats the solver-free floor; the other's core (or both) turns to large
neighbourhood search (`solver.lns`) from the warm start. The kept racer gives
its core to the search too once its bound stalls. Small weeks (no neighbourhood
search: two 1-worker racers proved s slower than one 2-worker solve), one worker
or a deterministic time run the whole-week model alone on every core, presolve
chosen by its size (`NO_PRESOLVE_LIMIT`); past `FULL_MODEL_LIMIT` (xl) the model
is not even built and both cores search. The whole-week model is built on the
searches' threads, against a deadline (`BUILD_SHARE` of the time): a week whose
premissas multiply constraints can take longer to build than the run may last,
and then its cores search from the warm start instead.

Every search runs on a thread of its own; the caller's thread conducts: it
hands progress to the caller's callback and looks at the caller's stop, every
`TICK_SECONDS`, until the searches end. The searches share three things, each
with one owner: the best schedule so far (`lns.Incumbent`, locked), the stop
(`solver.stop.StopSignal`), and what the whole-week solve left
(`WholeWeekOutcome`, written by its thread, read once it has ended).
"""
from __future__ import annotations

import functools
import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ortools.sat.python import cp_model

from rules import catalogue, changed
from rules.instance import Allocation, Instance
from rules.schedule import Schedule
from solver.bound import capacity_bound, flow_bound
from solver.decode import add_complete_hint, assign_rooms, cells_of_schedule
from solver.domain import Domain
from solver.lns import Incumbent, Search, improve
from solver.model import BuildTimeout, ScheduleModel, encode_hard, keep_allocations, minimize_soft
from solver.reach import Touched
from solver.stop import StopRequest, StopSignal, asked

Progress = Callable[[float, int | None, int | None], None]
"""`progress(elapsed_seconds, objective, bound)`, called on the caller's thread."""

FULL_MODEL_LIMIT = 40_000  # professionals x rooms above which the whole-week model is not built
SMALL_MODEL_LIMIT = 200  # professionals x rooms up to which no neighbourhood search runs
NO_PRESOLVE_LIMIT = 60_000  # one core or deterministic: variables up to which the whole-week model skips presolve
RACE_SHARE = 0.1  # the two presolve settings race for this share of the time limit ...
MIN_RACE_SECONDS = 2.0  # ... at least this long (presolve itself takes a second on m) ...
MAX_RACE_SECONDS = 15.0  # ... and at most this long (l's light presolve and first LP take ~10 s)
RACE_TREND_SECONDS = 1.0  # ... and ends sooner once every racer, at the pace of its bound over this long, stays below the floor
BUILD_SHARE = 0.5  # a whole-week model not built within this share of the time limit is abandoned (its cores search)
FREEZE_SHARE = 0.25  # a what-if's strict freeze (its first incumbent) gets at most this share of the time
FULL_MIN_SHARE = 0.2  # the whole-week model keeps its core for this share of the time limit ...
FULL_STALL_SECONDS = 8.0  # ... then gives it to the search once its bound stops moving
STALL_POLL_SECONDS = 0.5  # how often the whole-week model's bound is looked at for a stall
MIN_WHOLE_WEEK_SECONDS = 0.1  # a whole-week solve started at the deadline still gets this long
MIN_FREEZE_SECONDS = 0.05  # likewise the strict freeze
DETERMINISTIC_WALL_FACTOR = 10  # a deterministic run's wall-clock safety net: this many times its deterministic time
TICK_SECONDS = 0.2  # how often the caller's thread hands over progress and looks at the caller's stop
SECOND_SEARCH_SEED_OFFSET = 1000  # the second neighbourhood search draws from a different random stream


@dataclass(frozen=True)
class Budget:
    """What one solve may spend, and when it began (time.monotonic())."""

    time_limit: float
    workers: int
    seed: int
    deterministic_time: float | None
    began: float

    @property
    def deadline(self) -> float:
        return self.began + self.time_limit

    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def left(self) -> float:
        return self.deadline - time.monotonic()


@dataclass(frozen=True)
class WhatIfPlan:
    """How a minimal-change re-solve treats the previous week (empty for a plain solve).

    `keep`: previous allocations every search keeps; `freeze`: the strict freeze,
    solved first when the search may reach further; `max_changed`: cap on the
    `changed` term; `touched`: where the change hurts, seeding the search."""

    keep: tuple[Allocation, ...] = ()
    freeze: tuple[Allocation, ...] = ()
    max_changed: int | None = None
    touched: Touched | None = None


@dataclass
class Racer:
    """One of the two whole-week solves of a race: its presolve setting, its solver, its latest bound."""

    name: str
    presolve: bool
    solver: cp_model.CpSolver | None = None
    bound: float | None = None
    lost: bool = False  # stopped by the referee: its core goes to the neighbourhood search
    history: list[tuple[float, float]] = field(default_factory=list)  # (elapsed, bound) as its bound moved

    def projected(self, now: float, ahead: float) -> float | None:
        """Where its bound would be `ahead` seconds after `now` (elapsed) at the pace of the last
        `RACE_TREND_SECONDS`; None until it has had a bound that long (no trend to read yet)."""
        history = list(self.history)  # its solver's thread appends
        if not history or now - history[0][0] < RACE_TREND_SECONDS:
            return None
        since = now - RACE_TREND_SECONDS
        then = max((point for point in history if point[0] <= since), default=history[0])
        pace = (history[-1][1] - then[1]) / max(1e-9, now - then[0])  # a stall slows it
        return history[-1][1] + max(0.0, pace) * ahead


class Snapshot(NamedTuple):
    """A whole-week solution as CP-SAT found it, kept for the benchmark's checkpoints."""

    elapsed: float
    bound: float
    values: list[int]


@dataclass
class WholeWeekOutcome:
    """What the whole-week solve left. Its thread writes it; it is read once the thread ended."""

    status: int | None = None  # CP-SAT's status (the best of the racers'); None when the model was not solved
    bound: float | None = None  # CP-SAT's final bound (the best of the racers')
    bounds: list[tuple[float, float]] = field(default_factory=list)  # (elapsed, bound) as the bound moved
    first_solution: float | None = None  # elapsed seconds at CP-SAT's first solution
    snapshots: list[Snapshot] = field(default_factory=list)
    schedule: Schedule | None = None  # its schedule, when there is no incumbent to offer it to


class Reporter:
    """Progress from any thread, handed to the caller's callback on the caller's thread
    (a callback that writes to a database, say, never runs on a solver thread)."""

    def __init__(self, budget: Budget, incumbent: Incumbent | None):
        self.budget = budget
        self.incumbent = incumbent
        self.progress: Progress | None = None  # the caller's callback, given to `Portfolio.run`
        self.bound: float | None = None  # the whole-week model's latest bound, if it runs
        self._reports: queue.SimpleQueue[tuple[float, int, float | None]] = queue.SimpleQueue()

    def raise_bound(self, bound: float) -> None:
        """A bound from any search; the reported bound only rises (racers and floors differ)."""
        if self.bound is None or bound > self.bound:
            self.bound = bound

    def report(self, objective: int, bound: float | None = None) -> None:
        """A new best objective (any thread)."""
        self._reports.put((self.budget.elapsed(), objective, self.bound if bound is None else bound))

    def hand_over(self) -> None:
        """Call the caller's callback with every report so far (the caller's thread)."""
        while True:
            try:
                elapsed, objective, bound = self._reports.get_nowait()
            except queue.Empty:
                return
            if self.incumbent is not None:
                # The whole-week model reports its model objective; the schedule it gave may score better.
                objective = min(objective, self.incumbent.snapshot()[1])
            if self.progress is not None:
                known = bound is not None and math.isfinite(bound)
                self.progress(elapsed, int(objective), int(bound) if known else None)


class _WholeWeekCallback(cp_model.CpSolverSolutionCallback):
    def __init__(self, budget: Budget, reporter: Reporter, outcome: WholeWeekOutcome, keep_snapshots: bool):
        super().__init__()
        self.budget, self.reporter, self.outcome, self.keep_snapshots = budget, reporter, outcome, keep_snapshots

    def on_solution_callback(self) -> None:
        elapsed = self.budget.elapsed()
        if self.outcome.first_solution is None:
            self.outcome.first_solution = elapsed
        if self.keep_snapshots:
            self.outcome.snapshots.append(Snapshot(elapsed, self.best_objective_bound, list(self.response_proto.solution)))
        self.reporter.raise_bound(self.best_objective_bound)
        self.reporter.report(int(self.objective_value))


def week_model(
    instance: Instance,
    domain: Domain,
    keep: tuple[Allocation, ...] = (),
    max_changed: int | None = None,
    deadline: float | None = None,
) -> ScheduleModel:
    """The whole-week model: every hard premissa, these allocations kept, the soft terms minimised.
    Raises `BuildTimeout` past `deadline` (time.monotonic())."""
    m = ScheduleModel(instance, domain, deadline=deadline)
    encode_hard(m)
    keep_allocations(m, keep)
    if max_changed is not None:
        m.model.add(changed.encode(m) <= max_changed)
    minimize_soft(m)
    return m


def decode(m: ScheduleModel, value: Callable[[cp_model.IntVar], bool]) -> Schedule:
    """The room schedule of a solution (`value` reads a cell's Boolean)."""
    on = {key: [t for t, var in cells.vars.items() if value(var)] for key, cells in m.cells.items()}
    return assign_rooms(m, {k: v for k, v in on.items() if v})


def hint_from(m: ScheduleModel, schedule: Schedule) -> None:
    """Hint every variable of `m` from `schedule`, when the schedule fits the model."""
    cells = cells_of_schedule(m, schedule)
    if cells is not None:
        add_complete_hint(m, cells)


class Portfolio:
    """One solve's searches and what they share.

    Build it, `run` it on the caller's thread, then read `incumbent` (or
    `whole_week.schedule` when there was no valid warm start), `whole_week`,
    `searches`, `first_solutions`, `stopped` and `notes` (facts for the stats)."""

    def __init__(
        self,
        instance: Instance,
        domain: Domain,
        budget: Budget,
        plan: WhatIfPlan,
        start: Schedule,
        *,
        start_valid: bool,
        keep_snapshots: bool = False,
    ):
        """`start`: the warm start; the first incumbent when `start_valid`, else only a hint."""
        self.instance = instance
        self.domain = domain
        self.budget = budget
        self.plan = plan
        self.start = start
        self.keep_snapshots = keep_snapshots
        self.incumbent = Incumbent(instance, start, plan.max_changed) if start_valid else None
        self.first_solutions: list[float] = [budget.elapsed()] if start_valid else []
        self.model: ScheduleModel | None = None  # the whole-week model, once built
        self._built = False  # building the whole-week model was attempted (it may have been abandoned)
        self._build_lock = threading.Lock()
        self.whole_week = WholeWeekOutcome()
        self.searches: list[Search] = []
        self.notes: dict[str, Any] = {}
        self.stop = StopSignal()
        self._proved = threading.Event()  # the whole-week model proved its schedule optimal
        self._lock = threading.Lock()  # guards `searches`, `first_solutions` and `whole_week`'s merge
        self.reporter = Reporter(budget, self.incumbent)
        self.floors: dict[str, int] = {}  # the solver-free bounds, by name, once computed
        self.floor_at: float | None = None  # elapsed seconds when they were
        self.racers: list[Racer] = []
        self._race_ends: float | None = None  # time.monotonic() when the referee decides; None: no race
        self._race_ends_planned: float | None = None  # when the race was to end (it may end earlier)
        self._race_seconds = 0.0  # how long the race is to last once the model is built

    @property
    def floor(self) -> int:
        """The best solver-free bound known so far (0 before it is computed)."""
        return max(self.floors.values(), default=0)

    @property
    def stopped(self) -> bool:
        return self.stop.is_set()

    @property
    def best(self) -> Schedule | None:
        """The best schedule any search found (after `run`)."""
        return self.incumbent.snapshot()[0] if self.incumbent is not None else self.whole_week.schedule

    # ---------------------------------------------------------------- conducting

    def run(self, progress: Progress | None = None, stop: StopRequest | None = None) -> None:
        """Run every search to the time limit, a proof, or the caller's stop."""
        self.reporter.progress = progress
        if self.incumbent is not None:
            self.reporter.report(self.incumbent.objective)
        if asked(stop):
            self.stop.set()
        floors = threading.Thread(target=self._solver_free_bounds, daemon=True)
        floors.start()
        threads = [threading.Thread(target=job, daemon=True) for job in self._jobs()]
        for thread in threads:
            thread.start()
        self._conduct(threads, stop)
        # The floors are not worth waiting for past the time limit or a stop (xl: ~3 s);
        # without them the engine reports the capacity bound.
        while floors.is_alive() and not self.stop.is_set() and self.budget.left() > 0:
            floors.join(TICK_SECONDS)
            self._tick(stop)

    def _solver_free_bounds(self) -> None:
        """The capacity and flow bounds (`solver.bound`), the floor of every reported bound."""
        floors = {"capacity": capacity_bound(self.instance, self.domain)}
        floors["flow"] = flow_bound(self.instance, self.domain)
        self.floor_at = self.budget.elapsed()
        self.floors = floors  # published last: readers take `floor_at` once `floors` is set
        self.reporter.raise_bound(self.floor)

    def _conduct(self, threads: list[threading.Thread], stop: StopRequest | None) -> None:
        for thread in threads:
            while thread.is_alive():
                thread.join(TICK_SECONDS)
                self._tick(stop)
        self.reporter.hand_over()

    def _tick(self, stop: StopRequest | None) -> None:
        self.reporter.hand_over()
        if self.stop.is_set():
            self.stop.reach_running()
        elif asked(stop):
            self.stop.set()
        if self._race_ends is not None and (time.monotonic() >= self._race_ends or self._race_hopeless()):
            self._race_ends = None
            self._referee()

    def _race_hopeless(self) -> bool:
        """No racer can beat the solver-free floor by the race's end, at the pace of its bound
        (measured inside the run: on every m and l week of the suite both stalled far below
        the flow bound, and the race held both cores for nothing)."""
        floor = self.floor
        if not floor or not self.racers:
            return False
        now, left = self.budget.elapsed(), self._race_ends - time.monotonic()
        projections = [racer.projected(now, left) for racer in self.racers]
        return all(p is not None and p < floor for p in projections)

    def _referee(self) -> None:
        """End of the race: the racer with the better bound keeps its core if that bound
        beats the solver-free floor; the others' cores go to the neighbourhood search."""
        ranked = sorted(self.racers, key=lambda r: -math.inf if r.bound is None else r.bound, reverse=True)
        best = ranked[0]
        keep = best.bound is not None and best.bound > self.floor
        for racer in ranked[1:] if keep else ranked:
            racer.lost = True
            if racer.solver is not None:
                racer.solver.stop_search()
        shown = {r.name: None if r.bound is None else round(r.bound) for r in self.racers}
        self.notes["bound_race"] = {
            "bounds": shown,
            "floor": self.floor,
            "kept": best.name if keep else None,
            "at": round(self.budget.elapsed(), 1),
            "early": self._race_ends_planned is not None and time.monotonic() < self._race_ends_planned,
        }

    # ---------------------------------------------------------------- who runs what

    def _jobs(self) -> list[Callable[[], None]]:
        """The searches to run, one per thread; builds the whole-week model when one solves it."""
        if self.stop.is_set():
            return []
        instance, workers, budget = self.instance, self.budget.workers, self.budget
        size = len(instance.professionals) * len(instance.rooms)
        full = size <= FULL_MODEL_LIMIT
        parallel = workers >= 2 and budget.deterministic_time is None
        # Small weeks are proved optimal fastest by the whole model on every core.
        lns = self.incumbent is not None and ((parallel and size > SMALL_MODEL_LIMIT) or not full)
        if full and lns and self.plan.freeze:
            # A what-if's whole-week model has every previous room standing alone (m: 75k
            # variables, 0.9 s just to build, never solved in time): with the
            # neighbourhood search running, both cores search instead.
            self.notes["whole_week_model"] = "not built (what-if)"
            full = False
        jobs: list[Callable[[], None]] = []
        if full and parallel and lns and not self.plan.freeze:
            self.racers = [Racer("presolve off", presolve=False), Racer("presolve on", presolve=True)]
            # The race's clock starts once the model is built (`_whole_week_model`).
            self._race_seconds = min(MAX_RACE_SECONDS, max(MIN_RACE_SECONDS, RACE_SHARE * budget.time_limit))
            jobs += [functools.partial(self._racer_job, racer, then_search=lns) for racer in self.racers]
            return jobs
        if full:
            jobs.append(functools.partial(self._whole_week_job, then_search=lns))
        if lns:
            jobs.append(functools.partial(self._search, 0))
            if workers >= 2 and not full:
                jobs.append(functools.partial(self._search, SECOND_SEARCH_SEED_OFFSET))
        return jobs

    def _build_deadline(self) -> float | None:
        """When building a whole-week model is given up: never in a deterministic run (the
        clock would decide its result) nor without a valid warm start (the model is then the
        only way to a schedule); otherwise once `BUILD_SHARE` of the time limit has passed.
        Built on the searches' threads, a model holds the interpreter while it is built: a
        week whose premissas multiply constraints (eight units with travel between each)
        took 17 s to build for a 4 s solve."""
        if self.budget.deterministic_time is not None or self.incumbent is None:
            return None
        return self.budget.began + BUILD_SHARE * self.budget.time_limit

    def _whole_week_model(self) -> ScheduleModel | None:
        """The whole-week model, built by the first thread that asks (the others wait for it);
        None when it was abandoned past its deadline."""
        with self._build_lock:
            if not self._built:
                self._built = True
                built = time.monotonic()
                try:
                    m = week_model(self.instance, self.domain, self.plan.keep, self.plan.max_changed, self._build_deadline())
                except BuildTimeout:
                    self.notes["whole_week_model"] = f"abandoned after {time.monotonic() - built:.1f} s (building past {BUILD_SHARE:.0%} of the time)"
                    return None
                self.notes.update(variables=m.num_variables(), constraints=m.num_constraints(), units=len(m.units))
                self.notes["build_seconds"] = round(time.monotonic() - built, 3)
                hint_from(m, self.start)  # even an invalid warm start: most of it still guides CP-SAT
                self.model = m
                if self.racers:
                    self._race_ends_planned = time.monotonic() + self._race_seconds
                    self._race_ends = self._race_ends_planned  # the caller's thread referees from now on
            return self.model

    # ---------------------------------------------------------------- the neighbourhood search

    def _search(self, seed_offset: int) -> None:
        search = improve(
            self.instance,
            self.domain,
            self.incumbent,
            deadline=self.budget.deadline,
            seed=self.budget.seed + seed_offset,
            on_improve=lambda objective, _schedule: self.reporter.report(objective),
            should_stop=lambda: self.stop.is_set() or self._proved.is_set(),
            keep=self.plan.keep,
            touched=self.plan.touched,
            stop=self.stop,
        )
        with self._lock:
            self.searches.append(search)

    # ---------------------------------------------------------------- the whole-week model

    def _racer_job(self, racer: Racer, then_search: bool) -> None:
        """One racer's whole-week solve on one core; then, unless it proved, that core searches."""
        if self._whole_week_model() is None:
            racer.lost = True
            if not self.stop.is_set():
                self._search(SECOND_SEARCH_SEED_OFFSET * self.racers.index(racer))
            return
        self._solve_whole_week(1, give_way=then_search, racer=racer)
        if self.whole_week.status == cp_model.OPTIMAL:
            self._proved.set()
            for other in self.racers:
                if other.solver is not None:
                    other.solver.stop_search()
        elif then_search and not self.stop.is_set() and not self._proved.is_set():
            self._search(SECOND_SEARCH_SEED_OFFSET * self.racers.index(racer))

    def _whole_week_job(self, then_search: bool) -> None:
        workers = max(1, self.budget.workers - 1) if then_search else self.budget.workers
        if self._whole_week_model() is None:
            # Abandoned (there is a valid warm start): this core searches from it instead.
            if not self.stop.is_set():
                self._search(SECOND_SEARCH_SEED_OFFSET if then_search else 0)
            return
        if self.plan.freeze and self.incumbent is not None:
            self._solve_strict_freeze(workers)
            hint_from(self.model, self.incumbent.snapshot()[0])
        self._solve_whole_week(workers, give_way=then_search)
        if self.whole_week.status == cp_model.OPTIMAL:
            self._proved.set()
        elif then_search and not self.stop.is_set():
            # The bound has stopped moving: this core joins the neighbourhood search.
            self._search(SECOND_SEARCH_SEED_OFFSET)

    def _solve_strict_freeze(self, workers: int) -> None:
        """The whole-week model with every previous allocation that still holds kept:
        small once presolve removes the fixed cells, so often proved in a second; its
        schedule is offered to the incumbent as the what-if's first."""
        try:
            m = week_model(self.instance, self.domain, self.plan.freeze, deadline=self._build_deadline())
        except BuildTimeout:
            self.notes["strict_freeze"] = "abandoned (building past its share of the time)"
            return
        hint_from(m, self.incumbent.snapshot()[0])
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.num_workers = workers
        params.random_seed = self.budget.seed
        params.cp_model_probing_level = 0
        params.symmetry_level = 0
        if self.budget.deterministic_time is not None:
            params.max_deterministic_time = FREEZE_SHARE * self.budget.deterministic_time
        else:
            params.max_time_in_seconds = max(MIN_FREEZE_SECONDS, min(FREEZE_SHARE * self.budget.time_limit, self.budget.left()))
        status = self.stop.solve(solver, m.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if self.incumbent.offer_schedule(decode(m, solver.boolean_value)):
                self.reporter.report(self.incumbent.objective)

    def _solve_whole_week(self, workers: int, give_way: bool, racer: Racer | None = None) -> None:
        """Solve the whole-week model; `give_way`: stop it once its bound stalls (the
        neighbourhood search then takes its core). A `racer` sets the presolve and
        keeps its latest bound for the referee."""
        m, outcome, budget = self.model, self.whole_week, self.budget
        solver = cp_model.CpSolver()
        if racer is not None:
            presolve = racer.presolve
            racer.solver = solver
        else:  # one core: presolve by size (measured on the default generator, docs/benchmarks.md)
            presolve = bool(self.plan.keep) or len(m.model.proto.variables) > NO_PRESOLVE_LIMIT
        _whole_week_parameters(solver.parameters, workers, budget, presolve=presolve)
        moved = _BoundClock(time.monotonic())

        def on_bound(bound: float) -> None:
            moved.at = time.monotonic()
            outcome.bounds.append((budget.elapsed(), bound))
            if racer is not None:
                racer.bound = bound
                racer.history.append((budget.elapsed(), bound))
            self.reporter.raise_bound(bound)

        solver.best_bound_callback = on_bound
        solved = threading.Event()
        if give_way:
            watcher = functools.partial(_stop_when_stalled, solver, moved, budget.deadline, solved)
            threading.Thread(target=watcher, daemon=True).start()
        callback = _WholeWeekCallback(budget, self.reporter, outcome, self.keep_snapshots)
        status = self.stop.solve(solver, m.model, callback)
        solved.set()
        if status is None:
            return
        bound = solver.best_objective_bound
        outcome.bounds.append((budget.elapsed(), bound))
        if racer is not None:
            racer.bound = bound
        self.reporter.raise_bound(bound)
        schedule = decode(m, solver.boolean_value) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
        if schedule is not None and self.incumbent is not None:
            self.incumbent.offer_schedule(schedule)
        with self._lock:
            if outcome.first_solution is not None and outcome.first_solution not in self.first_solutions:
                self.first_solutions.append(outcome.first_solution)
            outcome.bound = bound if outcome.bound is None else max(outcome.bound, bound)
            outcome.status = _better_status(outcome.status, status)
            if schedule is not None and self.incumbent is None:
                if outcome.schedule is None or catalogue.score(self.instance, schedule)[0] < catalogue.score(self.instance, outcome.schedule)[0]:
                    outcome.schedule = schedule


@dataclass
class _BoundClock:
    at: float  # time.monotonic() when the whole-week bound last moved


# A racer stopped early answers FEASIBLE or UNKNOWN; what any racer proved holds for the model.
_STATUS_RANK = {cp_model.MODEL_INVALID: 5, cp_model.INFEASIBLE: 4, cp_model.OPTIMAL: 3, cp_model.FEASIBLE: 2, cp_model.UNKNOWN: 1}


def _better_status(a: int | None, b: int) -> int:
    return b if a is None or _STATUS_RANK[b] > _STATUS_RANK[a] else a


def _whole_week_parameters(params, workers: int, budget: Budget, presolve: bool) -> None:
    params.num_workers = workers
    params.random_seed = budget.seed
    if budget.deterministic_time is not None:
        params.max_deterministic_time = budget.deterministic_time
        params.max_time_in_seconds = max(budget.left(), DETERMINISTIC_WALL_FACTOR * budget.deterministic_time)
    else:
        params.max_time_in_seconds = max(MIN_WHOLE_WEEK_SECONDS, budget.left())
    if not presolve:
        # CP-SAT's presolve turns the window rows of the minimum block into clauses
        # that its default linear relaxation leaves out: without it the root LP is
        # the model's own (s is proved optimal in about a second, m's bound rises 2%).
        # A minimal-change re-solve keeps presolve: it removes the many fixed cells.
        params.cp_model_presolve = False
        params.symmetry_level = 0
    else:
        # Presolve dominated big weeks (docs/benchmarks.md): one light round.
        params.cp_model_probing_level = 0
        params.max_presolve_iterations = 1
        params.symmetry_level = 1


def _stop_when_stalled(solver: cp_model.CpSolver, moved: _BoundClock, deadline: float, solved: threading.Event) -> None:
    """Stop the whole-week solve once it had its share of the time and its bound stopped moving."""
    began = time.monotonic()
    minimum = FULL_MIN_SHARE * (deadline - began)
    while not solved.wait(STALL_POLL_SECONDS):
        now = time.monotonic()
        if now - began > minimum and now - moved.at > FULL_STALL_SECONDS:
            solver.stop_search()
            return
