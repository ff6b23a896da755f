"""A week being built one placement at a time: what heuristics hold, and what hard rules' `fits` read.

A heuristic (the greedy, the warm start) places whole grid slots, so time here is in slots of the
instance's grain: a `Placement` is professional × room × date × [start, end) slots. Before placing,
it asks every hard module ``fits(week, placement)``; the modules that only forbid time answer
through the domain their ``restrict`` built instead. Plain Python, no solver.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from rules.instance import Allocation, Instance
from rules.schedule import Schedule


class Placement(NamedTuple):  # a tuple: heuristics build hundreds of thousands of them
    """Professional × room × date × [start, end), in grid slots."""

    professional: str
    room: str
    date: dt.date
    start: int
    end: int


@dataclass
class Run:
    """A maximal same-room stretch of one professional on one date, in slots."""

    start: int
    end: int
    room: str
    pinned: bool = False

    @property
    def length(self) -> int:
        return self.end - self.start


class PartialWeek:
    """The allocations placed so far, indexed the way incremental checks read them."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.grain = instance.grain
        self.slots = 24 * 60 // instance.grain
        self.load: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0] * self.slots)  # per room
        self.busy: dict[tuple[str, dt.date], list[bool]] = defaultdict(lambda: [False] * self.slots)  # per person
        self.runs: dict[tuple[str, dt.date], list[Run]] = defaultdict(list)  # per person, sorted by start
        self.week_minutes: dict[str, int] = defaultdict(int)
        self.day_minutes: dict[tuple[str, dt.date], int] = defaultdict(int)
        self.room_changes: dict[tuple[str, dt.date], int] = defaultdict(int)  # bumps when a room's day changes

    def occupy(self, p: Placement, *, pinned: bool = False) -> None:
        """Place it (it joins a same-room run it touches)."""
        load, busy = self.load[(p.room, p.date)], self.busy[(p.professional, p.date)]
        self.room_changes[(p.room, p.date)] += 1
        for t in range(p.start, p.end):
            load[t] += 1
            busy[t] = True
        minutes = (p.end - p.start) * self.grain
        self.week_minutes[p.professional] += minutes
        self.day_minutes[(p.professional, p.date)] += minutes
        runs = self.runs[(p.professional, p.date)]
        merged = Run(p.start, p.end, p.room, pinned)
        for run in self.touching(p):  # one on each side at most: the placement joins them into one run
            merged = Run(min(merged.start, run.start), max(merged.end, run.end), p.room, merged.pinned or run.pinned)
            runs.remove(run)
        runs.append(merged)
        runs.sort(key=lambda r: (r.start, r.end))

    def remove(self, professional: str, day: dt.date, run: Run) -> None:
        """Take a whole run back out."""
        load, busy = self.load[(run.room, day)], self.busy[(professional, day)]
        self.room_changes[(run.room, day)] += 1
        for t in range(run.start, run.end):
            load[t] -= 1
            busy[t] = False
        minutes = run.length * self.grain
        self.week_minutes[professional] -= minutes
        self.day_minutes[(professional, day)] -= minutes
        self.runs[(professional, day)].remove(run)

    def touching(self, p: Placement) -> list[Run]:
        """The professional's same-room runs the placement would join (one on each side at most)."""
        return [
            r for r in self.runs.get((p.professional, p.date), ()) if r.room == p.room and (r.end == p.start or r.start == p.end)
        ]

    def schedule(self) -> Schedule:
        g = self.grain
        return Schedule(
            Allocation(day, run.start * g, run.end * g, pid, run.room, run.pinned)
            for (pid, day), runs in self.runs.items()
            for run in runs
        )
