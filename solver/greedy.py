"""A plain greedy schedule: the benchmark's baseline and the solver's first hint.

Pins first; then, round after round, the professional furthest below their
minimum (then their target) gets one more block: an extension of a run they
already have, else a new block in a preferred room or site, earliest first.
The greedy knows no premissa: before each placement it asks the domain (every
cell-level module's `restrict`) and every hard module's `fits`, and at the end
each module's `settle` — so the result is valid, whatever premissas the
catalogue holds.
"""
from __future__ import annotations

import datetime as dt
import heapq

from rules import catalogue
from rules.instance import Instance
from rules.partial import PartialWeek, Placement, Run
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
        self.week = PartialWeek(instance)
        self._open: dict[tuple[str, dt.date], tuple[int, list[bool]]] = {}
        self._open_bits: dict[tuple[str, dt.date], tuple[int, int]] = {}
        self._allowed_bits: dict[tuple, int] = {}
        self._usable: dict[tuple[str, dt.date], list[tuple[str, int]]] = {}
        self._rooms: dict[str, list[str]] = {}
        # Professionals with accepted pins may hold a room others of its signature may not.
        self._accepted = {pin.professional for pin in instance.pins if pin.accepted}

    # ---------------------------------------------------------------- state

    def allowed_bits(self, pid: str, room: str, day: dt.date) -> int:
        """The slots the domain leaves (every cell-level premissa's `restrict`), as a bit set (bit t: slot t).

        Cached per room signature: rooms no premissa tells apart on a date allow
        the same slots (xl: 200 rooms, a few dozen signatures a day)."""
        key = (pid, room if pid in self._accepted else self.domain.room_class(room, day), day)
        bits = self._allowed_bits.get(key)
        if bits is None:
            bits = 0
            for start, end in self.domain.allowed(pid, room, day):
                first, last = -(-start // self.g), end // self.g  # whole slots inside
                if last > first:
                    bits |= (1 << last) - (1 << first)
            self._allowed_bits[key] = bits
        return bits

    def k(self, pid: str) -> int:
        """Slots of the professional's minimum block: the length the greedy places a new block at, at least."""
        return max(1, -(-self.inst.professionals[pid].min_block_minutes // self.g))

    def occupy(self, pid: str, room: str, day: dt.date, a: int, b: int, pinned: bool = False) -> None:
        self.week.occupy(Placement(pid, room, day, a, b), pinned=pinned)

    def drop_short_runs(self) -> None:
        """Let every hard module tidy the partial week (a run still too short goes, after a partial prefill)."""
        for settle in catalogue.SETTLE:
            settle(self.week)

    def fits(self, pid: str, room: str, day: dt.date, a: int, b: int) -> bool:
        """Whether every hard premissa lets the greedy place [a, b) slots: the domain, then each module's `fits`."""
        if a < 0 or b > self.S or a >= b:
            return False
        span = (1 << (b - a)) - 1
        if (self.allowed_bits(pid, room, day) >> a) & span != span:
            return False
        return self._fits(Placement(pid, room, day, a, b))

    def _fits(self, placement: Placement, _all_fit=catalogue.FITS) -> bool:
        week = self.week
        for fits in _all_fit:
            if not fits(week, placement):
                return False
        return True

    def runs(self, pid: str, day: dt.date) -> list[Run]:
        return self.week.runs.get((pid, day), [])

    # ---------------------------------------------------------------- placing

    def rooms_for(self, pid: str) -> list[str]:
        """The rooms the professional may use at all, preferred first (cached: the domain is fixed)."""
        rooms = self._rooms.get(pid)
        if rooms is None:
            rooms = self._rooms[pid] = self._rank_rooms(pid)
        return rooms

    def _rank_rooms(self, pid: str) -> list[str]:
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
            busy = self.week.busy[(pin.professional, pin.date)]
            if any(busy[a:b]):
                continue
            self.occupy(pin.professional, pin.room, pin.date, a, b, pinned=True)
        # A pin shorter than the minimum block grows into a full run when it can.
        for (pid, day), runs in list(self.week.runs.items()):
            k = self.k(pid)
            for run in list(runs):
                short = k - run.length
                if short <= 0:
                    continue
                if self.fits(pid, run.room, day, run.end, run.end + short):
                    self.occupy(pid, run.room, day, run.end, run.end + short)
                elif self.fits(pid, run.room, day, run.start - short, run.start):
                    self.occupy(pid, run.room, day, run.start - short, run.start)

    def try_place(self, pid: str, want: int) -> bool:
        k = self.k(pid)
        # 1. Extend a run the professional already has (no new fragment).
        for day in self.inst.dates:
            for run in list(self.runs(pid, day)):
                start, end, room = run.start, run.end, run.room
                for length in range(want, 0, -1):
                    if self.fits(pid, room, day, end, end + length):
                        self.occupy(pid, room, day, end, end + length)
                        return True
                    if self.fits(pid, room, day, start - length, start):
                        self.occupy(pid, room, day, start - length, start)
                        return True
        # 2. A new block, first on days without work (spreads the week), in preference order.
        days = sorted(self.inst.dates, key=lambda d: (bool(self.runs(pid, d)), d))
        changes, opened = self.week.room_changes, self._open_bits  # (looked up ~1M times on xl)
        for length in sorted({want, k}, reverse=True):
            if length < k:
                continue
            for day in days:
                for room, mask in self.usable_rooms(pid, day):
                    # The earliest start of `length` slots both allowed and open that every module
                    # accepts; bit sets keep the scan of ~1M room-days (xl) out of Python loops.
                    cached = opened.get((room, day))  # open_bits' own cache, read inline
                    if cached is None or cached[0] != changes.get((room, day), 0):
                        cached = (None, self.open_bits(room, day))
                    starts = free = mask & cached[1]
                    for shift in range(1, length):
                        if not starts:
                            break
                        starts &= free >> shift
                    while starts:
                        lowest = starts & -starts
                        a = lowest.bit_length() - 1
                        if self._fits(Placement(pid, room, day, a, a + length)):
                            self.occupy(pid, room, day, a, a + length)
                            return True
                        starts ^= lowest
        return False

    def usable_rooms(self, pid: str, day: dt.date) -> list[tuple[str, int]]:
        """(room, allowed slots as bits) of the rooms the professional may use on a date,
        preferred first (cached: the domain is fixed)."""
        key = (pid, day)
        usable = self._usable.get(key)
        if usable is None:
            usable = []
            if pid in self._accepted or self.domain.professional_free(pid, day):
                usable = [(room, bits) for room in self.rooms_for(pid) if (bits := self.allowed_bits(pid, room, day))]
            self._usable[key] = usable
        return usable

    def open_bits(self, room: str, day: dt.date) -> int:
        """`open_slots` as a bit set (cached until the room's day changes)."""
        key = (room, day)
        stamp = self.week.room_changes.get(key, 0)
        cached = self._open_bits.get(key)
        if cached is None or cached[0] != stamp:
            cached = self._open_bits[key] = (stamp, _bits(self.open_slots(room, day)))
        return cached[1]

    def open_slots(self, room: str, day: dt.date) -> list[bool]:
        """The slots of a room's day that no module's `open_slots` rules out (cached until the room's day changes)."""
        stamp = self.week.room_changes.get((room, day), 0)
        cached = self._open.get((room, day))
        if cached is None or cached[0] != stamp:
            slots = [True] * self.S
            for open_slots in catalogue.OPEN_SLOTS:
                slots = [x and y for x, y in zip(slots, open_slots(self.week, room, day))]
            cached = self._open[(room, day)] = (stamp, slots)
        return cached[1]

    def run(self) -> Schedule:
        self.place_pins()
        heap = []
        for pid in self.inst.professionals:
            heapq.heappush(heap, (self.priority(pid), pid))
        while heap:
            _, pid = heapq.heappop(heap)
            deficit = self.inst.limits(pid).target_weekly - self.week.week_minutes[pid]
            if deficit <= 0:
                continue
            want = max(self.k(pid), min(-(-deficit // self.g), MAX_BLOCK_MINUTES // self.g))
            if self.try_place(pid, want):
                heapq.heappush(heap, (self.priority(pid), pid))
        self.drop_short_runs()  # a no-op after whole blocks, but the week handed out must be finished
        return self.schedule()

    def priority(self, pid: str) -> tuple:
        limits = self.inst.limits(pid)
        placed = self.week.week_minutes[pid]
        below_min = max(0, limits.min_weekly - placed)
        share = placed / limits.target_weekly if limits.target_weekly else 1.0
        return (-below_min, share, pid)

    def schedule(self) -> Schedule:
        return self.week.schedule()


def _bits(mask: list[bool]) -> int:
    """A slot mask as an int whose bit t is slot t."""
    return sum(1 << t for t, on in enumerate(mask) if on)


def greedy_schedule(instance: Instance, domain: Domain, restrict_rooms: dict[str, set[str]] | None = None) -> Schedule:
    """A valid schedule built greedily (pins first)."""
    return Greedy(instance, domain, restrict_rooms).run()
