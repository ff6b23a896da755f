import pytest

from tests.webapp.conftest import make_version
from webapp.schedules.diff import diff_allocations

URL = "/api/diff/"
ANA_MON = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
BIA_MON = ("p-bia", "lou-1", "2026-12-07", "08:00", "12:00")
CAIO_THU = ("p-caio", "lou-1", "2026-12-10", "13:00", "17:00")


@pytest.fixture
def versions(clinic):
    old = make_version([ANA_MON, BIA_MON])
    new = make_version([("p-ana", "lou-1", "2026-12-07", "13:00", "18:00"), CAIO_THU])
    return old, new


@pytest.fixture
def body(as_viewer, versions):
    old, new = versions
    return as_viewer.get(URL, {"from": old.pk, "to": new.pk}).json()


def test_a_professional_in_another_room_and_time_is_a_move(body):
    assert body["moved"] == [
        {"from": dict(zip(("professional", "room", "date", "start", "end"), ANA_MON)),
         "to": {"professional": "p-ana", "room": "lou-1", "date": "2026-12-07", "start": "13:00", "end": "18:00"}}
    ]  # fmt: skip


def test_allocations_only_in_the_new_version_are_added(body):
    assert [a["professional"] for a in body["added"]] == ["p-caio"]


def test_allocations_only_in_the_old_version_are_removed(body):
    assert [a["professional"] for a in body["removed"]] == ["p-bia"]


def test_hour_deltas_per_professional(body):
    assert body["hour_deltas"] == {"p-ana": 1.0, "p-bia": -4.0, "p-caio": 4.0}


def test_counts_sum_up_each_kind_of_change(body):
    assert body["counts"] == {"added": 1, "removed": 1, "moved": 1, "unchanged": 0}


def test_it_names_the_two_versions_compared(body, versions):
    old, new = versions
    assert (body["from_version"], body["to_version"]) == (old.pk, new.pk)


def test_identical_schedules_have_an_empty_diff():
    rows = [dict(zip(("professional", "room", "date", "start", "end"), a)) for a in (ANA_MON, BIA_MON)]
    assert diff_allocations(rows, rows) == {
        "added": [], "removed": [], "moved": [], "hour_deltas": {},
        "counts": {"added": 0, "removed": 0, "moved": 0, "unchanged": 2},
    }  # fmt: skip


def test_it_denies_anonymous(anonymous):
    a = make_version([ANA_MON])
    assert anonymous.get(URL, {"from": a.pk, "to": a.pk}).status_code in (401, 403)


def test_it_denies_wrong_role(as_ana):
    a = make_version([ANA_MON], status="published")
    assert as_ana.get(URL, {"from": a.pk, "to": a.pk}).status_code == 403


def test_it_rejects_bad_input(as_viewer):
    a = make_version([ANA_MON])
    response = as_viewer.get(URL, {"from": a.pk})
    assert response.status_code == 400 and set(response.json()) == {"to"}
    assert set(as_viewer.get(URL, {"from": "x", "to": 99999}).json()) == {"from", "to"}
