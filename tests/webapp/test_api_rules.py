import pytest

URL = "/api/rules/"
BLOCK = {"code": "r-10", "kind": "room_block", "label": "Sala L1 em pintura", "room": "lou-1", "date": "2026-12-10", "start": "08:00", "end": "12:00"}


RESERVED = {"code": "r-11", "kind": "room_reserved", "label": "Só Ana", "room": "sav-1", "professionals": ["p-ana"], "weekday": "tue"}


@pytest.fixture
def block(as_coordinator):
    return as_coordinator.post(URL, BLOCK, format="json")


def test_a_coordinator_creates_a_room_block(block):
    assert block.status_code == 201


def test_a_reservation_keeps_its_professionals(as_coordinator):
    assert as_coordinator.post(URL, RESERVED, format="json").status_code == 201
    assert as_coordinator.get(URL + "r-11/").json()["professionals"] == ["p-ana"]


def test_a_premissa_can_be_deactivated(block, as_coordinator):
    assert as_coordinator.patch(URL + "r-10/", {"active": False}, format="json").json()["active"] is False


def test_a_coordinator_deletes_a_premissa(block, as_coordinator):
    assert as_coordinator.delete(URL + "r-10/").status_code == 204


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    assert as_viewer.get(URL).status_code == 200
    assert as_viewer.post(URL, BLOCK, format="json").status_code == 403
    assert as_ana.get(URL).status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    missing_room = as_coordinator.post(URL, {**BLOCK, "room": None}, format="json")
    assert missing_room.json() == {"room": ["Este campo é obrigatório para este tipo de premissa."]}
    wrong_field = as_coordinator.post(URL, {**BLOCK, "kind": "site_closed", "site": "savassi"}, format="json")
    assert wrong_field.status_code == 400
    assert set(wrong_field.json()) == {"room", "start", "end"}
    no_people = as_coordinator.post(URL, {**BLOCK, "kind": "room_reserved"}, format="json")
    assert no_people.json() == {"professionals": ["Este campo é obrigatório para este tipo de premissa."]}
    both_days = as_coordinator.post(URL, {**BLOCK, "weekday": "thu"}, format="json")
    assert both_days.json() == {"weekday": ["Informe data ou dia da semana, não os dois."]}
    backwards = as_coordinator.post(URL, {**BLOCK, "start": "12:00", "end": "08:00"}, format="json")
    assert backwards.json() == {"end": ["O fim precisa ser depois do início."]}
    bad_kind = as_coordinator.post(URL, {**BLOCK, "kind": "vibes"}, format="json")
    assert "kind" in bad_kind.json()
