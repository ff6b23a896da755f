import pytest

URL = "/api/travel-times/"


@pytest.fixture
def listed(as_coordinator):
    return as_coordinator.get(URL).json()["results"]


def test_it_lists_the_clinics_travel_time(listed):
    assert listed == [{"id": listed[0]["id"], "from_site": "savassi", "to_site": "lourdes", "minutes": 20}]


def test_a_coordinator_changes_the_minutes(listed, as_coordinator):
    changed = as_coordinator.patch(f"{URL}{listed[0]['id']}/", {"minutes": 25}, format="json")
    assert changed.json()["minutes"] == 25


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer):
    assert as_viewer.post(URL, {"from_site": "lourdes", "to_site": "savassi", "minutes": 20}, format="json").status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    response = as_coordinator.post(URL, {"from_site": "savassi", "to_site": "savassi", "minutes": -1}, format="json")
    assert response.status_code == 400
    assert "minutes" in response.json()
    same = as_coordinator.post(URL, {"from_site": "savassi", "to_site": "savassi", "minutes": 5}, format="json")
    assert same.json() == {"to_site": ["Escolha uma unidade diferente da origem."]}
