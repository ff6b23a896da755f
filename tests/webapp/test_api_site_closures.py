import pytest

URL = "/api/site-closures/"
NEW = {"site": "savassi", "date": "2026-12-08", "kind": "open", "reason": "mutirão"}


@pytest.fixture
def created(as_coordinator):
    return as_coordinator.post(URL, NEW, format="json")


def test_a_coordinator_creates_a_site_closure(created):
    assert created.status_code == 201


def test_an_open_closure_overrides_the_holiday(created, as_coordinator):
    days = as_coordinator.get("/api/sites/savassi/closed-dates/", {"from": "2026-12-07", "to": "2026-12-13"}).json()
    assert days == []  # the holiday was overridden


def test_the_list_holds_the_closure_with_its_site(created, as_coordinator):
    assert as_coordinator.get(URL).json()["results"][0]["site"] == "savassi"


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana):
    assert as_viewer.post(URL, NEW, format="json").status_code == 403
    assert as_ana.get(URL).status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    response = as_coordinator.post(URL, {"site": "nowhere", "date": "08/12/2026", "kind": "maybe"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"site", "date", "kind"}
    assert as_coordinator.post(URL, NEW, format="json").status_code == 201
    duplicate = as_coordinator.post(URL, NEW, format="json")
    assert duplicate.status_code == 400
