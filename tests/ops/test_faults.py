"""Faults, bounded and on loopback: Redis stopped while a what-if is requested; PostgreSQL restarted during a solve.

(A worker killed mid-solve — the reaper marks the run failed, no partial version — is
tests/webapp/test_jobs.py::test_a_worker_killed_mid_solve_leaves_the_run_failed_and_no_version.)
"""
from __future__ import annotations

import time

from tests.ops.conftest import events_of, needs_workers, wait_for
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


# --------------------------------------------------------------------------- PostgreSQL restarted during a solve

import glob  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.ops.conftest import ROOT, free_port  # noqa: E402

PG_BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
needs_private_cluster = pytest.mark.skipif(
    not (PG_BIN and (not AS_POSTGRES or shutil.which("runuser"))), reason="needs PostgreSQL's initdb and pg_ctl"
)


class PrivateCluster:
    """A PostgreSQL cluster of our own (initdb into a temp dir, a free loopback port, trust auth)."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="agendador-pg-"))
        self.port = free_port()
        if AS_POSTGRES:
            shutil.chown(self.dir, "postgres")
        self.data = self.dir / "data"
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")

    def _pg(self, tool: str, *args: str) -> None:
        subprocess.run([*AS_POSTGRES, f"{PG_BIN}/{tool}", *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)  # fmt: skip

    def ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=off"
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-o", options, "-w", *extra, action)

    def url(self, database: str = "agendador") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, sql: str, *params):
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            return conn.execute(sql, params).fetchall()

    def remove(self) -> None:
        try:
            self.ctl("stop", "-m", "immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_cluster():
    cluster = PrivateCluster()
    try:
        cluster.ctl("start")
        import psycopg

        with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE agendador")
        yield cluster
    finally:
        cluster.remove()


SETUP_AND_SOLVE = """
import copy
from tests.webapp.conftest import TINY, WEEK
from webapp.schedules.adapter import import_instance
from webapp.schedules.actions import do_start_solve
import_instance(copy.deepcopy(TINY))
print("RUN", do_start_solve("weekly", WEEK, time_limit=8).pk)
"""


@needs_workers
@needs_private_cluster
def test_postgresql_restarted_during_a_solve_still_stores_its_week(private_cluster, start_worker, on_private_broker):
    env = {**os.environ, "DATABASE_URL": private_cluster.url(), "REDIS_URL": on_private_broker.url, "DEBUG": "1",
           "PRODUCTION": "0", "SOLVER_ENGINE": "webapp.schedules.fake_engine:solve_document"}  # fmt: skip
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    worker = start_worker("batch", "batch", DATABASE_URL=private_cluster.url(), FAKE_ENGINE_SLEEP="8")
    out = subprocess.run([*manage, "shell", "-c", SETUP_AND_SOLVE], cwd=ROOT, env=env, check=True, timeout=120,
                         capture_output=True, text=True).stdout  # fmt: skip
    run_id = int(out.split("RUN", 1)[1].split()[0])
    status = lambda: private_cluster.query("SELECT status FROM schedules_solverun WHERE id = %s", run_id)[0][0]  # noqa: E731
    assert wait_for(lambda: status() == "running", timeout=60), worker.text()[-3000:]

    private_cluster.ctl("restart", "-m", "fast")  # every connection is cut while the engine works

    def finished():
        try:
            return status() in ("done", "failed")
        except Exception:  # noqa: BLE001 — the server may still be coming back
            return False

    assert wait_for(finished, timeout=90), worker.text()[-3000:]
    [(state, error, version_id)] = private_cluster.query(
        "SELECT status, error, version_id FROM schedules_solverun WHERE id = %s", run_id)
    assert (state, error) == ("done", ""), worker.text()[-3000:]
    # The restart did cut the worker's connection: storing the week was retried on a new one.
    assert events_of([worker], "solve_run.store_retried", run_id=run_id)
    assert private_cluster.query("SELECT count(*) FROM schedules_scheduleversion") == [(1,)]
    assert private_cluster.query("SELECT count(*) FROM schedules_allocation WHERE version_id = %s", version_id) == [(1,)]
