"""Large neighbourhood search: re-solve a few professionals' weeks, everyone else fixed.

Professionals only meet through room capacity (H1) and the worst-shortfall
term, so a neighbourhood is a set of professionals: their whole week becomes
free again over a fixed background of everyone else's allocations (which uses
up room places and sets a floor under the worst shortfall). The sub-model is
small, so CP-SAT solves it in a second or two; an improvement of the true,
recomputed objective replaces the incumbent. Neighbourhoods: the professionals
sharing one site on one day, the furthest below their targets, and — in a
what-if — first those whose previous week no longer holds, then rings widening
from them (`solver.reach`): their competitors on the touched days, on any day,
and finally the general neighbourhoods.
"""
from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from rules import catalogue, changed
from rules.instance import Allocation, Instance
from rules.schedule import Schedule
from solver.decode import add_complete_hint, assign_rooms, cells_of_schedule
from rules.timeutil import intersect
from solver.domain import Domain
from solver.model import BuildTimeout, PinImpossible, ScheduleModel, encode_hard, keep_allocations, minimize_soft
from solver.reach import Touched
from solver.stop import StopSignal

NEIGHBOURHOOD_SIZE = 5  # professionals freed at first; adapts to how fast sub-models close
SUB_TIME_LIMIT = 1.0
STALE_TO_WIDEN = 3  # non-improving neighbourhoods in a what-if ring before the search widens
WIDEST_RING = 2  # 0: competitors on the touched days, 1: on any day, 2: also the general neighbourhoods
TOUCHED_SHARE_WIDEST = 0.4  # share of neighbourhoods still seeded from the touched set once widest
MIN_STEP_SECONDS = 0.2  # no neighbourhood is started with less time than this left
SITE_DAY_SHARE = 0.3  # general neighbourhoods: one site's day ...
SHORT_SHARE = 0.2  # ... the furthest below their targets ...
IDLE_ROOM_SHARE = 0.25  # ... one room's day with idle time and who could fill it; the rest: one short with competitors
BELOW_MIN_FACTOR = 10  # a minute below the minimum weighs this many minutes below the target (100 vs 10)
UNKNOWN_VERSION = -1  # an offer made against no known version: always checked against the current schedule


class Incumbent:
    """The best schedule so far, shared by the searches of several threads."""

    def __init__(self, instance: Instance, schedule: Schedule, max_changed: int | None = None):
        """`max_changed`: no schedule leaving more `changed` minutes is ever accepted."""
        self.instance = instance
        self.max_changed = max_changed
        self.lock = threading.Lock()
        self.schedule = schedule
        self.objective = catalogue.score(instance, schedule)[0]
        self.version = 0
        self.history: list[tuple[float, int]] = [(time.monotonic(), self.objective)]

    def snapshot(self) -> tuple[Schedule, int, int]:
        with self.lock:
            return self.schedule, self.objective, self.version

    def offer(self, free: set[str], mine: list, base_version: int) -> int:
        """Replace the free professionals' weeks by `mine` if the result is better;
        returns how much better (0: refused).

        When another thread improved the incumbent meanwhile, `mine` is laid over
        the newer schedule and checked again (the two may now share a room)."""
        with self.lock:
            candidate = Schedule([*(a for a in self.schedule if a.professional not in free), *mine])
            if base_version != self.version and catalogue.check_changed(self.instance, candidate, free):
                return 0
            value, terms = catalogue.score(self.instance, candidate)
            if value >= self.objective:
                return 0
            if self.max_changed is not None and terms[changed.TERM] > self.max_changed:
                return 0
            gain = self.objective - value
            self.schedule, self.objective = candidate, value
            self.version += 1
            self.history.append((time.monotonic(), value))
            return gain

    def offer_schedule(self, schedule: Schedule) -> int:
        """Replace the incumbent by a whole schedule found elsewhere (the whole-week model) if it is better."""
        return self.offer(set(self.instance.professionals), list(schedule), UNKNOWN_VERSION)


class Search:
    def __init__(
        self,
        instance: Instance,
        domain: Domain,
        shared: Incumbent,
        seed: int,
        keep: tuple[Allocation, ...] = (),
        touched: Touched | None = None,
        stop: StopSignal | None = None,
    ):
        self.instance = instance
        self.stop = stop or StopSignal()
        self.domain = domain
        self.shared = shared
        self.keep = keep
        self.touched = touched
        self.ring = 0
        self.stale = 0
        self._previous_rooms: dict[str, set[str]] = defaultdict(set)
        for p in instance.previous:
            self._previous_rooms[p.professional].add(p.room)
        self.incumbent, self.objective, self._version = shared.snapshot()
        self.rng = random.Random(seed)
        self.seed = seed
        self.deadline: float | None = None  # time.monotonic() past which no sub-model is built further
        self.size = NEIGHBOURHOOD_SIZE
        self.iterations = 0
        self.improvements = 0
        self.kinds: dict[str, dict[str, int]] = {}  # per kind of neighbourhood: tried, improved, objective gained
        self._reach: dict[str, int] = {}  # the most minutes each professional's free time allows
        self._rooms_of: dict[str, list[str]] = {}  # the rooms each professional may use
        self._open: dict[tuple, int] = {}  # open minutes (x capacity) of each room's day
        self._sites_of = {
            pid: (set(p.preferred_sites) or set(instance.sites)) for pid, p in instance.professionals.items()
        }

    # ---------------------------------------------------------------- neighbourhoods

    def forced(self) -> set[str]:
        """Professionals whose previous allocations the incumbent no longer keeps."""
        kept = {a.key() for a in self.incumbent}
        return {p.professional for p in self.instance.previous if p.key() not in kept}

    def shortfall(self, pid: str) -> int:
        return max(0, self.instance.limits(pid).target_weekly - self.incumbent.weekly_minutes.get(pid, 0))

    def below_min(self, pid: str) -> int:
        return max(0, self.instance.limits(pid).min_weekly - self.incumbent.weekly_minutes.get(pid, 0))

    def reach(self, pid: str) -> int:
        """The most minutes the professional's own free time and maxima allow (no room contention)."""
        if pid not in self._reach:
            limits, g = self.instance.limits(pid), self.instance.grain
            total = 0
            for day in self.instance.dates:
                free = sum(max(0, end // g - (-(-start // g))) for start, end in self.domain.professional_free(pid, day))
                total += g * free if limits.max_daily is None else min(g * free, limits.max_daily)
            self._reach[pid] = total if limits.max_weekly is None else min(total, limits.max_weekly)
        return self._reach[pid]

    def reducible(self, pid: str) -> int:
        """Shortfall minutes a schedule could still take off (capped by the professional's reach),
        those below the minimum weighing `BELOW_MIN_FACTOR` times."""
        room_left = max(0, self.reach(pid) - self.incumbent.weekly_minutes.get(pid, 0))
        return min(self.shortfall(pid), room_left) + BELOW_MIN_FACTOR * min(self.below_min(pid), room_left)

    def rooms_of(self, pid: str) -> list[str]:
        if pid not in self._rooms_of:
            self._rooms_of[pid] = [r for r in self.instance.rooms if self.domain.pair_forbidden(pid, r) is None]
        return self._rooms_of[pid]

    def competitors(self, pid: str) -> dict[str, int]:
        """Who holds rooms the professional may use while they are free: minutes of overlap each."""
        rooms = set(self.rooms_of(pid))
        free = {day: self.domain.professional_free(pid, day) for day in self.instance.dates}
        held: dict[str, int] = defaultdict(int)
        for a in self.incumbent:
            if a.professional == pid or a.room not in rooms:
                continue
            overlap = sum(max(0, min(end, a.end) - max(start, a.start)) for start, end in free.get(a.date, ()))
            if overlap:
                held[a.professional] += overlap
        return held

    def short_and_competitors(self) -> set[str]:
        """One professional whose shortfall a schedule could reduce, with those holding the rooms
        they could use at their free times (weighted by overlap, more so when above their own target)."""
        pids = sorted(self.instance.professionals)
        weights = [self.reducible(p) for p in pids]
        if not any(weights):
            return self.short()
        chosen = {self.rng.choices(pids, weights)[0]}
        held = self.competitors(next(iter(chosen)))
        others = sorted(held)
        while others and len(chosen) < self.size:
            surplus = [held[p] * (1 + (self.shortfall(p) == 0)) for p in others]
            pick = self.rng.choices(others, surplus)[0]
            chosen.add(pick)
            others.remove(pick)
        return chosen

    def open_minutes(self, room: str, day) -> int:
        """Place-minutes a room offers on a day (site open, not blocked or reserved)."""
        key = (room, day)
        if key not in self._open:
            windows = intersect(self.domain.site_free(self.instance.rooms[room].site, day), self.domain.room_free(room, day, None))
            self._open[key] = self.instance.rooms[room].capacity * sum(end - start for start, end in windows)
        return self._open[key]

    def idle_room_day(self) -> set[str]:
        """A room's day with idle place-minutes (weighted by them): who holds it, and professionals
        with a reducible shortfall who may use it and are free that day, to re-pack it."""
        used = self.incumbent.by_room_date
        keys = [(r, d) for r in self.instance.rooms for d in self.instance.dates]
        idle = [max(0, self.open_minutes(r, d) - sum(a.minutes for a in used.get((r, d), ()))) for r, d in keys]
        if not any(idle):
            return self.short()
        room, day = self.rng.choices(keys, idle)[0]
        holders = sorted({a.professional for a in used.get((room, day), ())})
        chosen = set(self.rng.sample(holders, min(len(holders), max(1, self.size // 2))))
        hungry = [
            p for p in sorted(self.instance.professionals)
            if p not in chosen and self.reducible(p) and room in self.rooms_of(p) and self.domain.professional_free(p, day)
        ]
        weights = [self.reducible(p) for p in hungry]
        while hungry and len(chosen) < self.size:
            pick = self.rng.choices(hungry, weights)[0]
            i = hungry.index(pick)
            hungry.pop(i)
            weights.pop(i)
            chosen.add(pick)
        return chosen or self.short()

    def site_day(self) -> set[str]:
        by_site_day: dict[tuple, set[str]] = defaultdict(set)
        for a in self.incumbent:
            by_site_day[(self.instance.rooms[a.room].site, a.date)].add(a.professional)
        if not by_site_day:
            return self.short()
        site, _day = self.rng.choice(sorted(by_site_day))
        chosen = set(self.rng.sample(sorted(by_site_day[(site, _day)]), min(max(1, self.size - 2), len(by_site_day[(site, _day)]))))
        hungry = [p for p in self.instance.professionals if self.shortfall(p) > 0 and site in self._sites_of[p]]
        chosen |= set(self.rng.sample(hungry, min(2, len(hungry))))
        return chosen

    def short(self) -> set[str]:
        pids = sorted(self.instance.professionals)
        weights = [1 + self.shortfall(p) + 10 * self.below_min(p) for p in pids]
        chosen: set[str] = set()
        while len(chosen) < min(self.size, len(pids)):
            chosen.add(self.rng.choices(pids, weights)[0])
        return chosen

    def around_touched(self) -> set[str]:
        """One displaced professional, with competitors and beneficiaries from the current ring."""
        t = self.touched
        # The displaced who lost most of what they need first.
        displaced = sorted(t.displaced)
        d = self.rng.choices(displaced, [1 + self.shortfall(p) + 10 * self.below_min(p) for p in displaced])[0]
        pool = set(t.near.get(d, ())) | t.beneficiaries
        if self.ring >= 1 or not pool:
            pool |= t.far.get(d, set())
        pool.discard(d)
        others = sorted(pool)
        chosen = {d, *self.rng.sample(others, min(self.size - 1, len(others)))}
        # Fill up with other displaced professionals (they compete for the same places).
        rest = sorted(t.displaced - chosen)
        chosen |= set(self.rng.sample(rest, min(max(0, self.size - len(chosen)), len(rest))))
        return chosen

    def neighbourhood(self) -> tuple[str, set[str]]:
        """The next professionals to free, and the name of the kind of neighbourhood they are."""
        if self.iterations == 0:
            forced = self.touched.displaced if self.touched else self.forced()
            if forced:
                return "displaced", set(forced)
        if self.touched and (self.ring < WIDEST_RING or self.rng.random() < TOUCHED_SHARE_WIDEST):
            return "around_touched", self.around_touched()
        draw = self.rng.random()
        if draw < SITE_DAY_SHARE:
            return "site_day", self.site_day()
        if draw < SITE_DAY_SHARE + SHORT_SHARE:
            return "short", self.short()
        if draw < SITE_DAY_SHARE + SHORT_SHARE + IDLE_ROOM_SHARE:
            return "idle_room_day", self.idle_room_day()
        return "short_and_competitors", self.short_and_competitors()

    def _widen(self, improved: bool) -> None:
        """A what-if widens its ring after `STALE_TO_WIDEN` neighbourhoods without gain."""
        self.stale = 0 if improved else self.stale + 1
        if self.stale >= STALE_TO_WIDEN and self.ring < WIDEST_RING:
            self.ring, self.stale = self.ring + 1, 0

    # ---------------------------------------------------------------- one step

    def step(self, time_limit: float) -> bool:
        improved = self._step(time_limit)
        self._widen(improved)
        return improved

    def _step(self, time_limit: float) -> bool:
        self.incumbent, self.objective, self._version = self.shared.snapshot()
        kind, free = self.neighbourhood()
        self.iterations += 1
        tally = self.kinds.setdefault(kind, {"tried": 0, "improved": 0, "gain": 0})
        tally["tried"] += 1
        background = Schedule(a for a in self.incumbent if a.professional not in free)
        restrict = {
            pid: {r for r, room in self.instance.rooms.items() if room.site in self._sites_of[pid]}
            | {a.room for a in self.incumbent if a.professional == pid}
            | self._previous_rooms.get(pid, set())
            for pid in free
        }
        try:
            # A what-if's first neighbourhood (everyone displaced) can be big: its model is
            # given up at the run's deadline rather than built past it.
            m = ScheduleModel(
                self.instance, self.domain, professionals=free, background=background, restrict_rooms=restrict, deadline=self.deadline
            )
            encode_hard(m)
            keep_allocations(m, [a for a in self.keep if a.professional in free])
            if self.shared.max_changed is not None:
                # The background's changed minutes are fixed; the cap leaves the rest to the free ones.
                own = sum(p.minutes for p in self.instance.previous if p.professional in free and self.instance.in_week(p.date))
                fixed = changed.value(self.instance, background) - own
                m.model.add(changed.encode(m) <= self.shared.max_changed - fixed)
            minimize_soft(m)
        except (PinImpossible, BuildTimeout):
            return False
        mine = Schedule(a for a in self.incumbent if a.professional in free)
        on = cells_of_schedule(m, mine)
        if on is not None:
            add_complete_hint(m, on)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed + self.iterations
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.cp_model_presolve = False  # see portfolio.NO_PRESOLVE_LIMIT: a tighter LP on small models
        began = time.monotonic()
        status = self.stop.solve(solver, m.model)
        if status is None:  # stopped before it began
            return False
        # Adaptive size: grow while sub-models close quickly, shrink when they time out.
        if status == cp_model.OPTIMAL and time.monotonic() - began < time_limit / 2:
            self.size = min(self.size + 1, 4 * NEIGHBOURHOOD_SIZE)
        elif status != cp_model.OPTIMAL:
            self.size = max(3, self.size - 1)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        found = {key: [t for t, v in cells.vars.items() if solver.boolean_value(v)] for key, cells in m.cells.items()}
        mine = list(assign_rooms(m, {k: v for k, v in found.items() if v}))
        gain = self.shared.offer(free, mine, self._version)
        if gain:
            self.improvements += 1
            tally["improved"] += 1
            tally["gain"] += gain
            return True
        return False


def improve(
    instance: Instance,
    domain: Domain,
    shared: Incumbent,
    *,
    deadline: float,
    seed: int = 0,
    on_improve: Callable[[int, Schedule], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    keep: tuple[Allocation, ...] = (),
    touched: Touched | None = None,
    stop: StopSignal | None = None,
) -> Search:
    """Run neighbourhoods until `deadline` (time.monotonic()) or `should_stop()`,
    improving `shared`; the allocations in `keep` stay whatever else moves, and a
    what-if's `touched` set seeds the first neighbourhoods. A `stop` also ends
    the sub-model being solved."""
    search = Search(instance, domain, shared, seed, keep, touched, stop)
    search.deadline = deadline
    while not should_stop():
        left = deadline - time.monotonic()
        if left < MIN_STEP_SECONDS:
            break
        if search.step(min(SUB_TIME_LIMIT, left)) and on_improve is not None:
            schedule, objective, _ = shared.snapshot()
            on_improve(objective, schedule)
    return search
