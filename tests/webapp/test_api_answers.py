"""The board's heavy reads are answered once per content: ETags, 304s, and never a stale answer."""
from __future__ import annotations

import pytest

from tests.webapp.conftest import WEEK, make_version
from webapp.api import answers
from webapp.clinic.models import Professional, Rule, Site, SiteClosure
from webapp.schedules.models import ScheduleVersion

ANA_MONDAY = ("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")
ANA_SATURDAY = ("p-ana", "sav-1", "2026-12-12", "08:00", "12:00")
CAIO_WEDNESDAY = ("p-caio", "lou-1", "2026-12-09", "08:00", "10:00")


def version_url(version) -> str:
    return f"/api/versions/{version.pk}/"


def inconsistencies_url(version) -> str:
    return f"/api/versions/{version.pk}/inconsistencies/"


def week_url() -> str:
    return f"/api/weeks/{WEEK.isoformat()}/"


def test_a_read_carries_a_strong_etag_that_revalidation_must_send_back(as_viewer):
    version = make_version([ANA_MONDAY, ANA_SATURDAY])
    first = as_viewer.get(version_url(version))
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    assert first["Cache-Control"] == "private, no-cache"
    assert "Cookie" in first["Vary"]
    assert as_viewer.get(version_url(version))["ETag"] == first["ETag"]


def test_a_matching_if_none_match_is_answered_304_without_a_body(as_viewer):
    version = make_version([ANA_MONDAY, ANA_SATURDAY])
    etag = as_viewer.get(version_url(version))["ETag"]
    again = as_viewer.get(version_url(version), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_compressed_answer_revalidates_with_its_weak_etag(as_viewer):
    version = make_version([ANA_MONDAY, ANA_SATURDAY])
    first = as_viewer.get(version_url(version), HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert first["ETag"].startswith('W/"')  # GZipMiddleware weakens it; a browser sends it back as it got it
    again = as_viewer.get(version_url(version), HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_stale_if_none_match_gets_the_full_answer(as_viewer):
    version = make_version([ANA_MONDAY])
    response = as_viewer.get(version_url(version), HTTP_IF_NONE_MATCH='"not-this-one"')
    assert response.status_code == 200
    assert len(response.json()["allocations"]) == 1


def test_a_bulk_rename_bypassing_signals_changes_the_answer_and_its_etag(as_viewer):
    version = make_version([ANA_MONDAY])
    before = as_viewer.get(week_url())
    Professional.objects.filter(code="p-ana").update(name="Ana Beatriz Souza")  # no save(), no signal
    after = as_viewer.get(week_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    names = {p["id"]: p["name"] for p in after.json()["professionals"]}
    assert names["p-ana"] == "Ana Beatriz Souza"
    assert as_viewer.get(version_url(version)).status_code == 200


def test_a_new_premissa_changes_a_cached_verdict(as_viewer):
    version = make_version([ANA_MONDAY, ANA_SATURDAY, CAIO_WEDNESDAY])
    assert as_viewer.get(inconsistencies_url(version)).json() == []
    Rule.objects.create(
        code="r-new", kind="room_block", label="Sala L1 fechada na quarta", room_id=_room_pk("lou-1"),
        date="2026-12-09", start="08:00", end="12:00",
    )
    found = as_viewer.get(inconsistencies_url(version)).json()
    assert [i["premissa"] for i in found] == ["r-new"]


def test_a_version_approved_in_between_is_read_with_its_new_status(as_coordinator):
    version = make_version([ANA_MONDAY, ANA_SATURDAY])
    assert as_coordinator.get(version_url(version)).json()["status"] == "draft"
    assert as_coordinator.post(f"/api/versions/{version.pk}/approve/", {}, format="json").status_code == 200
    again = as_coordinator.get(version_url(version))
    assert again.json()["status"] == "approved"
    assert again.json()["approved_by"] == "coord"


def test_a_professional_never_gets_the_answer_cached_for_a_coordinator(as_coordinator, as_ana):
    version = make_version([ANA_MONDAY, ANA_SATURDAY, CAIO_WEDNESDAY], status="published")
    assert len(as_coordinator.get(version_url(version)).json()["allocations"]) == 3
    own = as_ana.get(version_url(version)).json()["allocations"]
    assert {a["professional"] for a in own} == {"p-ana"}


def test_a_closure_added_in_bulk_shows_on_the_week(as_viewer):
    before = as_viewer.get(week_url()).json()
    savassi = next(s for s in before["sites"] if s["id"] == "savassi")
    assert "2026-12-10" not in {c["date"] for c in savassi["closed"]}
    site = Site.objects.get(code="savassi")
    SiteClosure.objects.bulk_create([SiteClosure(site=site, date="2026-12-10", reason="Dedetização")])
    after = as_viewer.get(week_url()).json()
    savassi = next(s for s in after["sites"] if s["id"] == "savassi")
    assert "2026-12-10" in {c["date"] for c in savassi["closed"]}


def test_the_diff_follows_the_versions_it_compares(as_viewer):
    old = make_version([ANA_MONDAY])
    new = make_version([ANA_MONDAY, CAIO_WEDNESDAY], parent=old)
    diff = as_viewer.get("/api/diff/", {"from": old.pk, "to": new.pk}).json()
    assert [a["professional"] for a in diff["added"]] == ["p-caio"]
    reverse = as_viewer.get("/api/diff/", {"from": new.pk, "to": old.pk}).json()
    assert [a["professional"] for a in reverse["removed"]] == ["p-caio"]


@pytest.mark.django_db
def test_every_clinic_table_is_part_of_the_configuration_fingerprint():
    tables = {m._meta.db_table for m in answers.configuration_models()}
    assert {"clinic_site", "clinic_room", "clinic_professional", "clinic_rule", "clinic_pin", "clinic_availability"} <= tables
    assert "clinic_professional_preferred_rooms" in tables  # links between tables count too
    assert not any("historical" in t for t in tables)  # the change history only grows


@pytest.mark.django_db
def test_the_row_digest_sees_a_changed_column_and_not_the_row_order(clinic):
    rows = [Professional.objects.all()]
    before = answers.rows_digest(rows)
    assert answers.rows_digest([Professional.objects.order_by("-code")]) == before
    Professional.objects.filter(code="p-bia").update(min_weekly_hours=3)
    assert answers.rows_digest(rows) != before


@pytest.mark.django_db
def test_the_row_digest_of_nothing_is_stable(clinic):
    empty = [Professional.objects.filter(pk__in=[])]
    assert answers.rows_digest(empty) == answers.rows_digest(empty)
    assert answers.rows_digest(empty) != answers.rows_digest([Professional.objects.all()])


def _room_pk(code: str) -> int:
    from webapp.clinic.models import Room

    return Room.objects.get(code=code).pk


def test_versions_are_not_mixed_up_between_identical_weeks(as_viewer):
    one = make_version([ANA_MONDAY])
    two = make_version([CAIO_WEDNESDAY])
    assert as_viewer.get(version_url(one)).json()["allocations"][0]["professional"] == "p-ana"
    assert as_viewer.get(version_url(two)).json()["allocations"][0]["professional"] == "p-caio"
    assert ScheduleVersion.objects.count() == 2


def test_the_week_list_shows_a_new_version_and_a_new_status(as_coordinator):
    first = make_version([ANA_MONDAY, ANA_SATURDAY])
    listed = as_coordinator.get("/api/versions/", {"week_start": WEEK.isoformat()})
    assert [v["id"] for v in listed.json()["results"]] == [first.pk]
    second = make_version([ANA_MONDAY], parent=first)
    again = as_coordinator.get("/api/versions/", {"week_start": WEEK.isoformat()}, HTTP_IF_NONE_MATCH=listed["ETag"])
    assert again.status_code == 200
    assert [v["id"] for v in again.json()["results"]] == [second.pk, first.pk]
    ScheduleVersion.objects.filter(pk=first.pk).update(status="superseded")
    statuses = {v["id"]: v["status"] for v in as_coordinator.get("/api/versions/", {"week_start": WEEK.isoformat()}).json()["results"]}
    assert statuses[first.pk] == "superseded"


def test_the_fingerprint_and_the_change_history_cover_the_same_configuration():
    # Two views of "the clinic's configuration": what the answers are keyed on (derived from the app) and what the
    # history keeps and export_config puts back (listed for its restore order). A model added to one must be in both.
    from webapp.clinic.history import CONFIG_MODELS

    listed = set(CONFIG_MODELS) | {
        f.remote_field.through for m in CONFIG_MODELS for f in m._meta.many_to_many
    }
    assert set(answers.configuration_models()) == listed
