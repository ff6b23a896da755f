"""A capacity bound: what no schedule can beat, without a solver.

Professionals of one room kind can only use rooms of that kind. At each slot
they fill at most the places of the open, unblocked rooms of their kind, and
at most one place each when they are free; over the week each fills at most
their maximum. So the minutes they can get together are at most ``U`` and

    below_target >= sum over kinds of max(0, targets - U)
    below_min    >= sum over kinds of max(0, minimums - U)
    worst        >= below_target / number of professionals.

Loose where a min block, travel or preferences bite, but valid for any week
and cheap on any size: the floor of every reported bound, and the bound where
the whole-week model is too big to build.
"""
from __future__ import annotations

import math
from collections import defaultdict

from rules.instance import Instance
from solver.domain import Domain


def capacity_bound(instance: Instance, domain: Domain) -> int:
    g = instance.grain
    by_kind: dict[str | None, list[str]] = defaultdict(list)
    for pid, prof in instance.professionals.items():
        by_kind[prof.room_kind].append(pid)

    def free_slots(windows) -> set[int]:
        return {t for start, end in windows for t in range(-(-start // g), end // g)}

    below_target = below_min = 0
    for kind, pids in by_kind.items():
        rooms = [r for r in instance.rooms.values() if kind is None or kind in r.kinds]
        places: dict[tuple, int] = defaultdict(int)
        for day in instance.dates:
            for room in rooms:
                windows = domain.site_free(room.site, day)
                # Reservations are ignored (they only move places between people): an overestimate.
                blocked = [f.window for f in domain.room_forbids(room.id, day) if f.allowed is None]
                for t in free_slots(windows):
                    if not any(b[0] < (t + 1) * g and t * g < b[1] for b in blocked):
                        places[(day, t)] += room.capacity
        people: dict[tuple, int] = defaultdict(int)
        usable_each = 0
        for pid in pids:
            limits = instance.limits(pid)
            own = 0
            for day in instance.dates:
                mine = free_slots(domain.professional_free(pid, day))
                day_minutes = 0
                for t in mine:
                    if places.get((day, t)):
                        people[(day, t)] += 1
                        day_minutes += g
                if limits.max_daily is not None:
                    day_minutes = min(day_minutes, limits.max_daily)
                own += day_minutes
            if limits.max_weekly is not None:
                own = min(own, limits.max_weekly)
            usable_each += own
        by_slot = sum(g * min(places[key], people.get(key, 0)) for key in places)
        # Accepted pins may use time the premissas forbid: count it as usable on top (still a valid bound).
        usable = min(by_slot, usable_each) + sum(
            pin.minutes for pin in instance.pins if pin.accepted and pin.professional in pids
        )
        targets = sum(instance.limits(p).target_weekly for p in pids)
        minimums = sum(instance.limits(p).min_weekly for p in pids)
        below_target += max(0, targets - usable)
        below_min += max(0, minimums - usable)
    worst = math.ceil(below_target / max(1, len(instance.professionals)))
    w = instance.weights
    return w["below_target"] * below_target + w["below_min"] * below_min + w["worst_below_target"] * worst
