"""Queues by urgency, on real workers: a what-if never waits behind the weekly solve or a publish."""
from __future__ import annotations

from tests.ops.conftest import events_of, needs_workers, wait_for
from tests.webapp.conftest import WEEK, make_version

from webapp import celery_app
from webapp.schedules.models import SolveRun

WHAT_IF = {"format": "agendador.changes/1", "changes": [{"kind": "mark_absent", "professional": "p-bia"}]}


def test_the_routes_send_what_a_coordinator_waits_for_to_interactive_and_the_rest_to_batch():
    route = celery_app.amqp.router.route
    queue_of = lambda name: route({}, name, (1,), {})["queue"].name  # noqa: E731
    assert queue_of("webapp.schedules.tasks.run_solve") == "interactive"
    assert queue_of("webapp.schedules.tasks.generate_week") == "batch"
    assert queue_of("webapp.schedules.tasks.confirm_day") == "batch"
    assert queue_of("webapp.gcal.tasks.publish_version") == "batch"
    assert {q.name for q in celery_app.conf.task_queues} == {"interactive", "batch"}


@needs_workers
def test_a_what_if_finishes_while_a_long_weekly_solve_runs_on_the_batch_worker(coordinator_client, start_worker):
    # Both workers' fake engine solves for as long as each run's time limit (up to 120 s).
    interactive = start_worker("interactive", "interactive", FAKE_ENGINE_SLEEP="120")
    batch = start_worker("batch", "batch", FAKE_ENGINE_SLEEP="120")
    base = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")

    weekly = coordinator_client.post(
        "/api/runs/", {"kind": "weekly", "week_start": str(WEEK), "time_limit": 120}, format="json"
    )
    assert weekly.status_code == 202, weekly.content
    weekly_id = weekly.json()["id"]
    assert wait_for(lambda: SolveRun.objects.get(pk=weekly_id).status == "running", timeout=30)
    assert events_of([batch], "solve_run.started", run_id=weekly_id)

    what_if = coordinator_client.post(
        "/api/runs/",
        {"kind": "what_if", "week_start": str(WEEK), "base_version": base.pk, "time_limit": 2, "changes": WHAT_IF},
        format="json",
    )
    assert what_if.status_code == 202, what_if.content
    what_if_id = what_if.json()["id"]
    assert wait_for(lambda: SolveRun.objects.get(pk=what_if_id).status == "done", timeout=60), interactive.text()[-4000:]
    # ...and the weekly solve is still going on the batch worker.
    assert SolveRun.objects.get(pk=weekly_id).status == "running"
    assert events_of([interactive], "solve_run.finished", run_id=what_if_id)
    assert not events_of([batch], "solve_run.started", run_id=what_if_id)
    assert SolveRun.objects.get(pk=what_if_id).version.source == "what_if"

    # Stop the weekly solve: it keeps its best week so far and ends done.
    assert coordinator_client.post(f"/api/runs/{weekly_id}/stop/").status_code == 202
    assert wait_for(lambda: SolveRun.objects.get(pk=weekly_id).status == "done", timeout=30)
