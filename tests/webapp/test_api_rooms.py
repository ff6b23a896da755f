URL = "/api/rooms/"
NEW = {"code": "sav-9", "site": "savassi", "name": "Ginásio", "kinds": ["ginasio"], "capacity": 3}


def test_it_works(as_coordinator):
    created = as_coordinator.post(URL, NEW, format="json")
    assert created.status_code == 201
    assert created.json() == {**NEW, "active": True}
    assert as_coordinator.patch(URL + "sav-9/", {"kinds": ["ginasio", "consultorio"]}, format="json").json()["kinds"] == ["ginasio", "consultorio"]
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
