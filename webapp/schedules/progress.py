"""Live progress of a solve, and a coordinator's request to stop it, where both the API and the
worker can read them: the cache (Redis when configured, so across processes)."""
from __future__ import annotations

from typing import Any

from django.core.cache import cache

_TTL_SECONDS = 6 * 3600


def _key(run_id: int) -> str:
    return f"solve-run:{run_id}:progress"


def _stop_key(run_id: int) -> str:
    return f"solve-run:{run_id}:stop"


def publish_progress(run_id: int, elapsed: float, objective: int | None, bound: float | None) -> None:
    cache.set(
        _key(run_id),
        {"elapsed": round(elapsed, 2), "objective": objective, "bound": bound},
        _TTL_SECONDS,
    )


def read_progress(run_id: int) -> dict[str, Any] | None:
    """The latest progress, with `stop_requested: true` once a stop was asked for."""
    progress = cache.get(_key(run_id))
    if stop_requested(run_id):
        return {**(progress or {}), "stop_requested": True}
    return progress


def request_stop(run_id: int) -> None:
    cache.set(_stop_key(run_id), True, _TTL_SECONDS)


def stop_requested(run_id: int) -> bool:
    return bool(cache.get(_stop_key(run_id)))


def forget_progress(run_id: int) -> None:
    cache.delete_many([_key(run_id), _stop_key(run_id)])
