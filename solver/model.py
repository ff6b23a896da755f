"""The CP-SAT variable container every rule encodes against.

Variables are Booleans ``y[p, u, t]``: professional ``p`` occupies a room of
unit ``u`` during grid slot ``t``. A unit is one date's group of rooms that no
premissa tells apart (same site, kinds, capacity, blocks and reservations;
rooms named by a pin, by `previous` or by a room preference stand alone). Rooms
in a unit are assigned afterwards by `solver.decode` — an interval colouring
that always succeeds — so every hard premissa and every objective term is exact
on units, and the model is the full problem with its symmetry removed.

In explanation mode every unit is one room, the forbidden cells are kept and
zeroed behind named assumption literals, and every constraint is guarded by the
literal of the premissa that adds it.
"""
from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rules import catalogue
from rules.instance import Instance
from rules.schedule import Schedule
from solver.domain import Domain


def _stretches(slots: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for t in slots:
        if out and out[-1][-1] == t - 1:
            out[-1].append(t)
        else:
            out.append([t])
    return out


class PinImpossible(Exception):
    """A pinned cell does not exist in the model: the pins cannot hold together."""


class BuildTimeout(Exception):
    """Building the model ran past its deadline; what was built is unusable."""


DEADLINE_CHECK_EVERY = 256  # constraints added between two looks at the clock while building


@dataclass
class Unit:
    id: int
    date: dt.date
    site: str
    rooms: tuple[str, ...]
    room_capacity: int
    kinds: tuple[str, ...]

    @property
    def capacity(self) -> int:
        return self.room_capacity * len(self.rooms)


@dataclass
class Cells:
    """The slots where one professional may be in one unit, and their variables."""

    professional: str
    unit: Unit
    vars: dict[int, cp_model.IntVar] = field(default_factory=dict)
    starts: dict[int, cp_model.IntVar] | None = None


class ScheduleModel:
    def __init__(
        self,
        instance: Instance,
        domain: Domain,
        *,
        explain: bool = False,
        scope: dict[tuple[str, str, dt.date], None] | None = None,
        restrict_rooms: dict[str, set[str]] | None = None,
        professionals: set[str] | None = None,
        background: Schedule | None = None,
        exact_rooms: bool | None = None,
        deadline: float | None = None,
    ):
        """`professionals` and `background` make a neighbourhood: only those professionals
        get variables, everyone else's allocations are fixed and use up room capacity.
        Past `deadline` (time.monotonic()) building raises `BuildTimeout`: a week whose
        premissas multiply constraints (many units a day, travel between all of them)
        can take longer to build than the caller has to solve it."""
        self.instance = instance
        self.deadline = deadline
        self._added = 0
        self.domain = domain
        self.grain = instance.grain
        self.slots_per_day = 24 * 60 // instance.grain
        self.model = cp_model.CpModel()
        self.explain = explain
        self.professionals = set(instance.professionals) if professionals is None else set(professionals)
        self.literals: dict[str, cp_model.IntVar] = {}
        self.aux: dict[str, object] = {}  # objective-term variables, for hints
        self.units: list[Unit] = []
        self.unit_of_room: dict[tuple[str, dt.date], Unit] = {}
        self.cells: dict[tuple[str, int], Cells] = {}
        self.by_unit_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        self.by_prof_slot: dict[tuple[str, dt.date, int], list[cp_model.IntVar]] = defaultdict(list)
        self.by_prof_day: dict[tuple[str, dt.date], list[Cells]] = defaultdict(list)
        self._works: dict[tuple[str, dt.date], cp_model.IntVar] = {}
        self._at_site: dict[tuple[str, str, dt.date], cp_model.IntVar] = {}
        # The background's places taken per slot: per room's day, and per unit once a unit is asked.
        self._occupied: dict[tuple[str, dt.date], Counter[int]] = defaultdict(Counter)
        self._used: dict[int, Counter[int]] = {}
        self.worst_floor = 0
        if background is not None:
            self._load_background(background)
        if exact_rooms is None:  # small weeks: every room its own unit, every term exact
            exact_rooms = len(instance.rooms) * 7 <= 60
        self._build_units(scope, singletons=explain or background is not None, exact_rooms=exact_rooms)
        self._build_cells(scope, restrict_rooms)

    def _load_background(self, background: Schedule) -> None:
        g = self.grain
        for a in background:
            self._occupied[(a.room, a.date)].update(range(a.start // g, -(-a.end // g)))
        for pid in set(self.instance.professionals) - self.professionals:
            short = self.instance.limits(pid).target_weekly - background.weekly_minutes.get(pid, 0)
            self.worst_floor = max(self.worst_floor, short)

    def capacity_at(self, unit_id: int, t: int) -> int:
        """Room places left in a unit during slot t (after any fixed background)."""
        return self.units[unit_id].capacity - self._used_in(unit_id)[t]

    def _used_in(self, unit_id: int) -> Counter[int]:
        """The background's places taken in a unit, per slot."""
        used = self._used.get(unit_id)
        if used is None:
            unit = self.units[unit_id]
            used = Counter()
            for room in unit.rooms:
                used.update(self._occupied.get((room, unit.date), {}))
            self._used[unit_id] = used
        return used

    # ---------------------------------------------------------------- building

    def _build_units(self, scope, *, singletons: bool, exact_rooms: bool) -> None:
        inst = self.instance
        # Rooms named by a pin or by `previous` stand alone, so decoding units
        # back into rooms keeps them. With `exact_rooms`, preferred rooms stand
        # alone too; otherwise a unit holding a preferred room counts as
        # preferred (a lower bound, so the bound stays valid) and decoding
        # hands its preferred rooms to those who prefer them.
        named = {(pin.room, pin.date) for pin in inst.pins} | {(prev.room, prev.date) for prev in inst.previous}
        preferred = {r for prof in inst.professionals.values() for r in prof.preferred_rooms} if exact_rooms else set()
        for day in inst.dates:
            groups: dict[tuple, list[str]] = defaultdict(list)
            for room_id in inst.rooms:
                if scope is not None and not any(r == room_id and d == day for (_p, r, d) in scope):
                    continue
                if singletons or (room_id, day) in named or room_id in preferred:
                    sig = ("room", room_id)
                else:
                    sig = self.domain.room_signature(room_id, day)
                groups[sig].append(room_id)
            for rooms in groups.values():
                first = inst.rooms[rooms[0]]
                unit = Unit(len(self.units), day, first.site, tuple(rooms), first.capacity, first.kinds)
                self.units.append(unit)
                for room_id in rooms:
                    self.unit_of_room[(room_id, day)] = unit

    def _build_cells(self, scope, restrict_rooms) -> None:
        inst, g = self.instance, self.grain
        for pid, prof in inst.professionals.items():
            if pid not in self.professionals:
                continue
            self.check_deadline()
            k = max(1, -(-prof.min_block_minutes // g))
            mine = None if restrict_rooms is None else restrict_rooms.get(pid, set())
            units = self.units
            if scope is None and mine is not None:  # only the units holding a room they may use, in order
                ids = {self.unit_of_room[(r, d)].id for r in mine for d in inst.dates if (r, d) in self.unit_of_room}
                units = [self.units[i] for i in sorted(ids)]
            for unit in units:
                room = unit.rooms[0]
                if scope is not None:
                    if (pid, room, unit.date) not in scope:
                        continue
                    slots = range(self.slots_per_day)
                else:
                    if mine is not None and mine.isdisjoint(unit.rooms):
                        continue
                    slots = []
                    used, capacity = self._used_in(unit.id), unit.capacity
                    for start, end in self.domain.allowed(pid, room, unit.date):
                        first, last = -(-start // g), end // g  # whole slots inside
                        free = [t for t in range(first, last) if used[t] < capacity]
                        # A stretch too short for the minimum block hosts nothing.
                        slots.extend(t for run in _stretches(free) if len(run) >= k for t in run)
                if not slots:
                    continue
                cells = Cells(pid, unit)
                for t in slots:
                    var = self.model.new_bool_var(f"y[{pid},{unit.id},{t}]")
                    cells.vars[t] = var
                    self.by_unit_slot[(unit.id, t)].append(var)
                    self.by_prof_slot[(pid, unit.date, t)].append(var)
                self.cells[(pid, unit.id)] = cells
                self.by_prof_day[(pid, unit.date)].append(cells)

    # ---------------------------------------------------------------- helpers rules use

    def literal(self, premissa: str) -> cp_model.IntVar:
        if premissa not in self.literals:
            self.literals[premissa] = self.model.new_bool_var(f"assume[{premissa}]")
        return self.literals[premissa]

    def check_deadline(self) -> None:
        """Raise `BuildTimeout` once building has run past the deadline."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise BuildTimeout(f"model not built by its deadline ({self.num_constraints()} constraints so far)")

    def _count(self) -> None:
        self._added += 1
        if self._added % DEADLINE_CHECK_EVERY == 0:
            self.check_deadline()

    def add(self, premissa: str, constraint) -> None:
        """Add a hard constraint on behalf of a premissa (guarded in explanation mode)."""
        ct = self.model.add(constraint)
        if self.explain:
            ct.only_enforce_if(self.literal(premissa))
        self._count()

    def add_implication(self, premissa: str, condition, constraint) -> None:
        ct = self.model.add(constraint).only_enforce_if(condition)
        if self.explain:
            ct.only_enforce_if([condition, self.literal(premissa)])
        self._count()

    def impossible(self, premissa: str) -> None:
        """A premissa needs a cell the domain removed: the instance is infeasible.

        In explanation mode the premissa's own literal is made false instead, so it shows up in a core."""
        if self.explain:
            self.model.add(self.literal(premissa) == 0)
            return
        raise PinImpossible(premissa)

    def zero_forbidden_cells(self) -> None:
        """Explanation mode: keep forbidden cells and zero them behind their premissa."""
        g = self.grain
        for (pid, _uid), cells in self.cells.items():
            room, day = cells.unit.rooms[0], cells.unit.date
            pair = self.domain.pair_forbidden(pid, room)
            blockers = self.domain.blockers(pid, room, day)
            for t, var in cells.vars.items():
                if pair is not None:
                    self.add(pair, var == 0)
                for f in blockers:
                    if f.window[0] < (t + 1) * g and t * g < f.window[1]:
                        self.add(f.premissa, var == 0)

    def slot_minute(self, t: int) -> int:
        return t * self.grain

    def cell(self, professional: str, room: str, date: dt.date, t: int) -> cp_model.IntVar | None:
        unit = self.unit_of_room.get((room, date))
        if unit is None:
            return None
        cells = self.cells.get((professional, unit.id))
        return cells.vars.get(t) if cells else None

    def cells_of(self, professional: str) -> Iterable[Cells]:
        for day in self.instance.dates:
            yield from self.by_prof_day.get((professional, day), [])

    def minutes(self, professional: str):
        return self.grain * sum(v for c in self.cells_of(professional) for v in c.vars.values())

    def day_minutes(self, professional: str, date: dt.date):
        return self.grain * sum(v for c in self.by_prof_day.get((professional, date), []) for v in c.vars.values())

    def starts(self, cells: Cells) -> dict[int, cp_model.IntVar]:
        """start[t] is 1 when a run in this unit begins at slot t (y[t] and not y[t-1])."""
        if cells.starts is None:
            cells.starts = {}
            for t, var in cells.vars.items():
                prev = cells.vars.get(t - 1)
                if prev is None:
                    cells.starts[t] = var  # nothing before: a run here always starts here
                    continue
                s = self.model.new_bool_var(f"start[{cells.professional},{cells.unit.id},{t}]")
                # Bounded from below only: a start costs (fragments) or forces slots
                # (block length), so the solver keeps it at y[t] and not y[t-1].
                self.model.add(s >= var - prev)
                cells.starts[t] = s
        return cells.starts

    def works(self, professional: str, date: dt.date) -> cp_model.IntVar:
        """At most 1, and 0 on a day without runs; only an objective that rewards it
        (``fragments``) lifts it to 1, which is all that term needs."""
        key = (professional, date)
        if key not in self._works:
            w = self.model.new_bool_var(f"works[{professional},{date}]")
            self.model.add(w <= sum(s for c in self.by_prof_day.get(key, []) for s in self.starts(c).values()))
            self._works[key] = w
        return self._works[key]

    def at_site(self, professional: str, site: str, date: dt.date) -> cp_model.IntVar:
        """1 when the professional works at the site on the date."""
        key = (professional, site, date)
        if key not in self._at_site:
            z = self.model.new_bool_var(f"at_site[{professional},{site},{date}]")
            here = [c for c in self.by_prof_day.get((professional, date), []) if c.unit.site == site]
            for t in sorted({t for c in here for t in c.vars}):
                # At most one room per slot (H2), so one inequality covers all the site's units.
                self.model.add(sum(c.vars[t] for c in here if t in c.vars) <= z)
            self.model.add(z <= sum(v for c in here for v in c.vars.values()))
            self._at_site[key] = z
        return self._at_site[key]

    def sites_of_day(self, professional: str, date: dt.date) -> list[str]:
        return sorted({c.unit.site for c in self.by_prof_day.get((professional, date), [])})

    def site_slot(self, professional: str, site: str, date: dt.date, t: int):
        """Occupancy of the professional at a site during slot t (0/1 by H2)."""
        return sum(
            c.vars[t] for c in self.by_prof_day.get((professional, date), []) if c.unit.site == site and t in c.vars
        )

    def has_site_slot(self, professional: str, site: str, date: dt.date, t: int) -> bool:
        return any(c.unit.site == site and t in c.vars for c in self.by_prof_day.get((professional, date), []))

    def num_variables(self) -> int:
        return len(self.model.proto.variables)

    def num_constraints(self) -> int:
        return len(self.model.proto.constraints)


def encode_hard(m: ScheduleModel) -> None:
    """Every hard premissa's `encode` on the model."""
    for module in catalogue.HARD:
        if hasattr(module, "encode"):
            m.check_deadline()
            module.encode(m)


def keep_allocations(m: ScheduleModel, allocations) -> None:
    """Every minute of these allocations stays allocated (a minimal-change re-solve)."""
    for a in allocations:
        if a.professional not in m.professionals:
            continue
        for t in range(a.start // m.grain, -(-a.end // m.grain)):
            var = m.cell(a.professional, a.room, a.date, t)
            if var is None:
                m.impossible(f"keep:{a.professional}")
                continue
            m.model.add(var == 1)


def minimize_soft(m: ScheduleModel) -> None:
    """The objective: every soft premissa's term, weighted by the instance's weights."""
    terms = []
    for mod in catalogue.SOFT:
        m.check_deadline()
        terms.append(m.instance.weights[mod.TERM] * mod.encode(m))
    m.model.minimize(sum(terms))
