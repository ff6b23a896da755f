"""Is this deployment able to work? The database answers, Redis answers (when configured) and a Celery
worker has beaten recently (when jobs go to workers). Read by GET /health/ and `manage.py healthcheck`,
which the compose health checks run.

The worker's heartbeat is a cache entry its main process rewrites every HEARTBEAT_SECONDS from a thread,
so a long solve in the pool does not make a healthy worker look dead.
"""
from __future__ import annotations

import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEARTBEAT_KEY = "worker-heartbeat"
HEARTBEAT_SECONDS = 15


def check_health() -> dict[str, Any]:
    checks = {"database": _timed(_database)}
    if settings.REDIS_URL:
        checks["redis"] = _timed(_redis)
        checks["worker"] = _worker()
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "fail", "checks": checks}


def _timed(probe) -> dict[str, Any]:
    started = time.monotonic()
    try:
        probe()
    except Exception as exc:  # any failure is the answer, not a crash of the health check
        return {"ok": False, "error": type(exc).__name__, "ms": _ms(started)}
    return {"ok": True, "ms": _ms(started)}


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis() -> None:
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()


def _worker() -> dict[str, Any]:
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if beat is None:
        return {"ok": False, "error": "Nenhum worker deu sinal de vida."}
    age = round(time.time() - beat["at"], 1)
    ok = age <= settings.WORKER_HEARTBEAT_MAX_SECONDS
    answer = {"ok": ok, "worker": beat["worker"], "age_seconds": age}
    if not ok:
        answer["error"] = f"O último sinal de um worker foi há {age:.0f} s."
    return answer


def beat_once(worker: str) -> None:
    cache.set(HEARTBEAT_KEY, {"worker": worker, "at": time.time()}, settings.WORKER_HEARTBEAT_MAX_SECONDS * 4)


def start_heartbeat(worker: str | None = None) -> threading.Event:
    """Beat now and then every HEARTBEAT_SECONDS until the process ends (or the returned event is set)."""
    worker = worker or socket.gethostname()
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                beat_once(worker)
            except Exception:  # Redis away for a moment: the health check will say so
                pass
            stop.wait(HEARTBEAT_SECONDS)

    threading.Thread(target=loop, name="agendador-heartbeat", daemon=True).start()
    return stop


@require_safe
@never_cache
def health(request):
    """200 when every check holds, 503 naming the one that failed; no login (compose and proxies call it)."""
    report = check_health()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
