"""Request ids: one JSON line per HTTP request, the id echoed, and carried into the Celery task's log lines."""
from __future__ import annotations

import json
import re

import pytest

from tests.gcal.web_support import approved, give_calendars
from tests.ops.conftest import events_of, needs_workers, wait_for
from tests.webapp.conftest import WEEK, make_version

from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.models import PublishRun
from webapp.schedules.models import SolveRun

WHAT_IF = {"format": "agendador.changes/1", "changes": [{"kind": "mark_absent", "professional": "p-bia"}]}


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def request_lines(capsys) -> list[dict]:
    return [line for line in json_lines(capsys.readouterr().out) if line["event"] == "http.request"]


def test_each_request_logs_one_line_with_the_incoming_request_id(as_coordinator, capsys):
    capsys.readouterr()
    response = as_coordinator.get("/api/sites/", headers={"X-Request-ID": "proxy-4f2a.9"})
    assert response.status_code == 200 and response["X-Request-ID"] == "proxy-4f2a.9"
    [line] = request_lines(capsys)
    assert (line["request_id"], line["method"], line["path"], line["status"]) == ("proxy-4f2a.9", "GET", "/api/sites/", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] is not None


def test_without_a_usable_request_id_one_is_generated(anonymous, capsys):
    capsys.readouterr()
    first = anonymous.get("/api/sites/")
    second = anonymous.get("/api/sites/", headers={"X-Request-ID": "not valid; " + "x" * 300})
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]
    assert [(line["request_id"], line["status"]) for line in request_lines(capsys)] == [(ids[0], first.status_code),
                                                                                        (ids[1], second.status_code)]


def test_a_query_string_is_not_logged(as_coordinator, capsys):
    capsys.readouterr()
    as_coordinator.get("/api/sites/?secret-looking=abc123")
    out = capsys.readouterr().out
    assert "/api/sites/" in out and "abc123" not in out


def test_an_inline_solve_logs_under_the_request_id(transactional_db, as_coordinator, capsys):
    base = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")
    capsys.readouterr()
    response = as_coordinator.post(
        "/api/runs/", {"kind": "what_if", "week_start": str(WEEK), "base_version": base.pk, "changes": WHAT_IF},
        format="json", headers={"X-Request-ID": "req-inline-1"},
    )  # fmt: skip
    assert response.status_code == 202
    lines = json_lines(capsys.readouterr().out)
    finished = next(line for line in lines if line["event"] == "solve_run.finished")
    assert finished["request_id"] == "req-inline-1" and finished["run_id"] == response.json()["id"]
    # The request's own line comes last and the context is cleared after it.
    assert lines[-1]["event"] == "http.request" and lines[-1]["request_id"] == "req-inline-1"
    import structlog

    assert "request_id" not in structlog.contextvars.get_contextvars()


@pytest.fixture
def fake_google(monkeypatch):
    with FakeCalendarServer(seed=7) as server:
        yield server


@needs_workers
def test_the_request_id_travels_into_the_workers_task_solve_and_publish_lines(
    coordinator_client, start_worker, fake_google, monkeypatch
):
    google = {"GOOGLE_AUTH_MODE": "static_token", "GOOGLE_STATIC_TOKEN": "test-token",
              "GOOGLE_API_ROOT_URL": fake_google.root_url}  # fmt: skip
    for key, value in google.items():
        monkeypatch.setenv(key, value)
    worker = start_worker("both", None, **google)  # no -Q: both queues
    base = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")

    response = coordinator_client.post(
        "/api/runs/", {"kind": "what_if", "week_start": str(WEEK), "base_version": base.pk, "changes": WHAT_IF},
        format="json", headers={"X-Request-ID": "req-what-if-7"},
    )  # fmt: skip
    assert response.status_code == 202 and response["X-Request-ID"] == "req-what-if-7"
    run_id = response.json()["id"]
    assert wait_for(lambda: SolveRun.objects.get(pk=run_id).status == "done", timeout=60), worker.text()[-3000:]
    assert wait_for(lambda: events_of([worker], "task.finished", args=[run_id]), timeout=10)
    [task] = events_of([worker], "task.finished", args=[run_id])
    assert task["request_id"] == "req-what-if-7" and task["task"] == "webapp.schedules.tasks.run_solve"
    assert task["task_id"] == SolveRun.objects.get(pk=run_id).task_id and task["state"] == "SUCCESS"
    assert isinstance(task["seconds"], float)
    [solved] = events_of([worker], "solve_run.finished", run_id=run_id)
    assert solved["request_id"] == "req-what-if-7" and solved["task_id"] == task["task_id"]
    assert isinstance(solved["seconds"], float)

    give_calendars()
    version = approved([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")])
    response = coordinator_client.post(f"/api/versions/{version.pk}/publish/", format="json",
                                       headers={"X-Request-ID": "req-publish-8"})  # fmt: skip
    assert response.status_code == 202, response.content
    publish_id = response.json()["id"]
    assert wait_for(lambda: PublishRun.objects.get(pk=publish_id).status == "done", timeout=60), worker.text()[-3000:]
    assert wait_for(lambda: events_of([worker], "task.finished", args=[publish_id], task="webapp.gcal.tasks.publish_version"))
    [published] = events_of([worker], "gcal.publish_run.finished", run_id=publish_id)
    assert published["request_id"] == "req-publish-8" and published["version_id"] == version.pk
    assert isinstance(published["seconds"], float)
    # A task enqueued without a request (beat) carries none.
    assert all(line.get("request_id") in ("req-what-if-7", "req-publish-8") for line in events_of([worker], "task.finished"))
