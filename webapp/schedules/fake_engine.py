"""A stand-in for `solver.engine.solve_document`, for tests of the shell (set SOLVER_ENGINE to it).

It allocates exactly the pins (valid whenever they are) and reports progress, so the shell's
plumbing can be tested fast and deterministically. FAKE_ENGINE_SLEEP (seconds) makes it slow,
FAKE_ENGINE_FAIL makes it raise, to test interruptions and failures. Like the real engine it
honours `stop` (an Event or a callable): a stopped solve returns FEASIBLE with `stats.stopped`.
"""
from __future__ import annotations

import os
import time
from typing import Any

from rules.schema import SOLUTION_FORMAT


def _asked(stop) -> bool:
    if stop is None:
        return False
    return stop() if callable(stop) else stop.is_set()


def solve_document(
    doc: dict[str, Any],
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    progress=None,
    minimal_change=False,
    stop=None,
    deterministic_time=None,
) -> dict[str, Any]:
    pause = float(os.environ.get("FAKE_ENGINE_SLEEP", "0"))
    started = time.monotonic()
    stopped = False
    if progress:
        progress(0.0, None, None)
    while time.monotonic() - started < min(pause, time_limit):
        if _asked(stop):
            stopped = True
            break
        time.sleep(0.05)
        if progress:
            progress(time.monotonic() - started, 1000, 0)
    if os.environ.get("FAKE_ENGINE_FAIL"):
        raise RuntimeError("falha simulada do motor")
    seen, allocations = set(), []
    for pin in doc.get("pins", []):
        key = (pin["professional"], pin["room"], pin["date"], pin["start"], pin["end"])
        if key not in seen:
            seen.add(key)
            allocations.append({**{k: pin[k] for k in ("professional", "room", "date", "start", "end")}, "pinned": True})
    if progress:
        progress(time.monotonic() - started, 100, 100)
    stats = {"wall_seconds": round(time.monotonic() - started, 3), "workers": workers, "seed": seed}
    if stopped:
        stats["stopped"] = True
    return {
        "format": SOLUTION_FORMAT,
        "status": "FEASIBLE" if stopped else "OPTIMAL",
        "objective": 100,
        "bound": 100,
        "gap": 0.0,
        "terms": {"below_min": 1, "below_target": 0, "worst_below_target": 0, "off_preference": 0, "changed": 0, "fragments": 0},
        "allocations": allocations,
        "conflicts": [],
        "stats": stats,
    }
