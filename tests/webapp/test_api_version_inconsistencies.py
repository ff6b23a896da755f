import pytest

from tests.webapp.conftest import make_version


def url(version, **query):
    return f"/api/versions/{version.pk}/inconsistencies/"


@pytest.fixture
def version(clinic):
    # Ana in the blocked Sala 1 (r-1: Wednesday 13:00–17:00) and Caio on the 8 Dec holiday.
    return make_version([("p-ana", "sav-1", "2026-12-09", "13:00", "15:00"), ("p-caio", "lou-1", "2026-12-08", "08:00", "10:00")])


def test_it_names_the_room_block_broken(version, as_viewer):
    found = as_viewer.get(url(version)).json()
    assert "r-1" in {i["premissa"] for i in found}


def test_it_names_work_on_a_holiday_as_opening_hours(version, as_viewer):
    found = as_viewer.get(url(version)).json()
    assert any(i["rule"] == "opening_hours" and i["professional"] == "p-caio" for i in found)


def test_by_default_it_lists_only_hard_inconsistencies(version, as_viewer):
    found = as_viewer.get(url(version)).json()
    assert all(i["severity"] == "hard" for i in found)


def test_soft_asks_for_soft_ones_too(version, as_viewer):
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
