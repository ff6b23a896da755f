"""Minutes, dates and half-open intervals: the only time arithmetic rules need."""
from __future__ import annotations

import datetime as dt
import re

from rules.errors import DocumentError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The grid every time lies on when an instance does not say (`grain_minutes`); the clinic's own grid.
DEFAULT_GRAIN_MINUTES = 30
WEEKDAY_PT = {
    "mon": "segunda",
    "tue": "terça",
    "wed": "quarta",
    "thu": "quinta",
    "fri": "sexta",
    "sat": "sábado",
    "sun": "domingo",
}

Interval = tuple[int, int]

_TIME = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])$")


def parse_time(value: str, path: str = "", *, allow_24: bool = False) -> int:
    match = _TIME.match(value) if isinstance(value, str) else None
    if not match:
        raise DocumentError(path, f"horário inválido: {value!r} (use HH:MM)")
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > 24 * 60 or (minutes == 24 * 60 and not allow_24):
        raise DocumentError(path, f"horário inválido: {value!r}")
    return minutes


def fmt_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_date(value: str, path: str = "") -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DocumentError(path, f"data inválida: {value!r} (use AAAA-MM-DD)") from None


def fmt_date_pt(day: dt.date) -> str:
    return f"{WEEKDAY_PT[weekday_of(day)]} {day.day:02d}/{day.month:02d}"


def weekday_of(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def fmt_hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if rest else f"{hours}h"


def union(intervals: list[Interval]) -> list[Interval]:
    """Sorted disjoint cover of the intervals; touching intervals chain."""
    out: list[Interval] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return union(out)


def subtract(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = union(a)
    for s2, e2 in b:
        nxt = []
        for s1, e1 in out:
            if e2 <= s1 or s2 >= e1:
                nxt.append((s1, e1))
                continue
            if s1 < s2:
                nxt.append((s1, s2))
            if e2 < e1:
                nxt.append((e2, e1))
        out = nxt
    return out


def contains(outer: list[Interval], inner: Interval) -> bool:
    return any(s <= inner[0] and inner[1] <= e for s, e in outer)


def overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]
