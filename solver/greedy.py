"""A plain greedy schedule: the benchmark's baseline and the solver's first hint.

Pins first; then, round after round, the professional furthest below their
minimum (then their target) gets one more block: an extension of a run they
already have, else a new block in a preferred room or site, earliest first.
Every placement respects every hard premissa, so the result is valid.
"""
from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict

from rules.instance import Allocation, Instance
from rules.schedule import Schedule
from solver.domain import Domain

MAX_BLOCK_MINUTES = 240


class Greedy:
    def __init__(self, instance: Instance, domain: Domain, restrict_rooms: dict[str, set[str]] | None = None):
        self.inst = instance
        self.domain = domain
        self.g = instance.grain
        self.S = 24 * 60 // self.g
        self.restrict_rooms = restrict_rooms
        self.room_occ: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0] * self.S)
        self.busy: dict[tuple[str, dt.date], list[bool]] = defaultdict(lambda: [False] * self.S)
        self.runs: dict[tuple[str, dt.date], list[list]] = defaultdict(list)  # [start_t, end_t, room, pinned]
        self.week: dict[str, int] = defaultdict(int)
        self.day: dict[tuple[str, dt.date], int] = defaultdict(int)
        self._allowed: dict[tuple[str, str, dt.date], list[bool]] = {}

    # ---------------------------------------------------------------- state

    def allowed(self, pid: str, room: str, day: dt.date) -> list[bool]:
        key = (pid, room, day)
        if key not in self._allowed:
            mask = [False] * self.S
            k = self.k(pid)
            for start, end in self.domain.allowed(pid, room, day):
                first, last = -(-start // self.g), end // self.g
                if last - first >= k:
                    for t in range(first, last):
                        mask[t] = True
            self._allowed[key] = mask
        return self._allowed[key]

    def k(self, pid: str) -> int:
        return max(1, -(-self.inst.professionals[pid].min_block_minutes // self.g))

    def occupy(self, pid: str, room: str, day: dt.date, a: int, b: int, pinned: bool = False) -> None:
        occ, busy = self.room_occ[(room, day)], self.busy[(pid, day)]
        for t in range(a, b):
            occ[t] += 1
            busy[t] = True
        minutes = (b - a) * self.g
        self.week[pid] += minutes
        self.day[(pid, day)] += minutes
        runs = self.runs[(pid, day)]
        for run in runs:
            if run[2] == room and (run[1] == a or run[0] == b):
                run[0], run[1] = min(run[0], a), max(run[1], b)
                run[3] = run[3] or pinned
                break
        else:
            runs.append([a, b, room, pinned])
        runs.sort()

    def drop_short_runs(self) -> None:
        """Remove unpinned runs shorter than the minimum block (after a partial prefill)."""
        for (pid, day), runs in self.runs.items():
            k = self.k(pid)
            for run in [r for r in runs if not r[3] and r[1] - r[0] < k]:
                occ, busy = self.room_occ[(run[2], day)], self.busy[(pid, day)]
                for t in range(run[0], run[1]):
                    occ[t] -= 1
                    busy[t] = False
                minutes = (run[1] - run[0]) * self.g
                self.week[pid] -= minutes
                self.day[(pid, day)] -= minutes
                runs.remove(run)

    def fits(self, pid: str, room: str, day: dt.date, a: int, b: int) -> bool:
        if a < 0 or b > self.S or a >= b:
            return False
        mask = self.allowed(pid, room, day)
        occ, busy = self.room_occ[(room, day)], self.busy[(pid, day)]
        cap = self.inst.rooms[room].capacity
        for t in range(a, b):
            if not mask[t] or busy[t] or occ[t] >= cap:
                return False
        limits = self.inst.limits(pid)
        minutes = (b - a) * self.g
        if limits.max_weekly is not None and self.week[pid] + minutes > limits.max_weekly:
            return False
        if limits.max_daily is not None and self.day[(pid, day)] + minutes > limits.max_daily:
            return False
        site = self.inst.rooms[room].site
        runs = self.runs[(pid, day)]
        sites = {self.inst.rooms[r[2]].site for r in runs} | {site}
        limit = self.inst.max_sites(pid, day)
        if limit is not None and len(sites) > limit[0]:
            return False
        for r0, r1, r_room, _ in runs:
            other = self.inst.rooms[r_room].site
            if other == site:
                continue
            if r1 <= a and (a - r1) * self.g < self.inst.travel_minutes(other, site):
                return False
            if b <= r0 and (r0 - b) * self.g < self.inst.travel_minutes(site, other):
                return False
        return True

    # ---------------------------------------------------------------- placing

    def rooms_for(self, pid: str) -> list[str]:
        prof = self.inst.professionals[pid]
        rooms = [r for r in self.inst.rooms if self.domain.pair_forbidden(pid, r) is None]
        if self.restrict_rooms is not None:
            rooms = [r for r in rooms if r in self.restrict_rooms.get(pid, set())]

        def rank(r: str) -> tuple:
            return (r not in prof.preferred_rooms, bool(prof.preferred_sites) and self.inst.rooms[r].site not in prof.preferred_sites)

        return sorted(rooms, key=rank)

    def place_pins(self) -> None:
        for pin in self.inst.pins:
            if not self.inst.in_week(pin.date):
                continue
            a, b = pin.start // self.g, -(-pin.end // self.g)
            busy = self.busy[(pin.professional, pin.date)]
            if any(busy[a:b]):
                continue
            self.occupy(pin.professional, pin.room, pin.date, a, b, pinned=True)
        # A pin shorter than the minimum block grows into a full run when it can.
        for (pid, day), runs in list(self.runs.items()):
            k = self.k(pid)
            for run in list(runs):
                short = k - (run[1] - run[0])
                if short <= 0:
                    continue
                if self.fits(pid, run[2], day, run[1], run[1] + short):
                    self.occupy(pid, run[2], day, run[1], run[1] + short)
                elif self.fits(pid, run[2], day, run[0] - short, run[0]):
                    self.occupy(pid, run[2], day, run[0] - short, run[0])

    def try_place(self, pid: str, want: int) -> bool:
        k = self.k(pid)
        # 1. Extend a run the professional already has (no new fragment).
        for day in self.inst.dates:
            for run in list(self.runs[(pid, day)]):
                for length in range(want, 0, -1):
                    if self.fits(pid, run[2], day, run[1], run[1] + length):
                        self.occupy(pid, run[2], day, run[1], run[1] + length)
                        return True
                    if self.fits(pid, run[2], day, run[0] - length, run[0]):
                        self.occupy(pid, run[2], day, run[0] - length, run[0])
                        return True
        # 2. A new block, first on days without work (spreads the week), in preference order.
        rooms = self.rooms_for(pid)
        days = sorted(self.inst.dates, key=lambda d: (bool(self.runs[(pid, d)]), d))
        for length in sorted({want, k}, reverse=True):
            if length < k:
                continue
            for day in days:
                for room in rooms:
                    mask = self.allowed(pid, room, day)
                    if not any(mask):
                        continue
                    for a in range(self.S - length + 1):
                        if mask[a] and self.fits(pid, room, day, a, a + length):
                            self.occupy(pid, room, day, a, a + length)
                            return True
        return False

    def run(self) -> Schedule:
        self.place_pins()
        heap = []
        for pid in self.inst.professionals:
            heapq.heappush(heap, (self.priority(pid), pid))
        while heap:
            _, pid = heapq.heappop(heap)
            deficit = self.inst.limits(pid).target_weekly - self.week[pid]
            if deficit <= 0:
                continue
            want = max(self.k(pid), min(-(-deficit // self.g), MAX_BLOCK_MINUTES // self.g))
            if self.try_place(pid, want):
                heapq.heappush(heap, (self.priority(pid), pid))
        return self.schedule()

    def priority(self, pid: str) -> tuple:
        limits = self.inst.limits(pid)
        below_min = max(0, limits.min_weekly - self.week[pid])
        share = self.week[pid] / limits.target_weekly if limits.target_weekly else 1.0
        return (-below_min, share, pid)

    def schedule(self) -> Schedule:
        out = []
        for (pid, day), runs in self.runs.items():
            for a, b, room, pinned in runs:
                out.append(Allocation(day, a * self.g, b * self.g, pid, room, pinned))
        return Schedule(out)


def greedy_schedule(instance: Instance, domain: Domain, restrict_rooms: dict[str, set[str]] | None = None) -> Schedule:
    """A valid schedule built greedily (pins first)."""
    return Greedy(instance, domain, restrict_rooms).run()
