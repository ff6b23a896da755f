"""A schedule: the allocations of one week, from any source (solver, hand, Google)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from rules.errors import DocumentError
from rules.instance import Allocation
from rules.timeutil import fmt_time, parse_date, parse_time


class Schedule:
    """An ordered collection of allocations with the indexes the checkers need."""

    def __init__(self, allocations: Iterable[Allocation] = ()):
        # Not plain sorted(): `source` may be None or a string, and two otherwise equal
        # allocations (a duplicate from a hand-made or Google week) would not compare.
        self.allocations: list[Allocation] = sorted(allocations, key=lambda a: (a.date, a.start, a.end, a.key()))

    def __iter__(self) -> Iterator[Allocation]:
        return iter(self.allocations)

    def __len__(self) -> int:
        return len(self.allocations)

    @cached_property
    def by_professional_date(self) -> dict[tuple[str, dt.date], list[Allocation]]:
        out: dict[tuple[str, dt.date], list[Allocation]] = defaultdict(list)
        for a in self.allocations:
            out[(a.professional, a.date)].append(a)
        return dict(out)

    @cached_property
    def by_room_date(self) -> dict[tuple[str, dt.date], list[Allocation]]:
        out: dict[tuple[str, dt.date], list[Allocation]] = defaultdict(list)
        for a in self.allocations:
            out[(a.room, a.date)].append(a)
        return dict(out)

    def minutes_of(self, professional_id: str) -> int:
        return sum(a.minutes for a in self.allocations if a.professional == professional_id)

    @cached_property
    def weekly_minutes(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for a in self.allocations:
            out[a.professional] += a.minutes
        return dict(out)

    def runs(self, professional_id: str, day: dt.date) -> list[Allocation]:
        """Maximal same-room runs of a professional on a date (H9, `fragments`)."""
        runs: list[Allocation] = []
        for a in sorted(self.by_professional_date.get((professional_id, day), []), key=lambda a: (a.start, a.end)):
            last = runs[-1] if runs else None
            if last is not None and last.room == a.room and last.end == a.start:
                runs[-1] = Allocation(last.date, last.start, a.end, last.professional, last.room, last.pinned or a.pinned)
            else:
                runs.append(a)
        return runs


def allocation_from_dict(a: dict[str, Any], path: str = "allocations[?]") -> Allocation:
    try:
        start = parse_time(a["start"], f"{path}.start")
        end = parse_time(a["end"], f"{path}.end", allow_24=True)
        return Allocation(
            date=parse_date(a["date"], f"{path}.date"),
            start=start,
            end=end,
            professional=a["professional"],
            room=a["room"],
            pinned=bool(a.get("pinned", False)),
            source=a.get("source"),
        )
    except KeyError as exc:
        raise DocumentError(f"{path}.{exc.args[0]}", "campo obrigatório ausente") from None


def allocation_to_dict(a: Allocation) -> dict[str, Any]:
    out = {
        "professional": a.professional,
        "room": a.room,
        "date": a.date.isoformat(),
        "start": fmt_time(a.start),
        "end": fmt_time(a.end),
        "pinned": a.pinned,
    }
    if a.source:
        out["source"] = a.source
    return out


def schedule_from_allocations(items: list[dict[str, Any]], key: str = "allocations") -> Schedule:
    return Schedule(allocation_from_dict(a, f"{key}[{i}]") for i, a in enumerate(items))
