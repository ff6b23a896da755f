"""Celery jobs: inline here; against a real worker and the Redis broker when REDIS_URL is set."""
import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from tests.webapp.conftest import FAKE_ENGINE, REAL_SERVICES, WEEK, make_version, wait_for
from webapp import celery_app
from webapp.clinic.models import Pin, Professional, Room
from webapp.schedules import actions, tasks
from webapp.schedules.models import DailyConfirmation, ScheduleVersion, SolveRun

ROOT = Path(__file__).resolve().parents[2]
real_services = pytest.mark.skipif(not REAL_SERVICES, reason="needs REDIS_URL and AGENDADOR_REAL_SERVICES=1 (.ci/run)")


def test_generate_week_solves_next_week_into_a_draft(clinic):
    run_id = tasks.generate_week.delay("2026-12-07").get()
    run = SolveRun.objects.get(pk=run_id)
    assert (run.kind, run.status, run.dedupe_key) == ("weekly", "done", "weekly:2026-12-07")
    assert run.version.status == "draft" and run.version.source == "solver"


def test_generate_week_is_idempotent(clinic):
    first = tasks.generate_week.delay("2026-12-07").get()
    second = tasks.generate_week.delay("2026-12-07").get()
    assert first == second
    assert SolveRun.objects.count() == 1 and ScheduleVersion.objects.count() == 1


def test_generate_week_defaults_to_next_monday():
    assert actions.next_monday(dt.date(2026, 12, 3)) == dt.date(2026, 12, 7)  # a Thursday
    assert actions.next_monday(dt.date(2026, 12, 7)) == dt.date(2026, 12, 14)


def test_generate_week_keeps_manual_saturday_and_swap_pins(clinic):
    Pin.objects.create(professional=Professional.objects.get(code="p-bia"), room=Room.objects.get(code="lou-1"), date="2026-12-10", start="13:00", end="15:00", source="swap")
    run = SolveRun.objects.get(pk=tasks.generate_week.delay("2026-12-07").get())
    kept = {(a.professional.code, str(a.date), a.start, a.provenance) for a in run.version.allocations.all()}
    assert ("p-ana", "2026-12-12", "08:00", "saturday") in kept
    assert ("p-bia", "2026-12-10", "13:00", "swap") in kept
    assert Pin.objects.count() == 2


def test_a_failed_week_can_be_generated_again(clinic, monkeypatch):
    monkeypatch.setenv("FAKE_ENGINE_FAIL", "1")
    failed = SolveRun.objects.get(pk=tasks.generate_week.delay("2026-12-07").get())
    assert failed.status == "failed" and not ScheduleVersion.objects.exists()
    monkeypatch.delenv("FAKE_ENGINE_FAIL")
    retried = SolveRun.objects.get(pk=tasks.generate_week.delay("2026-12-07").get())
    assert retried.pk != failed.pk and retried.status == "done"


def test_a_finished_run_is_not_solved_again(clinic):
    run = actions.do_start_solve("weekly", WEEK, enqueue=False)
    tasks.run_solve.delay(run.pk)
    tasks.run_solve.delay(run.pk)
    assert ScheduleVersion.objects.count() == 1


def test_a_run_delivered_again_while_running_is_failed_without_a_version(clinic, settings):
    run = actions.do_start_solve("weekly", WEEK, time_limit=10, enqueue=False)
    started = timezone.now() - dt.timedelta(seconds=10 + settings.STALE_RUN_GRACE_SECONDS + 1)
    SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.RUNNING, started_at=started)
    tasks.run_solve.delay(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and "interrompida" in run.error
    assert not ScheduleVersion.objects.exists()


def test_a_duplicate_delivery_while_another_worker_solves_leaves_the_run_alone(clinic):
    run = actions.do_start_solve("weekly", WEEK, time_limit=10, enqueue=False)
    SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.RUNNING, started_at=timezone.now())
    tasks.run_solve.delay(run.pk)
    run.refresh_from_db()
    assert run.status == "running" and not run.error
    assert not ScheduleVersion.objects.exists()


def test_the_reaper_fails_runs_whose_worker_died(clinic, settings):
    settings.STALE_RUN_GRACE_SECONDS = 60
    stale = actions.do_start_solve("weekly", WEEK, time_limit=10, enqueue=False)
    fresh = actions.do_start_solve("weekly", WEEK, time_limit=10, enqueue=False)
    SolveRun.objects.filter(pk=stale.pk).update(status=SolveRun.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=5))
    SolveRun.objects.filter(pk=fresh.pk).update(status=SolveRun.RUNNING, started_at=timezone.now())
    assert tasks.reap_stale_runs.delay().get() == 1
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == ("failed", "running")


def test_a_run_reaped_mid_solve_stores_no_version(clinic, settings, monkeypatch):
    run = actions.do_start_solve("weekly", WEEK, enqueue=False)
    from webapp.schedules import adapter

    real_solve = adapter.solve

    def solve_then_get_reaped(*args, **kwargs):
        result = real_solve(*args, **kwargs)
        SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.FAILED, error="reaped")
        return result

    monkeypatch.setattr(adapter, "solve", solve_then_get_reaped)
    actions.do_run_solve(run.pk)
    assert not ScheduleVersion.objects.exists()


def test_a_solution_that_breaks_a_premissa_is_not_stored(clinic, monkeypatch):
    from webapp.schedules import adapter

    def bad_engine(doc, **kwargs):
        broken = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-08", "start": "08:00", "end": "12:00"}  # a holiday
        return {"status": "FEASIBLE", "allocations": [broken], "objective": 1, "bound": 0, "gap": 1.0}

    monkeypatch.setattr(adapter, "solve", bad_engine)
    run = actions.do_run_solve(actions.do_start_solve("weekly", WEEK, enqueue=False).pk)
    assert run.status == "failed" and "quebra premissas" in run.error
    assert not ScheduleVersion.objects.exists()


def test_an_infeasible_week_records_its_conflicts_and_no_version(clinic, monkeypatch):
    from webapp.schedules import adapter

    conflict = {"rules": ["r-2", "pin:0"], "message": "Não cabe."}
    monkeypatch.setattr(adapter, "solve", lambda doc, **kw: {"status": "INFEASIBLE", "allocations": [], "conflicts": [conflict]})
    run = actions.do_run_solve(actions.do_start_solve("weekly", WEEK, enqueue=False).pk)
    assert (run.status, run.solver_status, run.conflicts, run.version) == ("done", "INFEASIBLE", [conflict], None)


def test_confirm_day_records_inconsistencies_of_the_published_version(clinic):
    make_version([("p-caio", "lou-1", "2026-12-09", "08:00", "10:00"), ("p-ana", "sav-1", "2026-12-09", "13:00", "15:00")], status="published")
    tasks.confirm_day.delay("2026-12-09").get()
    tasks.confirm_day.delay("2026-12-09").get()  # idempotent: one record per day
    confirmation = DailyConfirmation.objects.get()
    assert confirmation.allocation_count == 2
    premissas = {i["premissa"] for i in confirmation.inconsistencies}
    assert "r-1" in premissas  # Ana in the blocked Sala 1
    assert all(i["date"] in (None, "2026-12-09") for i in confirmation.inconsistencies)


def test_confirm_day_without_a_published_version(clinic):
    confirmation = actions.do_confirm_day(dt.date(2026, 12, 9))
    assert confirmation.version is None and confirmation.note


def test_the_next_working_day_skips_sunday():
    assert actions.next_working_day(dt.date(2026, 12, 12)) == dt.date(2026, 12, 14)
    assert actions.next_working_day(dt.date(2026, 12, 7)) == dt.date(2026, 12, 8)


def test_jobs_log_json_lines_with_run_id_and_counts(clinic, capsys):
    import json

    run = actions.do_start_solve("weekly", WEEK, enqueue=False)
    actions.do_run_solve(run.pk)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    finished = next(line for line in lines if line["event"] == "solve_run.finished")
    assert finished["run_id"] == run.pk and finished["allocations"] == 1 and "seconds" in finished


# --------------------------------------------------------------------------- real worker and broker


@pytest.fixture
def real_clinic(transactional_db):
    import copy

    from tests.webapp.conftest import TINY
    from webapp.schedules.adapter import import_instance

    import_instance(copy.deepcopy(TINY))


@real_services
@pytest.mark.real_worker
def test_a_what_if_runs_on_a_real_worker_with_progress_in_redis(real_clinic, real_worker, monkeypatch):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)
    monkeypatch.setenv("FAKE_ENGINE_SLEEP", "2")
    base = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")
    changes = {"format": "agendador.changes/1", "changes": [{"kind": "mark_absent", "professional": "p-bia"}]}
    run = actions.do_start_solve("what_if", WEEK, base_version=base, changes=changes, time_limit=10)
    assert wait_for(lambda: SolveRun.objects.get(pk=run.pk).status == "running")
    from webapp.schedules.progress import read_progress

    assert wait_for(lambda: (read_progress(run.pk) or {}).get("objective") == 1000, timeout=10)
    assert wait_for(lambda: SolveRun.objects.get(pk=run.pk).status == "done")
    run.refresh_from_db()
    assert run.task_id and run.version.source == "what_if" and run.version.parent_id == base.pk


@real_services
@pytest.mark.real_worker
def test_generate_week_runs_on_a_real_worker(real_clinic, real_worker):
    tasks.generate_week.delay("2026-12-07")
    assert wait_for(lambda: SolveRun.objects.filter(status="done").exists())
    run = SolveRun.objects.get()
    assert run.version.status == "draft" and run.dedupe_key == "weekly:2026-12-07"


@real_services
@pytest.mark.real_worker
def test_a_worker_killed_mid_solve_leaves_the_run_failed_and_no_version(real_clinic, settings):
    from django.db import connection

    db_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": db_url, "SOLVER_ENGINE": FAKE_ENGINE, "FAKE_ENGINE_SLEEP": "60"}
    celery_app.control.purge()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "webapp", "worker", "--pool=solo", "--concurrency=1", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run = actions.do_start_solve("weekly", WEEK, time_limit=60)
        assert wait_for(lambda: SolveRun.objects.get(pk=run.pk).status == "running", timeout=60)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    run.refresh_from_db()
    assert run.status == "running" and not ScheduleVersion.objects.exists()
    reaped = actions.do_fail_stale_runs(now=timezone.now() + dt.timedelta(seconds=60 + settings.STALE_RUN_GRACE_SECONDS + 1))
    run.refresh_from_db()
    assert reaped == 1 and run.status == "failed" and "interrompida" in run.error
    assert not ScheduleVersion.objects.exists()
    celery_app.control.purge()
