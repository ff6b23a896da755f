"""Two real workers consuming the same queue never solve or publish the same run twice.

Each run is delivered twice on purpose (a duplicate message, as a broker's redelivery or a double click
would make it); both workers take one copy at the same time, and the atomic claim lets only one act.
"""
from __future__ import annotations

import pytest

from tests.gcal.web_support import approved, give_calendars
from tests.ops.conftest import events_of, needs_workers, wait_for
from tests.webapp.conftest import WEEK, make_version

from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.models import PublishRun
from webapp.schedules import actions
from webapp.schedules.models import ScheduleVersion, SolveRun

pytestmark = needs_workers


def test_a_solve_run_delivered_to_two_workers_is_solved_once(real_clinic, start_worker):
    from webapp.schedules.tasks import run_solve

    workers = [start_worker(f"twin{i}", "interactive", FAKE_ENGINE_SLEEP="4") for i in (1, 2)]
    base = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")
    changes = {"format": "agendador.changes/1", "changes": [{"kind": "mark_absent", "professional": "p-bia"}]}
    run = actions.do_start_solve("what_if", WEEK, base_version=base, changes=changes, time_limit=4, enqueue=False)
    for _ in range(2):
        run_solve.apply_async((run.pk,), queue="interactive")

    # Both copies were taken, one by each worker...
    assert wait_for(lambda: len(events_of(workers, "task.finished", args=[run.pk])) == 2, timeout=60), [
        w.text()[-2000:] for w in workers]
    assert {line["hostname"].split("@")[0] for line in events_of(workers, "task.finished", args=[run.pk])} == {
        "twin1", "twin2"}
    # ...and only one solved it; the other saw it running and left it alone.
    assert len(events_of(workers, "solve_run.started", run_id=run.pk)) == 1
    assert len(events_of(workers, "solve_run.already_running", run_id=run.pk)) == 1
    run.refresh_from_db()
    assert run.status == "done" and run.version is not None
    assert ScheduleVersion.objects.filter(source="what_if").count() == 1


@pytest.fixture
def fake_google():
    with FakeCalendarServer(seed=7) as server:
        yield server


def test_a_publish_run_delivered_to_two_workers_is_published_once(real_clinic, start_worker, fake_google, monkeypatch):
    from webapp.gcal.tasks import publish_version

    google = {
        "GOOGLE_AUTH_MODE": "static_token", "GOOGLE_STATIC_TOKEN": "test-token", "GOOGLE_API_ROOT_URL": fake_google.root_url,
        # Paced to about two requests a second, so the first publish is still writing when the copy arrives.
        "GOOGLE_PUBLISH_REQUESTS_PER_SECOND": "2", "GOOGLE_PUBLISH_REQUESTS_PER_USER_PER_SECOND": "2",
    }  # fmt: skip
    for key, value in google.items():
        monkeypatch.setenv(key, value)
    workers = [start_worker(f"pub{i}", "batch", **google) for i in (1, 2)]
    give_calendars()
    version = approved([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00"), ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")])
    run = actions_publish(version)
    for _ in range(2):
        publish_version.apply_async((run.pk,), queue="batch")

    assert wait_for(lambda: len(events_of(workers, "task.finished", args=[run.pk])) == 2, timeout=60), [
        w.text()[-2000:] for w in workers]
    assert {line["hostname"].split("@")[0] for line in events_of(workers, "task.finished", args=[run.pk])} == {
        "pub1", "pub2"}
    assert len(events_of(workers, "gcal.publish_run.finished", run_id=run.pk)) == 1
    assert len(events_of(workers, "gcal.publish_run.already_running", run_id=run.pk)) == 1
    run.refresh_from_db()
    assert run.status == "done" and run.inserts == 2
    assert fake_google.counters.writes == 2
    assert len(fake_google.events("ana@clinica.test")) == 1 and len(fake_google.events("bia@clinica.test")) == 1


def actions_publish(version) -> PublishRun:
    from webapp.clinic.roles import do_create_user
    from webapp.gcal.actions import do_start_publish

    return do_start_publish(version, do_create_user("coord2", "senha-de-teste", "coordenador"))
