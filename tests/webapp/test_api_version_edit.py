import pytest

from tests.webapp.conftest import make_version
from webapp.clinic.models import Pin
from webapp.schedules.adapter import version_allocations

ANA_MON = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
BIA_MON = {"professional": "p-bia", "room": "lou-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
MOVE = {"format": "agendador.changes/1", "changes": [{"kind": "move", "from": ANA_MON, "to": {"start": "13:00", "end": "17:00"}}]}


def _version(status="draft"):
    return make_version([tuple(ANA_MON.values()), tuple(BIA_MON.values())], status=status)


def url(version):
    return f"/api/versions/{version.pk}/edit/"


@pytest.fixture
def parent(clinic):
    return _version(status="published")


@pytest.fixture
def response(as_coordinator, parent):
    return as_coordinator.post(url(parent), MOVE, format="json")


@pytest.fixture
def edited(response):
    from webapp.schedules.models import ScheduleVersion

    return version_allocations(ScheduleVersion.objects.get(pk=response.json()["id"]))


def test_an_edit_makes_a_manual_draft_child_of_the_version_edited(response, parent):
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["source"], body["parent"]) == ("draft", "manual", parent.pk)


def test_a_moved_allocation_lands_pinned_from_the_board(edited):
    moved = next(a for a in edited if a["professional"] == "p-ana" and a["date"] == "2026-12-07")
    assert (moved["start"], moved["end"], moved["pinned"], moved["source"]) == ("13:00", "17:00", True, "board")


def test_a_move_stores_a_board_pin(response):
    assert Pin.objects.filter(professional__code="p-ana", date="2026-12-07", start="13:00", source="board").exists()


def test_the_parent_never_changes(response, parent):
    assert len(version_allocations(parent)) == 2


def test_a_swap_and_a_saturday_entry_become_pins(as_coordinator):
    parent = _version()
    changes = {
        "format": "agendador.changes/1",
        "changes": [
            {"kind": "swap", "a": ANA_MON, "b": BIA_MON},
            {"kind": "add_saturday_entry", "professional": "p-caio", "room": "sav-1", "date": "2026-12-12", "start": "10:00", "end": "12:00"},
        ],
    }
    assert as_coordinator.post(url(parent), changes, format="json").status_code == 201
    sources = sorted(Pin.objects.values_list("source", flat=True))
    assert sources == ["saturday", "saturday", "swap", "swap"]


def test_a_stale_edit_gets_a_409(as_coordinator):
    parent = _version()
    first = as_coordinator.post(url(parent), MOVE, format="json")
    second = as_coordinator.post(url(parent), MOVE, format="json")
    assert second.status_code == 409
    assert second.json()["latest_version"] == first.json()["id"]


def test_a_stale_edit_says_who_changed_the_version_first(as_coordinator):
    parent = _version()
    as_coordinator.post(url(parent), MOVE, format="json")
    body = as_coordinator.post(url(parent), MOVE, format="json").json()
    assert body["changed_by"] == "coord"
    assert body["detail"].startswith("Esta versão já foi alterada por coord em ")


def test_it_denies_anonymous(anonymous):
    assert anonymous.post(url(_version()), MOVE, format="json").status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    parent = _version()
    assert as_viewer.post(url(parent), MOVE, format="json").status_code == 403
    assert as_ana.post(url(parent), MOVE, format="json").status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    parent = _version()
    ghost = {**ANA_MON, "start": "15:00", "end": "16:00"}
    missing = as_coordinator.post(url(parent), {**MOVE, "changes": [{"kind": "move", "from": ghost, "to": {"room": "lou-1"}}]}, format="json")
    assert missing.status_code == 400
    assert missing.json() == {"changes[0].from": ["alocação não encontrada na agenda"]}
    premissa = as_coordinator.post(url(parent), {**MOVE, "changes": [{"kind": "block_room", "room": "sav-1"}]}, format="json")
    assert premissa.status_code == 400 and "changes" in premissa.json()
    assert as_coordinator.post(url(parent), {"changes": []}, format="json").status_code == 400


# --------------------------------------------------------------------------- the server is the gate

ANA_WED = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-09", "start": "08:00", "end": "12:00"}
ANA_SAT = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "12:00"}
# Ana's Wednesday for Bia's Monday: Ana in two rooms on Monday, Bia outside her availability on Wednesday.
BAD_SWAP = {"format": "agendador.changes/1", "changes": [{"kind": "swap", "a": ANA_WED, "b": BIA_MON}]}


def _full_week():
    return make_version([tuple(a.values()) for a in (ANA_MON, ANA_WED, BIA_MON, ANA_SAT)])


def test_an_edit_breaking_hard_premissas_is_refused_and_nothing_is_stored(as_coordinator):
    from webapp.schedules.models import ScheduleVersion

    parent = _full_week()
    response = as_coordinator.post(url(parent), BAD_SWAP, format="json")
    assert response.status_code == 422
    body = response.json()
    assert {(i["rule"], i["professional"]) for i in body["inconsistencies"]} >= {
        ("no_overlap", "p-ana"), ("availability", "p-bia"),
    }  # fmt: skip
    assert all(i["severity"] == "hard" and i["message"] for i in body["inconsistencies"])
    assert "nada foi gravado" in body["detail"]
    assert ScheduleVersion.objects.count() == 1 and not Pin.objects.filter(source="swap").exists()


def test_only_inconsistencies_the_edit_introduces_count(as_coordinator):
    parent = _version()  # already breaks Ana's Saturday pin (pin:0): a harmless move still goes through
    response = as_coordinator.post(url(parent), MOVE, format="json")
    assert response.status_code == 201
    assert response.json()["accepted_inconsistencies"] == []


def test_an_accepted_edit_is_stored_with_who_when_and_what(as_coordinator):
    parent = _full_week()
    response = as_coordinator.post(url(parent), {**BAD_SWAP, "accept_inconsistencies": True}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["accepted_by"] == "coord" and body["accepted_at"]
    rules = {(i["rule"], i["step"], i["accepted_by"]) for i in body["accepted_inconsistencies"]}
    assert {("no_overlap", "edit", "coord"), ("availability", "edit", "coord")} <= rules
    from webapp.schedules.models import ScheduleVersion

    assert ScheduleVersion.objects.get(pk=body["id"]).changes == BAD_SWAP  # the acknowledgement is not a change
    pins = Pin.objects.filter(source="swap").select_related("professional", "accepted_by")
    assert sorted((p.professional.code, p.accepted, p.accepted_by.username) for p in pins) == [
        ("p-ana", True, "coord"), ("p-bia", True, "coord"),
    ]  # fmt: skip


def test_an_accepted_edit_keeps_clean_pins_unaccepted(as_coordinator):
    parent = _full_week()
    saturday = {"kind": "add_saturday_entry", "professional": "p-caio", "room": "lou-1", "date": "2026-12-12",
                "start": "08:00", "end": "10:00"}  # fmt: skip — Lourdes is closed on Saturdays
    clean = {"kind": "pin", **BIA_MON}
    doc = {"format": "agendador.changes/1", "changes": [saturday, clean], "accept_inconsistencies": True}
    assert as_coordinator.post(url(parent), doc, format="json").status_code == 201
    assert dict(Pin.objects.values_list("professional__code", "accepted")) == {"p-ana": False, "p-caio": True, "p-bia": False}


def test_accept_inconsistencies_must_be_a_boolean(as_coordinator):
    response = as_coordinator.post(url(_full_week()), {**BAD_SWAP, "accept_inconsistencies": "talvez"}, format="json")
    assert response.status_code == 400 and "accept_inconsistencies" in response.json()
    assert not Pin.objects.filter(source="swap").exists()
