"""Solve runs: start one (weekly or what-if with changes), read its progress and result."""
import pytest

from tests.webapp.conftest import make_version
from webapp.schedules.models import ScheduleVersion, SolveRun

URL = "/api/runs/"
ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
BLOCK = {"format": "agendador.changes/1", "changes": [{"kind": "block_room", "room": "lou-1", "date": "2026-12-10"}]}


def start(client, body, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(URL, body, format="json")


@pytest.fixture
def base(clinic):
    return make_version([ANA_MON], status="published")


@pytest.fixture
def started(as_coordinator, base, django_capture_on_commit_callbacks):
    return start(as_coordinator, {"kind": "what_if", "base_version": base.pk, "changes": BLOCK, "time_limit": 5}, django_capture_on_commit_callbacks)


@pytest.fixture
def run(as_coordinator, started):
    return as_coordinator.get(f"{URL}{started.json()['id']}/").json()


def test_a_what_if_is_accepted_for_later(started):
    assert started.status_code == 202, started.json()


def test_a_finished_run_reports_its_status_and_week(run):
    assert (run["status"], run["solver_status"], run["week_start"]) == ("done", "OPTIMAL", "2026-12-07")


def test_a_run_reports_its_last_progress(run):
    assert run["progress"]["objective"] == 100 and "elapsed" in run["progress"]


def test_a_what_if_keeps_its_parameters_with_minimal_change(run):
    assert run["parameters"] == {"time_limit": 5.0, "workers": 2, "seed": 0, "minimal_change": True}


def test_a_run_keeps_the_changes_document_it_was_given(run):
    assert run["changes"] == BLOCK


def test_a_what_if_makes_a_draft_whose_parent_is_the_base(run, base):
    version = ScheduleVersion.objects.get(pk=run["version"])
    assert (version.status, version.source, version.parent_id) == ("draft", "what_if", base.pk)


def test_a_runs_diff_compares_the_base_with_the_result(run, base, as_coordinator):
    diff = as_coordinator.get(f"{URL}{run['id']}/diff/").json()
    assert diff["from_version"] == base.pk and diff["counts"]["removed"] == 1 and diff["counts"]["added"] == 1


def test_a_runs_instance_holds_the_changes_and_the_base_as_previous(run, as_coordinator):
    snapshot = as_coordinator.get(f"{URL}{run['id']}/instance/").json()
    assert any(r["kind"] == "room_block" and r["room"] == "lou-1" for r in snapshot["rules"])
    assert snapshot["previous"] == [dict(zip(("professional", "room", "date", "start", "end"), ANA_MON))]


def test_a_weekly_run_needs_only_the_week(as_coordinator, django_capture_on_commit_callbacks):
    response = start(as_coordinator, {"kind": "weekly", "week_start": "2026-12-07"}, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    assert SolveRun.objects.get().version.source == "solver"


def test_it_shows_live_progress_while_running(as_viewer, clinic):
    from webapp.schedules.actions import do_start_solve
    from webapp.schedules.progress import publish_progress

    run = do_start_solve("what_if", make_version([ANA_MON]).week_start, enqueue=False)
    SolveRun.objects.filter(pk=run.pk).update(status=SolveRun.RUNNING)
    publish_progress(run.pk, 3.5, 1200, 900)
    assert as_viewer.get(f"{URL}{run.pk}/").json()["progress"] == {"elapsed": 3.5, "objective": 1200, "bound": 900}


def test_it_records_a_failure(as_coordinator, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setenv("FAKE_ENGINE_FAIL", "1")
    response = start(as_coordinator, {"kind": "weekly", "week_start": "2026-12-07"}, django_capture_on_commit_callbacks)
    run = as_coordinator.get(f"{URL}{response.json()['id']}/").json()
    assert run["status"] == "failed" and "falha simulada" in run["error"]
    assert run["version"] is None and not ScheduleVersion.objects.exists()


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)
    assert anonymous.post(URL, {"week_start": "2026-12-07"}, format="json").status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    assert as_viewer.get(URL).status_code == 200
    assert as_viewer.post(URL, {"week_start": "2026-12-07"}, format="json").status_code == 403
    assert as_ana.get(URL).status_code == 403
    assert not SolveRun.objects.exists()


def test_it_rejects_bad_input(as_coordinator):
    not_monday = as_coordinator.post(URL, {"week_start": "2026-12-08"}, format="json")
    assert not_monday.json() == {"week_start": ["A semana precisa começar numa segunda-feira."]}
    nothing = as_coordinator.post(URL, {"kind": "what_if"}, format="json")
    assert nothing.json() == {"week_start": ["Informe a semana ou a versão de partida."]}
    too_long = as_coordinator.post(URL, {"week_start": "2026-12-07", "time_limit": 9999}, format="json")
    assert set(too_long.json()) == {"time_limit"}
    bad_change = {"format": "agendador.changes/1", "changes": [{"kind": "block_room", "room": "sala-x"}]}
    unknown_room = as_coordinator.post(URL, {"week_start": "2026-12-07", "changes": bad_change}, format="json")
    assert unknown_room.status_code == 400
    assert unknown_room.json() == {"changes.changes[0].room": ["sala desconhecida: sala-x"]}
    assert not SolveRun.objects.exists()
