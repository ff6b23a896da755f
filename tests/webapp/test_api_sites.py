import pytest

URL = "/api/sites/"
NEW = {"code": "funcionarios", "name": "Funcionários", "opening_hours": {"mon": ["07:30", "21:00"]}}


@pytest.fixture
def created(as_coordinator):
    return as_coordinator.post(URL, NEW, format="json")


def test_a_coordinator_creates_a_site(created):
    assert created.status_code == 201


def test_the_list_holds_the_new_site_beside_the_clinics(created, as_coordinator):
    listed = as_coordinator.get(URL).json()["results"]
    assert {s["code"] for s in listed} == {"savassi", "lourdes", "funcionarios"}


def test_a_site_reads_back_with_its_opening_hours(as_coordinator):
    savassi = as_coordinator.get(URL + "savassi/").json()
    assert savassi["opening_hours"]["sat"] == ["08:00", "12:00"]


def test_patching_opening_hours_replaces_them(created, as_coordinator):
    changed = as_coordinator.patch(URL + "funcionarios/", {"opening_hours": {"tue": ["08:00", "12:00"]}}, format="json")
    assert changed.json()["opening_hours"] == {"tue": ["08:00", "12:00"]}


def test_a_coordinator_deletes_an_unused_site(created, as_coordinator):
    assert as_coordinator.delete(URL + "funcionarios/").status_code == 204


def test_it_lists_closed_dates_with_holidays(as_viewer):
    response = as_viewer.get(URL + "lourdes/closed-dates/", {"from": "2026-12-07", "to": "2026-12-31"})
    assert response.status_code == 200
    assert {"date": "2026-12-08", "reason": "Imaculada Conceição"} in response.json()


def test_professionals_may_read_sites(as_ana):
    assert as_ana.get(URL).status_code == 200


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(URL).status_code in (401, 403)
    assert anonymous.post(URL, NEW, format="json").status_code in (401, 403)


def test_it_denies_wrong_role(as_viewer, as_ana, nobody):
    from tests.webapp.conftest import client_for

    assert as_viewer.post(URL, NEW, format="json").status_code == 403
    assert as_ana.delete(URL + "savassi/").status_code == 403
    assert client_for(nobody).get(URL).status_code == 403


def test_it_rejects_bad_input(as_coordinator):
    response = as_coordinator.post(URL, {"code": "x y", "name": "", "opening_hours": {"moon": ["08:00", "07:00"]}}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "name", "opening_hours"}
    assert body["name"] == ["Este campo não pode ficar em branco."]
    bad_hours = as_coordinator.post(URL, {**NEW, "opening_hours": {"mon": ["09:00", "08:00"]}}, format="json")
    assert bad_hours.json()["opening_hours"] == {"mon": ["O fechamento precisa ser depois da abertura."]}
    off_grain = as_coordinator.post(URL, {**NEW, "opening_hours": {"mon": ["08:10", "12:00"]}}, format="json")
    assert off_grain.status_code == 400
    assert as_coordinator.get(URL + "lourdes/closed-dates/", {"from": "2026-12-31"}).status_code == 400
