"""POST /api/runs/{id}/stop/: a coordinator stops a running solve; it ends done with the best so far."""
import threading

import pytest

from tests.webapp.conftest import TINY, WEEK, client_for, wait_for
from webapp.schedules import actions
from webapp.schedules.models import SolveRun
from webapp.schedules.progress import read_progress

URL = "/api/runs/"


def _clinic_and_coordinator():
    import copy

    from tests.webapp.conftest import _user
    from webapp.schedules.adapter import import_instance

    import_instance(copy.deepcopy(TINY))
    return _user("coord", "coordenador")


def _solve_in_thread(run_id: int) -> threading.Thread:
    from django.db import connections

    def body():
        try:
            actions.do_run_solve(run_id)
        finally:
            connections.close_all()

    thread = threading.Thread(target=body, daemon=True)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_a_stopped_run_ends_done_with_the_best_so_far(monkeypatch):
    coordinator = _clinic_and_coordinator()
    monkeypatch.setenv("FAKE_ENGINE_SLEEP", "60")
    run = actions.do_start_solve("weekly", WEEK, user=coordinator, time_limit=60, enqueue=False)
    thread = _solve_in_thread(run.pk)
    assert wait_for(lambda: SolveRun.objects.get(pk=run.pk).status == SolveRun.RUNNING, timeout=10)

    response = client_for(coordinator).post(f"{URL}{run.pk}/stop/")

    assert response.status_code == 202, response.json()
    assert response.json()["progress"]["stop_requested"] is True
    thread.join(20)
    assert not thread.is_alive()
    stopped = client_for(coordinator).get(f"{URL}{run.pk}/").json()
    assert (stopped["status"], stopped["solver_status"]) == ("done", "FEASIBLE")
    assert stopped["stats"]["stopped"] is True and stopped["stats"]["wall_seconds"] < 30
    assert stopped["progress"]["stop_requested"] is True
    assert stopped["version"] is not None


def test_a_run_not_running_cannot_be_stopped(as_coordinator, coordinator):
    run = actions.do_start_solve("weekly", WEEK, user=coordinator, enqueue=False)
    queued = as_coordinator.post(f"{URL}{run.pk}/stop/")
    actions.do_run_solve(run.pk)
    done = as_coordinator.post(f"{URL}{run.pk}/stop/")

    assert (queued.status_code, done.status_code) == (409, 409)
    assert done.json() == {"detail": "Esta execução não está em andamento."}
    assert read_progress(run.pk).get("stop_requested") is None


def test_only_a_coordinator_stops_a_run(as_viewer, coordinator):
    run = actions.do_start_solve("weekly", WEEK, user=coordinator, enqueue=False)
    SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.RUNNING)

    assert as_viewer.post(f"{URL}{run.pk}/stop/").status_code == 403
    assert read_progress(run.pk) is None



@pytest.mark.engine
def test_the_real_engine_reads_the_stop_flag(clinic, coordinator):
    from webapp.schedules.progress import request_stop

    run = actions.do_start_solve("weekly", WEEK, user=coordinator, time_limit=60, enqueue=False)
    request_stop(run.pk)  # asked before the engine starts: it returns its warm start

    run = actions.do_run_solve(run.pk)

    assert (run.status, run.stats["stopped"]) == ("done", True)
    assert run.version is not None and run.stats["wall_seconds"] < 30
