"""POST /api/versions/{id}/publish/: the real client against the fake Google on loopback."""
from __future__ import annotations

import pytest
from tests.gcal.gcal_support import assert_state_exact
from tests.gcal.web_support import CALENDARS, approved, make_version

from webapp.gcal.actions import desired_for, google_config
from webapp.gcal.models import PublishRun
from webapp.schedules.models import ScheduleVersion

ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
ANA_WED = ("p-ana", "sav-1", "2026-12-09", "08:00", "12:00")
BIA_MON = ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")
BIA_THU = ("p-bia", "lou-1", "2026-12-10", "13:00", "17:00")
CAIO_FRI = ("p-caio", "lou-1", "2026-12-11", "13:00", "17:00")
WEEK_OF_FIVE = [ANA_MON, ANA_WED, BIA_MON, BIA_THU, CAIO_FRI]


def url(version):
    return f"/api/versions/{version.pk}/publish/"


def status_of(version):
    return ScheduleVersion.objects.get(pk=version.pk).status


@pytest.fixture
def version(google):
    return approved(WEEK_OF_FIVE)


@pytest.fixture
def response(version, as_coordinator):
    return as_coordinator.post(url(version), format="json")


@pytest.fixture
def run(response):
    assert response.status_code == 200, response.json()
    return response.json()


def test_publishing_a_week_of_five_inserts_five_events(run):
    assert (run["status"], run["inserts"], run["patches"], run["deletes"]) == ("done", 5, 0, 0)


def test_the_run_names_the_version_week_and_who_asked(run, version):
    assert run["version"] == version.pk and run["week_start"] == "2026-12-07" and run["requested_by"] == "coord"


def test_the_run_has_no_errors_a_duration_and_a_portuguese_summary(run):
    assert run["errors"] == [] and run["duration_seconds"] is not None and "5 evento(s) criado(s)" in run["message"]


def test_the_version_becomes_published(run, version):
    assert status_of(version) == "published"


def test_google_holds_exactly_the_versions_events(run, version, google):
    assert_state_exact(google, desired_for(version, google_config()))


def test_each_event_names_the_room_and_site(run, google):
    ana = google.events(CALENDARS["p-ana"])
    assert sorted(e["summary"] for e in ana.values()) == ["Atendimento — Sala 1 (Savassi)"] * 2


def test_the_publish_run_reads_back_done(run, as_coordinator):
    assert as_coordinator.get(f"/api/publish-runs/{run['id']}/").json()["status"] == "done"


def test_it_denies_anonymous(google, anonymous):
    version = approved([ANA_MON])
    assert anonymous.post(url(version), format="json").status_code in (401, 403)
    assert not PublishRun.objects.exists() and google.counters.http_requests == 0
    assert anonymous.get("/api/publish-runs/").status_code in (401, 403)


def test_it_denies_wrong_role(google, as_viewer, as_ana):
    version = approved([ANA_MON])
    assert as_viewer.post(url(version), format="json").status_code == 403
    assert as_ana.post(url(version), format="json").status_code == 403
    assert status_of(version) == "approved" and google.counters.http_requests == 0
    assert as_viewer.get("/api/publish-runs/").status_code == 200  # viewers read the history
    assert as_ana.get("/api/publish-runs/").status_code == 403


def test_it_rejects_bad_input(google, as_coordinator):
    draft = make_version([ANA_MON])
    response = as_coordinator.post(url(draft), format="json")
    assert response.status_code == 400
    assert "aprovada" in response.json()["detail"] and "rascunho" in response.json()["detail"]
    superseded = make_version([ANA_MON], status="superseded")
    assert as_coordinator.post(url(superseded), format="json").status_code == 400
    version = approved([ANA_MON])
    response = as_coordinator.post(url(version), {"confirm_deletes": "talvez"}, format="json")
    assert response.status_code == 400 and "confirm_deletes" in response.json()
    assert as_coordinator.post("/api/versions/999999/publish/", format="json").status_code == 404
    assert not PublishRun.objects.exists() and google.counters.write_requests == 0


def test_the_deletion_limit_asks_for_confirmation_then_publishes(google, as_coordinator):
    first = approved(WEEK_OF_FIVE)
    assert as_coordinator.post(url(first), format="json").status_code == 200
    second = approved([ANA_MON], parent=first)
    writes_before = google.counters.write_requests

    response = as_coordinator.post(url(second), format="json")
    assert response.status_code == 409
    body = response.json()
    assert "apagaria 4 eventos" in body["detail"] and "Nada foi alterado" in body["detail"]
    assert (body["run"]["status"], body["run"]["pending_deletes"], body["run"]["deletes"]) == ("needs_confirmation", 4, 0)
    assert google.counters.write_requests == writes_before
    assert (status_of(first), status_of(second)) == ("published", "approved")
    assert_state_exact(google, desired_for(first, google_config()))

    response = as_coordinator.post(url(second), {"confirm_deletes": True}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["deletes"], response.json()["confirm_deletes"]) == (4, True)
    assert (status_of(first), status_of(second)) == ("superseded", "published")
    assert_state_exact(google, desired_for(second, google_config()))


def test_republishing_unchanged_writes_nothing(google, as_coordinator):
    first = approved(WEEK_OF_FIVE)
    as_coordinator.post(url(first), format="json")
    writes = google.counters.write_requests

    again = as_coordinator.post(url(first), format="json")  # the published version, published again
    assert again.status_code == 200
    assert (again.json()["inserts"], again.json()["patches"], again.json()["deletes"]) == (0, 0, 0)
    assert "nada foi alterado" in again.json()["message"]

    same = approved(WEEK_OF_FIVE, parent=first)  # a new version with the same allocations
    response = as_coordinator.post(url(same), format="json")
    assert response.status_code == 200 and response.json()["inserts"] == 0
    assert google.counters.write_requests == writes
    assert (status_of(first), status_of(same)) == ("superseded", "published")


def test_a_moved_allocation_is_one_patch_and_the_previous_version_is_superseded(google, as_coordinator):
    first = approved(WEEK_OF_FIVE)
    as_coordinator.post(url(first), format="json")
    moved = approved([ANA_MON, ("p-ana", "sav-1", "2026-12-09", "14:00", "18:00"), BIA_MON, BIA_THU, CAIO_FRI], parent=first)
    run = as_coordinator.post(url(moved), format="json").json()
    assert (run["inserts"], run["patches"], run["deletes"]) == (0, 1, 0)
    assert (status_of(first), status_of(moved)) == ("superseded", "published")
    assert_state_exact(google, desired_for(moved, google_config()))


def test_a_professional_who_left_is_cleaned_from_their_calendar(google, as_coordinator):
    from webapp.clinic.models import Professional

    first = approved([ANA_MON, CAIO_FRI])
    as_coordinator.post(url(first), format="json")
    Professional.objects.filter(code="p-caio").update(active=False)
    run = as_coordinator.post(url(approved([ANA_MON], parent=first)), {"confirm_deletes": True}, format="json").json()
    assert run["deletes"] == 1 and google.events(CALENDARS["p-caio"]) == {}


def test_a_google_failure_is_recorded_and_the_version_stays_approved(google, as_coordinator):
    google.inject("503", scope="any", method="POST", path="bia", times=None)
    version = approved([ANA_MON, BIA_MON])
    response = as_coordinator.post(url(version), format="json")
    assert response.status_code == 502
    run = response.json()["run"]
    assert run["status"] == "failed" and run["inserts"] == 1 and run["retries"] == 1
    assert [(e["calendar_id"], e["operation"], e["status"]) for e in run["errors"]] == [("bia@clinica.test", "insert", 503)]
    assert "não foi marcada como publicada" in response.json()["detail"]
    assert status_of(version) == "approved"

    google.clear_faults()  # publishing again finishes the job, without duplicates
    assert as_coordinator.post(url(version), format="json").json()["inserts"] == 1
    assert_state_exact(google, desired_for(version, google_config()))


def test_a_week_being_published_refuses_a_second_publish(google, as_coordinator):
    version = approved([ANA_MON])
    PublishRun.objects.create(version=version, status=PublishRun.RUNNING)
    response = as_coordinator.post(url(version), format="json")
    assert response.status_code == 409 and "já está sendo publicada" in response.json()["detail"]


def test_without_google_settings_nothing_is_recorded(clinic, no_google, as_coordinator):
    response = as_coordinator.post(url(approved([ANA_MON])), format="json")
    assert response.status_code == 503
    assert "não está configurado" in response.json()["detail"]
    assert not PublishRun.objects.exists()


def test_runs_are_listed_and_filtered(google, as_viewer, coordinator):
    from webapp.gcal.actions import do_publish_version

    one = approved([ANA_MON])
    do_publish_version(one, coordinator)
    two = approved([ANA_MON, BIA_MON], parent=one)
    do_publish_version(two, coordinator)
    listed = as_viewer.get("/api/publish-runs/").json()["results"]
    assert [r["version"] for r in listed] == [two.pk, one.pk]  # newest first
    assert [r["version"] for r in as_viewer.get(f"/api/publish-runs/?version={one.pk}").json()["results"]] == [one.pk]
    assert as_viewer.get("/api/publish-runs/?status=talvez").status_code == 400


def test_the_run_logs_one_json_line_with_its_counts(google, coordinator, capsys):
    import json

    from webapp.gcal.actions import do_publish_version

    run = do_publish_version(approved([ANA_MON, BIA_MON]), coordinator)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    finished = next(line for line in lines if line["event"] == "gcal.publish_run.finished")
    assert finished["run_id"] == run.pk and finished["inserts"] == 2 and finished["status"] == "done"
    assert "seconds" in finished and "http_requests" in finished


# --- with a worker: the deletion limit is checked before queueing ---------------------------------


@pytest.fixture
def with_worker(monkeypatch):
    """Celery not eager; what would go to the broker is kept here instead."""
    from webapp import celery_app
    from webapp.gcal import tasks

    sent = []
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    monkeypatch.setattr(tasks.publish_version, "delay", lambda run_id: sent.append(run_id))
    yield sent
    celery_app.conf.task_always_eager = saved


def test_with_a_worker_it_answers_202_and_queues_the_run(google, as_coordinator, with_worker,
                                                          django_capture_on_commit_callbacks):
    version = approved([ANA_MON])
    with django_capture_on_commit_callbacks(execute=True):
        response = as_coordinator.post(url(version), format="json")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    assert with_worker == [response.json()["id"]] and google.counters.write_requests == 0

    from webapp.gcal.tasks import publish_version

    assert publish_version.run(with_worker[0]) == "done"  # what the worker does
    assert status_of(version) == "published"


def test_with_a_worker_the_deletion_limit_still_answers_409_at_once(google, as_coordinator, coordinator, with_worker):
    from webapp.gcal.actions import do_publish_version

    first = approved(WEEK_OF_FIVE)
    do_publish_version(first, coordinator)
    response = as_coordinator.post(url(approved([ANA_MON], parent=first)), format="json")
    assert response.status_code == 409 and response.json()["run"]["pending_deletes"] == 4
    assert with_worker == []


# --------------------------------------------------------------------------- the gate


def _approved_without_acknowledgement(allocations):
    version = make_version(allocations)
    ScheduleVersion.objects.filter(pk=version.pk).update(status="approved")
    return ScheduleVersion.objects.get(pk=version.pk)


def test_a_version_with_unaccepted_hard_inconsistencies_is_not_published(google, as_coordinator):
    version = _approved_without_acknowledgement([ANA_MON])  # Ana's Saturday pin is missing
    response = as_coordinator.post(url(version), format="json")
    assert response.status_code == 422
    assert [i["premissa"] for i in response.json()["inconsistencies"]] == ["pin:0"]
    assert status_of(version) == "approved" and not PublishRun.objects.exists()
    assert google.counters.http_requests == 0


def test_accepting_them_publishes_and_records_the_acknowledgement(google, as_coordinator):
    version = _approved_without_acknowledgement([ANA_MON])
    response = as_coordinator.post(url(version), {"accept_inconsistencies": True}, format="json")
    assert response.status_code == 200, response.json()
    version.refresh_from_db()
    assert version.status == "published" and version.accepted_by.username == "coord"
    assert [(i["premissa"], i["step"]) for i in version.accepted_inconsistencies] == [("pin:0", "publish")]


def test_inconsistencies_accepted_at_approval_need_no_second_acknowledgement(google, as_coordinator):
    version = approved([ANA_MON])  # accepted when approved
    assert as_coordinator.post(url(version), format="json").status_code == 200
    assert status_of(version) == "published"
