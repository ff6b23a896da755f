"""The daily confirmation reads tomorrow back from Google: drift becomes inconsistencies, nothing is overwritten."""
from __future__ import annotations

import datetime as dt

from tests.gcal.web_support import CALENDARS, approved

from webapp.gcal.actions import do_publish_version
from webapp.gcal.models import CalendarSyncState
from webapp.schedules.actions import do_confirm_day

DAY = dt.date(2026, 12, 9)
ANA_WED = ("p-ana", "sav-1", "2026-12-09", "08:00", "12:00")
CAIO_WED = ("p-caio", "lou-1", "2026-12-09", "13:00", "17:00")
ANA, CAIO = CALENDARS["p-ana"], CALENDARS["p-caio"]


def published(coordinator, allocations):
    version = approved(allocations)
    assert do_publish_version(version, coordinator).status == "done"
    return version


def only_event(fake, calendar_id):
    (event_id,) = fake.events(calendar_id)
    return event_id


def google_findings(confirmation):
    return [i for i in confirmation.inconsistencies if i["rule"].startswith("google_")]


def test_no_drift_right_after_publishing(google, coordinator):
    published(coordinator, [ANA_WED, CAIO_WED])
    confirmation = do_confirm_day(DAY)
    assert google_findings(confirmation) == [] and confirmation.note == ""


def test_it_records_drift_after_events_are_edited_and_deleted_in_google(google, coordinator):
    version = published(coordinator, [ANA_WED, CAIO_WED])
    ana_event, caio_event = only_event(google, ANA), only_event(google, CAIO)
    google.edit_event(ANA, ana_event, {"summary": "Consulta particular"})
    google.cancel_event(CAIO, caio_event)

    confirmation = do_confirm_day(DAY)
    found = {i["kind"]: i for i in google_findings(confirmation)}
    assert set(found) == {"edited", "deleted"}
    edited, deleted = found["edited"], found["deleted"]
    assert (edited["professional"], edited["date"], edited["start"], edited["end"]) == ("p-ana", "2026-12-09", "08:00", "12:00")
    assert "editado no Google Agenda (título)" in edited["message"] and edited["action"] == "republish"
    assert (deleted["professional"], deleted["action"], deleted["event_id"]) == ("p-caio", "republish", caio_event)
    assert edited["premissa"] == f"google:{ANA}:{ana_event}" and edited["severity"] == "hard"
    # Nothing is overwritten by the read-back.
    assert google.events(ANA)[ana_event]["summary"] == "Consulta particular"
    assert google.events(CAIO) == {}

    do_publish_version(version, coordinator)  # the "republish" action puts Google back
    assert google_findings(do_confirm_day(DAY)) == []


def test_a_personal_event_over_an_allocation_is_a_conflict_left_alone(google, coordinator):
    published(coordinator, [ANA_WED])
    mine = google.add_event(ANA, {"summary": "Dentista", "start": {"dateTime": "2026-12-09T11:00:00-03:00"},
                                  "end": {"dateTime": "2026-12-09T12:30:00-03:00"}})
    (conflict,) = google_findings(do_confirm_day(DAY))
    assert (conflict["rule"], conflict["kind"], conflict["action"]) == ("google_conflict", "conflict", "review")
    assert "conflito com a agenda pessoal" in conflict["message"] and conflict["start"] == "08:00"
    assert google.events(ANA)[mine["id"]]["summary"] == "Dentista"


def read_back_log(capsys):
    import json

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    return [line for line in lines if line["event"] == "gcal.read_back.done"][-1]


def test_later_runs_sync_incrementally_and_still_see_new_drift(google, coordinator, capsys):
    published(coordinator, [ANA_WED, CAIO_WED])
    do_confirm_day(DAY)
    assert read_back_log(capsys)["full_syncs"] == 3  # the first run reads the week in full
    state = CalendarSyncState.objects.get(calendar_id=ANA)
    assert state.state["token"] and state.time_min.startswith("2026-12-07")
    google.edit_event(ANA, only_event(google, ANA), {"start": {"dateTime": "2026-12-09T09:00:00-03:00"}})

    (moved,) = google_findings(do_confirm_day(DAY))
    assert moved["kind"] == "moved" and "09:00–12:00" in moved["message"]
    done = read_back_log(capsys)
    assert (done["full_syncs"], done["incremental_syncs"]) == (0, 3)  # Ana, Bia, Caio: changes only


def test_it_keeps_the_rule_check_and_notes_when_google_is_not_configured(clinic, no_google, coordinator):
    from tests.gcal.web_support import make_version

    make_version([("p-ana", "sav-1", "2026-12-09", "13:00", "15:00")], status="published")  # in the blocked Sala 1
    confirmation = do_confirm_day(DAY)
    assert "r-1" in {i["premissa"] for i in confirmation.inconsistencies}
    assert "Google Agenda não configurado" in confirmation.note


def test_an_unreadable_calendar_is_noted(google, coordinator):
    published(coordinator, [ANA_WED, CAIO_WED])
    google.inject("403-rate", scope="any", path="caio", times=None)
    confirmation = do_confirm_day(DAY)
    assert google_findings(confirmation) == []
    assert "caio@clinica.test" in confirmation.note and "não puderam ser lidas" in confirmation.note


def test_the_beat_task_runs_the_read_back(google, coordinator):
    from webapp.schedules import tasks
    from webapp.schedules.models import DailyConfirmation

    published(coordinator, [ANA_WED])
    google.cancel_event(ANA, only_event(google, ANA))
    tasks.confirm_day.delay(DAY.isoformat()).get()
    assert [i["kind"] for i in google_findings(DailyConfirmation.objects.get(date=DAY))] == ["deleted"]
