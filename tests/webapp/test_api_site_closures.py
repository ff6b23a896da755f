URL = "/api/site-closures/"
NEW = {"site": "savassi", "date": "2026-12-08", "kind": "open", "reason": "mutirão"}


def test_it_works(as_coordinator):
    created = as_coordinator.post(URL, NEW, format="json")
    assert created.status_code == 201
    days = as_coordinator.get("/api/sites/savassi/closed-dates/", {"from": "2026-12-07", "to": "2026-12-13"}).json()
    assert days == []  # the holiday was overridden
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
