import pytest

URL = "/api/rooms/"
NEW = {"code": "sav-9", "site": "savassi", "name": "Ginásio", "kinds": ["ginasio"], "capacity": 3}


@pytest.fixture
def created(as_coordinator):
    return as_coordinator.post(URL, NEW, format="json")


def test_a_coordinator_creates_a_room_that_reads_back_as_sent_and_active(created):
    assert created.status_code == 201
    assert created.json() == {**NEW, "active": True}


def test_patching_kinds_replaces_them(created, as_coordinator):
    assert as_coordinator.patch(URL + "sav-9/", {"kinds": ["ginasio", "consultorio"]}, format="json").json()["kinds"] == ["ginasio", "consultorio"]


def test_the_list_holds_the_new_room_beside_the_clinics(created, as_coordinator):
    assert len(as_coordinator.get(URL).json()["results"]) == 3


def test_professionals_may_read_rooms(as_ana):
    assert as_ana.get(URL + "sav-1/").json()["name"] == "Sala 1"


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    assert as_viewer.post(URL, NEW, format="json").status_code == 403
    assert as_ana.patch(URL + "sav-1/", {"capacity": 2}, format="json").status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    response = as_coordinator.post(URL, {**NEW, "site": "marte", "capacity": 0, "kinds": ["sala grande"]}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"site", "capacity", "kinds"}
    assert as_coordinator.post(URL, {**NEW, "code": "sav-1"}, format="json").json()["code"] == ["sala com este código já existe."]
