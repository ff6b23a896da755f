"""The difference between two schedules, on format v1 allocation dicts (no database)."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

_KEY = ("professional", "room", "date", "start", "end")


def _key(a: dict[str, Any]) -> tuple:
    return tuple(a[k] for k in _KEY)


def _minutes(a: dict[str, Any]) -> int:
    (sh, sm), (eh, em) = (map(int, a["start"].split(":")), map(int, a["end"].split(":")))
    return (eh * 60 + em) - (sh * 60 + sm)


def diff_allocations(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[str, Any]:
    """Added, removed and moved allocations from `old` to `new`, with each professional's hour delta.

    A removed and an added allocation of the same professional on the same date pair up as one
    move (room or time changed), earliest with earliest.
    """
    old_keys = {_key(a): a for a in old}
    new_keys = {_key(a): a for a in new}
    removed = [old_keys[k] for k in sorted(old_keys.keys() - new_keys.keys())]
    added = [new_keys[k] for k in sorted(new_keys.keys() - old_keys.keys())]

    by_day_removed: dict[tuple, list] = defaultdict(list)
    for a in removed:
        by_day_removed[(a["professional"], a["date"])].append(a)
    moved, still_added = [], []
    for a in added:
        candidates = by_day_removed.get((a["professional"], a["date"]))
        if candidates:
            moved.append({"from": _plain(candidates.pop(0)), "to": _plain(a)})
        else:
            still_added.append(a)
    still_removed = [a for group in by_day_removed.values() for a in group]
    still_removed.sort(key=_key)

    minutes: dict[str, int] = defaultdict(int)
    for a in old:
        minutes[a["professional"]] -= _minutes(a)
    for a in new:
        minutes[a["professional"]] += _minutes(a)
    hour_deltas = {p: round(m / 60, 2) for p, m in sorted(minutes.items()) if m}

    return {
        "added": [_plain(a) for a in still_added],
        "removed": [_plain(a) for a in still_removed],
        "moved": moved,
        "hour_deltas": hour_deltas,
        "counts": {
            "added": len(still_added),
            "removed": len(still_removed),
            "moved": len(moved),
            "unchanged": len(old_keys.keys() & new_keys.keys()),
        },
    }


def _plain(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a[k] for k in _KEY}
