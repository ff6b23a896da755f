"""Live progress of a solve, where the API can read it: the cache (Redis when configured)."""
from __future__ import annotations

from typing import Any

from django.core.cache import cache

_TTL_SECONDS = 6 * 3600


def _key(run_id: int) -> str:
    return f"solve-run:{run_id}:progress"


def publish_progress(run_id: int, elapsed: float, objective: int | None, bound: float | None) -> None:
    cache.set(
        _key(run_id),
        {"elapsed": round(elapsed, 2), "objective": objective, "bound": bound},
        _TTL_SECONDS,
    )


def read_progress(run_id: int) -> dict[str, Any] | None:
    return cache.get(_key(run_id))


def forget_progress(run_id: int) -> None:
    cache.delete(_key(run_id))
