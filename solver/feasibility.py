"""Where a picked-up card may land: a verdict for every drop target, from the rule catalogue.

The board asks once per pick-up. For the allocation being dragged, every active room x every
date of the week x every start on the grain such that the moved allocation (same duration)
lies in [00:00, 24:00] and inside its site's opening hours is judged as the board edit
(`move`) would leave the week; for a person dropped from the people list, as the new entry
(`pin` / `add_saturday_entry`) would:

- ``broken``: the move brings hard inconsistencies the week did not have (they are listed);
- ``worse``: every hard premissa holds, but the objective grows (``delta`` > 0);
- ``ok``: every hard premissa holds and the objective does not grow (``delta`` <= 0).

"New" is `Inconsistency.identity`, exactly as the edit endpoint's gate counts it, so a drop
the map calls ok or worse is never refused by the server.

How, without a solver and without judging the whole week thousands of times:

1. The cell-level premissas (opening hours, availability, room kind, block, reservation) come
   from the rule modules' own `restrict` (``solver.domain``): a target outside the cells they
   leave is broken by them — named by the blockers the domain recorded, worded by the modules'
   checkers once per run of equal targets.
2. Any other target is judged by the other hard checkers and every objective term on a reduced
   week: the room's capacity on the allocations of the source and target rooms on their dates,
   the rest on the professional's allocations on the two dates involved. A move changes nothing
   else, so what is new on the reduced week is what is new on the whole week
   (tests/solver/test_feasibility.py checks this against `check_all` on the full week).

Slots where the site is closed (a closed date, outside opening hours) are left out: the board
draws those as closed bands. Plain Python: no Django, no solver.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from rules import catalogue, room_capacity, worst_below_target
from rules.below_target import shortfalls
from rules.errors import DocumentError
from rules.inconsistency import Inconsistency
from rules.instance import Allocation, Instance
from rules.schedule import Schedule
from rules.timeutil import contains, fmt_time
from solver.changes import CHANGES_FORMAT
from solver.domain import build_domain

OK, WORSE, BROKEN = "ok", "worse", "broken"
LABELS = {m.__name__.rsplit(".", 1)[-1]: m.LABEL for m in catalogue.HARD}


@dataclass
class Slot:
    """One drop target: the moved allocation and the verdict on it."""

    target: Allocation
    verdict: str
    delta: int = 0
    terms: dict[str, int] = field(default_factory=dict)
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    blockers: tuple[str, ...] = ()  # cell-level premissas, when those alone rule the slot out

    def reasons(self) -> tuple:
        return self.blockers or tuple(sorted((i.premissa, i.rule) for i in self.inconsistencies))


def find_allocation(schedule: Schedule, picked: Allocation) -> Allocation:
    """The schedule's allocation with the picked one's key; DocumentError naming `start` when absent."""
    for a in schedule:
        if a.key() == picked.key():
            return a
    raise DocumentError("start", "esta alocação não está na versão (profissional, sala, data e horário)")


def judge_moves(instance: Instance, schedule: Schedule, picked: Allocation) -> list[Slot]:
    """A verdict for every drop target of `picked` (an allocation of `schedule`), in room, date, start order."""
    return _judge_targets(instance, schedule, find_allocation(schedule, picked), moving=True)


def judge_placements(instance: Instance, schedule: Schedule, professional: str, minutes: int) -> list[Slot]:
    """A verdict for every place a new `minutes`-long entry of `professional` could go (a person dropped on the board)."""
    if professional not in instance.professionals:
        raise DocumentError("professional", f"profissional desconhecido: {professional[:60]!r}")
    if minutes <= 0 or minutes % instance.grain or minutes > 24 * 60:
        raise DocumentError("minutes", f"a duração precisa ser um múltiplo de {instance.grain} minutos, de até 24 h")
    stand_in = Allocation(instance.dates[0], 0, minutes, professional, next(iter(instance.rooms)))  # not in the week
    return _judge_targets(instance, schedule, stand_in, moving=False)


def _judge_targets(instance: Instance, schedule: Schedule, a: Allocation, *, moving: bool) -> list[Slot]:
    """Every target of `a`'s duration: `a` moved there (`moving`), or a new entry like `a` added there."""
    pid, g, duration = a.professional, instance.grain, a.minutes
    # The move unpins the card; an added entry leaves every pin as it is.
    pins_after = tuple(p for p in instance.pins if p.key() != a.key()) if moving else instance.pins
    mine = dataclasses.replace(
        instance, professionals={pid: instance.professionals[pid]}, pins=tuple(p for p in pins_after if p.professional == pid),
        previous=(),
    )  # fmt: skip
    domain = build_domain(mine)
    # The worst shortfall is a maximum over everyone: the others' part of it does not move with `a`.
    others_worst = max((m for p, m in shortfalls(instance, schedule).items() if p != pid), default=0)
    slots: list[Slot] = []
    for room in instance.rooms.values():
        for day in instance.dates:
            open_windows = domain.site_free(room.site, day)
            starts = [
                s for s in range(0, 24 * 60 - duration + 1, g) if contains(open_windows, (s, s + duration))
            ]
            if not starts:
                continue
            reduced = None  # built on the first target the cell-level premissas let through
            allowed = domain.allowed(pid, room.id, day)
            for s in starts:
                target = Allocation(day, s, s + duration, pid, room.id)
                if moving and target.key() == a.key():
                    slots.append(Slot(target, OK, 0, {t: 0 for t in catalogue.TERMS}))
                elif not contains(allowed, (s, s + duration)):
                    slots.append(Slot(target, BROKEN, blockers=_blockers(domain, target)))
                else:
                    reduced = reduced or _Reduced(instance, schedule, a, room.id, day, pins_after, moving=moving, others_worst=others_worst)
                    slots.append(reduced.judge(target))
    return slots


def _blockers(domain, target: Allocation) -> tuple[str, ...]:
    found = {
        f.premissa
        for f in domain.blockers(target.professional, target.room, target.date)
        if f.window[0] < target.end and target.start < f.window[1]
    }
    pair = domain.pair_forbidden(target.professional, target.room)
    if pair is not None:
        found.add(pair)
    return tuple(sorted(found))


class _Reduced:
    """The part of the week a move of `a` to (room, day) can change, before and after.

    Two parts, each judged only by the premissas that can see a change in it: the room part (the
    allocations of the source and target rooms on their dates) by the room's capacity; the
    professional's part (their allocations on both dates) by every other premissa between
    allocations and by every objective term. Nobody else's findings or terms can change. For a new entry (not a
    move) the professional's part is their whole week: it changes their weekly total.
    """

    def __init__(
        self, instance: Instance, schedule: Schedule, a: Allocation, room: str, day, pins_after, *,
        moving: bool = True, others_worst: int = 0,
    ) -> None:  # fmt: skip
        pid = a.professional
        self.others_worst = others_worst
        # A move leaves the person's weekly total as it is, so their two dates tell everything; an added entry
        # grows it, and the weekly premissas and terms (hour maxima, shortfalls) need the whole week.
        dates = {a.date, day} if moving else set(instance.dates)
        mine = [x for d in dates for x in schedule.by_professional_date.get((pid, d), [])]
        rooms = schedule.by_room_date.get((room, day), []) + (
            schedule.by_room_date.get((a.room, a.date), []) if moving and (room, day) != (a.room, a.date) else []
        )
        self.mine = [x for x in mine if x is not a]
        self.rooms = [x for x in rooms if x is not a]
        people = {x.professional for x in rooms} | {pid}
        self.room_instance = dataclasses.replace(
            instance, professionals={p: instance.professionals[p] for p in people}, pins=(), previous=()
        )
        self.before_instance = dataclasses.replace(
            instance,
            professionals={pid: instance.professionals[pid]},
            pins=tuple(p for p in instance.pins if p.professional == pid and p.date in dates),
            previous=tuple(p for p in instance.previous if p.professional == pid and p.date in dates),
        )
        self.after_instance = dataclasses.replace(
            self.before_instance, pins=tuple(p for p in pins_after if p.professional == pid and p.date in dates)
        )
        # Unpinning an accepted card changes how the cell-level premissas see what else the
        # professional has in its room that day (the accepted time no longer excuses it).
        unpinned = moving and any(p.accepted and p.key() == a.key() for p in instance.pins)
        self.recheck = [x for x in self.mine if (x.room, x.date) == (a.room, a.date)] if unpinned else []
        before = [a] if moving else []  # the week as it is: the card where it was, or no new entry yet
        self.known = {i.identity() for i in self._check(self.before_instance, *before)}
        self.before_terms = self._terms(self.before_instance, self.mine + before)

    def _terms(self, mine_instance: Instance, mine: list[Allocation]) -> dict[str, int]:
        terms = catalogue.terms(mine_instance, Schedule(mine))
        terms[worst_below_target.TERM] = max(terms[worst_below_target.TERM], self.others_worst)
        return terms

    def _check(self, mine_instance: Instance, *placed: Allocation) -> list[Inconsistency]:
        found = room_capacity.check(self.room_instance, Schedule(self.rooms + list(placed)))
        mine = Schedule(self.mine + list(placed))
        found += [i for module in BETWEEN for i in module.check(mine_instance, mine)]
        if self.recheck:
            found += catalogue.check_cells(mine_instance, Schedule(self.recheck))
        return found

    def judge(self, target: Allocation) -> Slot:
        new = [i for i in self._check(self.after_instance, target) if i.identity() not in self.known]
        if new:
            return Slot(target, BROKEN, inconsistencies=new)
        terms = self._terms(self.after_instance, self.mine + [target])
        deltas = {t: terms[t] - self.before_terms[t] for t in catalogue.TERMS}
        delta = catalogue.objective(self.after_instance, deltas)
        return Slot(target, WORSE if delta > 0 else OK, delta, deltas)


# The premissas between one professional's allocations (the room's capacity is judged apart). The
# cell-level ones judge each allocation alone: others' findings do not change, the domain cleared the target.
BETWEEN = tuple(m for m in catalogue.HARD if m not in catalogue.CELL_LEVEL and m is not room_capacity)


def _cell_inconsistencies(instance: Instance, slot: Slot) -> list[Inconsistency]:
    found = catalogue.check_cells(instance, Schedule([slot.target]))
    return [i for i in found if i.premissa in slot.blockers] or found


def feasibility_map(instance: Instance, schedule: Schedule, picked: Allocation) -> dict[str, Any]:
    """The board's drop map for `picked` (JSON-ready).

    ``runs``: consecutive starts in one room on one date with the same verdict, delta, term deltas
    and reasons; ``reasons``: the new hard inconsistencies they name, each once (a run points to
    them by index, its messages are those of its first start).
    """
    a = find_allocation(schedule, picked)
    return _map(instance, judge_moves(instance, schedule, picked), a.professional, a.minutes, _allocation_dict(a))


def placement_map(instance: Instance, schedule: Schedule, professional: str, minutes: int) -> dict[str, Any]:
    """The board's drop map for a person dropped from the people list: a new `minutes`-long entry (JSON-ready)."""
    slots = judge_placements(instance, schedule, professional, minutes)
    return _map(instance, slots, professional, minutes, None)


def _map(instance: Instance, slots: list[Slot], professional: str, minutes: int, allocation) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    reasons: list[dict[str, str]] = []
    index: dict[tuple, int] = {}
    last: tuple | None = None
    for slot in slots:
        t = slot.target
        key = (t.room, t.date, slot.verdict, slot.delta, tuple(sorted(slot.terms.items())), slot.reasons())
        if last is not None and key == last[0] and t.start == last[1] + instance.grain:
            runs[-1]["last_start"] = fmt_time(t.start)
            last = (key, t.start)
            continue
        found = slot.inconsistencies or (_cell_inconsistencies(instance, slot) if slot.blockers else [])
        refs = []
        for i in found:
            reason = {"premissa": i.premissa, "rule": i.rule, "label": LABELS.get(i.rule, i.rule), "message": i.message}
            ref = index.setdefault(tuple(reason.values()), len(reasons))
            if ref == len(reasons):
                reasons.append(reason)
            refs.append(ref)
        run: dict[str, Any] = {
            "room": t.room,
            "date": t.date.isoformat(),
            "first_start": fmt_time(t.start),
            "last_start": fmt_time(t.start),
            "verdict": slot.verdict,
        }
        if slot.verdict == BROKEN:
            run["reasons"] = sorted(set(refs))
        else:
            run["delta"], run["terms"] = slot.delta, slot.terms
        runs.append(run)
        last = (key, t.start)
    return {
        "grain": instance.grain,
        "duration": minutes,
        "professional": professional,
        "allocation": allocation,
        "runs": runs,
        "reasons": reasons,
    }


def suggestions(instance: Instance, schedule: Schedule, picked: Allocation, limit: int = 5) -> list[dict[str, Any]]:
    """The best other places for `picked`: targets that keep every hard premissa, by objective change,
    then nearest in time, then the same room; each with the `move` change that makes it a draft edit."""
    a = find_allocation(schedule, picked)
    candidates = [s for s in judge_moves(instance, schedule, picked) if s.verdict != BROKEN and s.target.key() != a.key()]

    def rank(slot: Slot) -> tuple:
        t = slot.target
        distance = abs((t.date - a.date).days) * 24 * 60 + abs(t.start - a.start)
        return (slot.delta, distance, t.room != a.room, t.room, t.date, t.start)

    out = []
    for slot in sorted(candidates, key=rank)[:limit]:
        t = slot.target
        to = {"room": t.room, "date": t.date.isoformat(), "start": fmt_time(t.start), "end": fmt_time(t.end)}
        out.append(
            {
                **to,
                "verdict": slot.verdict,
                "delta": slot.delta,
                "terms": slot.terms,
                "changes": {
                    "format": CHANGES_FORMAT,
                    "changes": [{"kind": "move", "from": _allocation_dict(a), "to": to}],
                },
            }
        )
    return out


def _allocation_dict(a: Allocation) -> dict[str, str]:
    return {
        "professional": a.professional,
        "room": a.room,
        "date": a.date.isoformat(),
        "start": fmt_time(a.start),
        "end": fmt_time(a.end),
    }


# --------------------------------------------------------------------------- benchmark


def benchmark(size: str = "m", seed: int = 1, picks: int = 25) -> dict[str, Any]:
    """Time `feasibility_map` on a generated week (greedy schedule, also the published one) for `picks` cards."""
    import statistics
    import time

    from rules.instance import parse_instance
    from rules.schedule import allocation_to_dict
    from solver.generate import generate
    from solver.greedy import greedy_schedule

    doc = generate(size, seed)
    first = parse_instance(doc)
    week = greedy_schedule(first, build_domain(first))
    doc["previous"] = [{k: v for k, v in allocation_to_dict(x).items() if k != "pinned"} for x in week]
    instance = parse_instance(doc)
    step = max(1, len(week) // picks)
    timings, sizes, slots = [], [], []
    for a in list(week)[::step][:picks]:
        t0 = time.perf_counter()
        result = feasibility_map(instance, week, a)
        timings.append((time.perf_counter() - t0) * 1000)
        slots.append(sum(_count(r) for r in result["runs"]))
        sizes.append(len(json.dumps(result)))
    return {
        "size": size, "rooms": len(instance.rooms), "professionals": len(instance.professionals), "allocations": len(week),
        "picks": len(timings), "median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1),
        "median_slots": statistics.median(slots), "median_bytes": statistics.median(sizes),
    }  # fmt: skip


def _count(run: dict[str, Any]) -> int:
    first, last = (int(t[:2]) * 60 + int(t[3:]) for t in (run["first_start"], run["last_start"]))
    return (last - first) // 30 + 1


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Tempo do mapa de viabilidade (arrastar um cartão) numa semana gerada.")
    parser.add_argument("--size", default="m")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--picks", type=int, default=25)
    args = parser.parse_args()
    print(json.dumps(benchmark(args.size, args.seed, args.picks)))
