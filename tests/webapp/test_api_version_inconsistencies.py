from tests.webapp.conftest import make_version


def url(version, **query):
    return f"/api/versions/{version.pk}/inconsistencies/"


def test_it_works(as_viewer):
    # Ana in the blocked Sala 1 (r-1: Wednesday 13:00–17:00) and Caio on the 8 Dec holiday.
    version = make_version([("p-ana", "sav-1", "2026-12-09", "13:00", "15:00"), ("p-caio", "lou-1", "2026-12-08", "08:00", "10:00")])
    found = as_viewer.get(url(version)).json()
    premissas = {i["premissa"] for i in found}
    assert "r-1" in premissas
    assert any(i["rule"] == "opening_hours" and i["professional"] == "p-caio" for i in found)
    assert all(i["severity"] == "hard" for i in found)
    with_soft = as_viewer.get(url(version), {"soft": "1"}).json()
    assert any(i["severity"] == "soft" for i in with_soft)


def test_a_clean_version_has_none(as_viewer):
    version = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00"), ("p-ana", "sav-1", "2026-12-12", "08:00", "12:00")])
    assert as_viewer.get(url(version)).json() == []


def test_a_lost_pin_is_an_inconsistency(as_viewer):
    version = make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")])
    assert [i["premissa"] for i in as_viewer.get(url(version)).json()] == ["pin:0"]


def test_it_denies_anonymous(anonymous):
    assert anonymous.get(url(make_version([]))).status_code in (401, 403)


def test_it_denies_wrong_role(as_ana):
    version = make_version([], status="published")
    assert as_ana.get(url(version)).status_code == 403


def test_it_rejects_bad_input(as_viewer):
    assert as_viewer.get(url(make_version([])), {"soft": "talvez"}).status_code == 400
