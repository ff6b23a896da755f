"""Faults, bounded and on loopback: Redis stopped while a what-if is requested; PostgreSQL restarted during a solve.

(A worker killed mid-solve — the reaper marks the run failed, no partial version — is
tests/webapp/test_jobs.py::test_a_worker_killed_mid_solve_leaves_the_run_failed_and_no_version.)
"""
from __future__ import annotations

import time

from tests.ops.conftest import needs_workers, wait_for
from tests.webapp.conftest import WEEK, make_version

from webapp.schedules.models import ScheduleVersion, SolveRun

WHAT_IF = {"format": "agendador.changes/1", "changes": [{"kind": "mark_absent", "professional": "p-bia"}]}


@needs_workers
def test_redis_down_while_a_what_if_is_requested_answers_a_clear_503_and_recovers(
    coordinator_client, start_worker, on_private_broker
):
    start_worker("interactive", "interactive")
    base = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")
    body = {"kind": "what_if", "week_start": str(WEEK), "base_version": base.pk, "time_limit": 5, "changes": WHAT_IF}

    on_private_broker.stop()
    started = time.monotonic()
    down = coordinator_client.post("/api/runs/", body, format="json")
    assert time.monotonic() - started < 30  # bounded: the coordinator is not left waiting
    assert down.status_code == 503, down.content
    assert "Redis" in down.json()["detail"] and "não foi iniciado" in down.json()["detail"]
    assert down["Retry-After"] == "30"
    # Nothing waits for a job that was never queued: the run says what happened, and no version was made.
    [run] = SolveRun.objects.all()
    assert run.status == "failed" and "não está respondendo" in run.error
    assert ScheduleVersion.objects.count() == 1

    on_private_broker.start()  # the same port: the web process and the worker reconnect by themselves
    up = coordinator_client.post("/api/runs/", body, format="json")
    assert up.status_code == 202, up.content
    assert wait_for(lambda: SolveRun.objects.get(pk=up.json()["id"]).status == "done", timeout=90)
    assert SolveRun.objects.get(pk=up.json()["id"]).version.source == "what_if"
