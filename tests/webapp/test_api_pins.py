import pytest

URL = "/api/pins/"
NEW = {"professional": "p-caio", "room": "lou-1", "date": "2026-12-11", "start": "08:00", "end": "10:00", "source": "manual"}


@pytest.fixture
def created(as_coordinator, coordinator):
    return as_coordinator.post(URL, NEW, format="json")


def test_a_coordinator_creates_a_pin_signed_with_their_name(created):
    assert created.status_code == 201
    assert created.json()["created_by"] == "coord"


def test_the_list_holds_the_new_pin_beside_the_saturday_pin(created, as_coordinator):
    listed = as_coordinator.get(URL).json()["results"]
    assert len(listed) == 2  # with the tiny clinic's Saturday pin


def test_a_coordinator_deletes_a_pin(created, as_coordinator):
    assert as_coordinator.delete(f"{URL}{created.json()['id']}/").status_code == 204


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    assert as_viewer.post(URL, NEW, format="json").status_code == 403
    assert as_ana.get(URL).status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    response = as_coordinator.post(URL, {**NEW, "professional": "p-zeca", "start": "10:00", "end": "09:00", "source": "magic"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"professional", "source"}
    backwards = as_coordinator.post(URL, {**NEW, "start": "10:00", "end": "09:00"}, format="json")
    assert backwards.json() == {"end": ["O fim precisa ser depois do início."]}
