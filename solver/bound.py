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


# --------------------------------------------------------------------------- the flow bound


def _stretch_slots(windows, g: int, k: int) -> list[int]:
    """Whole grain slots inside the windows, only in stretches at least k slots long
    (a shorter stretch can host no run: the minimum block)."""
    out: list[int] = []
    for start, end in windows:
        first, last = -(-start // g), end // g
        if last - first >= k:
            out.extend(range(first, last))
    return out


def _savings(limits, g: int, w_min: int, w_target: int) -> list[tuple[int, int]]:
    """(units, saving per unit) of a professional's week: the k-th grain slot allocated
    saves w_min·(minutes of it below the minimum) + w_target·(minutes of it below the
    target); units past the weekly maximum are never allocated."""
    target, minimum = limits.target_weekly, limits.min_weekly
    units = -(-max(target, minimum) // g)
    if limits.max_weekly is not None:
        units = min(units, limits.max_weekly // g)
    levels: list[tuple[int, int]] = []
    for u in range(units):
        lo = g * u
        saving = w_min * min(g, max(0, minimum - lo)) + w_target * min(g, max(0, target - lo))
        if saving <= 0:
            break
        if levels and levels[-1][1] == saving:
            levels[-1] = (levels[-1][0] + 1, saving)
        else:
            levels.append((1, saving))
    return levels


def flow_bound(instance: Instance, domain: Domain) -> int:
    """A bound from a min-cost flow: professionals' grain slots to the places of rooms.

    Relaxes the week to "each professional fills at most one place per slot, inside
    their days' maxima, in rooms the domain allows them, in stretches at least their
    minimum block long": a flow from each professional's week (each slot saves what
    it takes off their minimum and target shortfalls), through their days (daily
    maximum), to the places of each group of interchangeable rooms at each slot,
    costing their off-preference minutes. Its minimum cost bounds below_min,
    below_target and off_preference together (a schedule is such a flow); a max flow
    bounds the total shortfall, hence the worst one. Tighter than the capacity bound
    (which takes each sum alone), exact on integral data, and solved in C++
    (OR-Tools' network flows) in well under a second up to l.
    """
    from ortools.graph.python import max_flow, min_cost_flow

    g, w = instance.grain, instance.weights
    professionals = list(instance.professionals)
    node = iter(range(2, 1 << 31))
    source_sink = (0, 1)
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, cap: int, cost: int = 0) -> None:
        tails.append(tail)
        heads.append(head)
        caps.append(cap)
        costs.append(cost)

    groups: dict[tuple, list[str]] = {}
    for day in instance.dates:
        for room in instance.rooms:
            groups.setdefault((day, domain.room_signature(room, day)), []).append(room)
    place: dict[tuple[int, int], int] = {}  # (group index, slot) -> node
    group_list = list(groups.items())
    by_day: dict = {}
    for gi, ((day, _sig), rooms) in enumerate(group_list):
        by_day.setdefault(day, []).append(gi)

    supplies: dict[int, int] = {}
    constant = 0
    person_nodes = {}
    reach_short = 0
    for pid in professionals:
        prof, limits = instance.professionals[pid], instance.limits(pid)
        k = max(1, -(-prof.min_block_minutes // g))
        person = next(node)
        person_nodes[pid] = person
        levels = _savings(limits, g, w["below_min"], w["below_target"])
        served = sum(units for units, _saving in levels)
        # What lies past the weekly maximum is a shortfall no schedule avoids.
        constant += w["below_min"] * max(0, limits.min_weekly - g * served) + w["below_target"] * max(
            0, limits.target_weekly - g * served
        )
        for units, saving in levels:
            level = next(node)
            supplies[level] = units
            arc(level, person, units)
            arc(level, source_sink[1], units, saving)  # not served: its saving is lost
        reach = 0
        for day in instance.dates:
            slots: dict[int, list[tuple[int, int]]] = {}
            for gi in by_day.get(day, ()):
                rooms = group_list[gi][1]
                if domain.pair_forbidden(pid, rooms[0]) is not None:
                    continue
                site = instance.rooms[rooms[0]].site
                off = (bool(prof.preferred_sites) and site not in prof.preferred_sites) + (
                    bool(prof.preferred_rooms) and not set(rooms) & set(prof.preferred_rooms)
                )
                for t in _stretch_slots(domain.allowed(pid, rooms[0], day), g, k):
                    slots.setdefault(t, []).append((gi, off))
            if not slots:
                continue
            daily = len(slots) if limits.max_daily is None else min(len(slots), limits.max_daily // g)
            reach += daily
            person_day = next(node)
            arc(person, person_day, daily)
            for t, options in slots.items():
                here = person_day
                if len(options) > 1:  # one place at a time (H2), whichever room
                    here = next(node)
                    arc(person_day, here, 1)
                for gi, off in options:
                    key = (gi, t)
                    if key not in place:
                        place[key] = next(node)
                    arc(here, place[key], 1, w["off_preference"] * g * off)
        if limits.max_weekly is not None:
            reach = min(reach, limits.max_weekly // g)
        pinned = sum(-(-pin.minutes // g) for pin in instance.pins if pin.accepted and pin.professional == pid)
        if pinned:
            # Accepted pins may hold time the premissas forbid: usable on top (still a relaxation).
            arc(person, source_sink[1], pinned)
            reach += pinned
        reach_short = max(reach_short, limits.target_weekly - g * reach)
    for (gi, _t), n in place.items():
        rooms = group_list[gi][1]
        arc(n, source_sink[1], sum(instance.rooms[r].capacity for r in rooms))

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    total = sum(supplies.values())
    for n, units in supplies.items():
        flow.set_node_supply(n, units)
    flow.set_node_supply(source_sink[1], -total)
    if flow.solve() != flow.OPTIMAL:
        return 0
    lower = constant + flow.optimal_cost()

    # The total shortfall below target is at least the targets minus the most minutes
    # any schedule can place (a max flow over the same network, capped at each target).
    most = max_flow.SimpleMaxFlow()
    for tail, head, cap in zip(tails, heads, caps):
        if tail in supplies:
            continue
        most.add_arc_with_capacity(tail, head, cap)
    for pid, person in person_nodes.items():
        most.add_arc_with_capacity(source_sink[0], person, -(-instance.limits(pid).target_weekly // g))
    placed = g * most.optimal_flow() if most.solve(*source_sink) == most.OPTIMAL else 0
    short_total = sum(instance.limits(p).target_weekly for p in professionals) - placed
    worst = max(0, reach_short, math.ceil(short_total / max(1, len(professionals))))
    return lower + w["worst_below_target"] * worst
