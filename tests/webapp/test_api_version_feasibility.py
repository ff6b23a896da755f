"""GET /api/versions/{id}/feasibility/ and /suggestions/: drop targets of a picked-up card."""
import pytest

from tests.webapp.conftest import make_version

ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
ANA_SAT = ("p-ana", "sav-1", "2026-12-12", "08:00", "12:00")
BIA_MON = ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")
PICK = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}


def _version():
    return make_version([ANA_MON, ANA_SAT, BIA_MON])


def url(version, what="feasibility"):
    return f"/api/versions/{version.pk}/{what}/"


def _run(body, room, date, start):
    minutes = lambda t: int(t[:2]) * 60 + int(t[3:])  # noqa: E731
    for run in body["runs"]:
        if (run["room"], run["date"]) == (room, date) and minutes(run["first_start"]) <= minutes(start) <= minutes(run["last_start"]):
            return run
    return None


@pytest.fixture
def response(as_coordinator):
    return as_coordinator.get(url(_version()), PICK)


@pytest.fixture
def body(response):
    return response.json()


def test_it_answers_the_grain_duration_and_the_card_picked_up(response, body):
    assert response.status_code == 200, response.json()
    assert (body["grain"], body["duration"], body["allocation"]) == (30, 240, PICK)


def test_a_free_room_is_ok(body):
    assert _run(body, "sav-1", "2026-12-10", "08:00")["verdict"] == "ok"


def test_a_blocked_room_is_broken_naming_the_block(body):
    # Sala 1 is blocked on Wednesday 13:00–17:00 (r-1).
    blocked = _run(body, "sav-1", "2026-12-09", "13:00")
    assert blocked["verdict"] == "broken"
    assert [body["reasons"][i]["premissa"] for i in blocked["reasons"]] == ["r-1"]


def test_a_room_in_use_names_its_capacity(body):
    # Bia is in Sala L1 on Monday morning (capacity 1).
    busy = _run(body, "lou-1", "2026-12-07", "08:00")
    assert "room:lou-1:capacity" in [body["reasons"][i]["premissa"] for i in busy["reasons"]]


def test_a_holiday_is_left_out(body):
    # Tuesday 8 Dec is a holiday.
    assert _run(body, "lou-1", "2026-12-08", "08:00") is None


def test_a_viewer_may_read_it(as_viewer):
    assert as_viewer.get(url(_version()), PICK).status_code == 200


def test_it_denies_anonymous_and_professionals(anonymous, as_ana):
    version = make_version([ANA_MON], status="published")
    assert anonymous.get(url(version), PICK).status_code in (401, 403)
    assert as_ana.get(url(version), PICK).status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    version = _version()
    assert as_coordinator.get(url(version), {**PICK, "start": "8h"}).status_code == 400
    missing = as_coordinator.get(url(version), {k: v for k, v in PICK.items() if k != "room"})
    assert missing.status_code == 400 and "room" in missing.json()
    ghost = as_coordinator.get(url(version), {**PICK, "start": "09:00"})
    assert ghost.status_code == 400 and "start" in ghost.json()
    assert as_coordinator.get(url(version), {**PICK, "end": "07:00"}).status_code == 400
    assert as_coordinator.get("/api/versions/999999/feasibility/", PICK).status_code == 404


def test_suggestions_are_five_ready_moves(as_coordinator):
    version = _version()
    response = as_coordinator.get(url(version, "suggestions"), PICK)
    assert response.status_code == 200, response.json()
    found = response.json()
    assert len(found) == 5 and all(s["verdict"] in ("ok", "worse") for s in found)
    assert [s["delta"] for s in found] == sorted(s["delta"] for s in found)
    # One click: the first suggestion posted as an edit makes a draft.
    edit = as_coordinator.post(url(version, "edit"), found[0]["changes"], format="json")
    assert edit.status_code == 201, edit.json()


def test_suggestions_reject_bad_input(as_coordinator):
    assert as_coordinator.get(url(_version(), "suggestions"), {**PICK, "date": "amanhã"}).status_code == 400


# A person dropped from the people list: `minutes` instead of a card.


def test_a_person_to_place_gets_a_map_with_no_card(as_coordinator):
    answer = as_coordinator.get(url(_version()), {"professional": "p-caio", "minutes": 120})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["professional"], body["duration"], body["allocation"]) == ("p-caio", 120, None)
    assert _run(body, "sav-1", "2026-12-10", "08:00")["verdict"] in ("ok", "worse")


def test_placing_a_person_over_a_full_room_is_broken_by_its_capacity(as_coordinator):
    body = as_coordinator.get(url(_version()), {"professional": "p-caio", "minutes": 120}).json()
    over_bia = _run(body, "lou-1", "2026-12-07", "09:00")
    assert over_bia["verdict"] == "broken"
    assert "room_capacity" in {body["reasons"][i]["rule"] for i in over_bia["reasons"]}


def test_placing_a_person_where_they_already_work_is_broken_by_the_overlap(as_coordinator):
    body = as_coordinator.get(url(_version()), {"professional": "p-ana", "minutes": 120}).json()
    clash = _run(body, "lou-1", "2026-12-07", "09:00")
    assert clash["verdict"] == "broken"


def test_a_placement_needs_a_known_person_and_a_duration_on_the_grain(as_coordinator):
    version = _version()
    unknown = as_coordinator.get(url(version), {"professional": "p-nobody", "minutes": 120})
    assert unknown.status_code == 400 and "professional" in unknown.json()
    off_grain = as_coordinator.get(url(version), {"professional": "p-ana", "minutes": 45})
    assert off_grain.status_code == 400 and "minutes" in off_grain.json()


def test_a_card_and_minutes_together_are_refused_naming_the_field(as_coordinator):
    answer = as_coordinator.get(url(_version()), {**PICK, "minutes": 120})
    assert answer.status_code == 400
    assert "room" in answer.json()


def test_a_card_missing_its_place_asks_for_it_or_for_minutes(as_coordinator):
    answer = as_coordinator.get(url(_version()), {"professional": "p-ana", "room": "sav-1"})
    assert answer.status_code == 400
    assert {"date", "start", "end"} <= set(answer.json())
