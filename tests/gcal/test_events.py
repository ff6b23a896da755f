"""Allocations become events with deterministic ids and pt-BR bodies; what counts as a change."""
from __future__ import annotations

import copy
import datetime as dt
import re

from tests.gcal.gcal_support import WEEK, alloc
from hypothesis import given
from hypothesis import strategies as st

from webapp.gcal.events import (
    allocation, blocks, changed_fields, desired_events, event_id, from_rows, instant, is_ours, window,
)

BASE32HEX = re.compile(r"^[a-v0-9]{5,1024}$")


def only(events):
    (calendar,) = events.values()
    return list(calendar.values())


def test_the_body_speaks_pt_br_and_carries_our_tag():
    (body,) = only(desired_events([alloc("ana", 0, "08:00", "12:00", "sav-3")], version=7))
    assert body["summary"] == "Atendimento — Sala 3 (Savassi)"
    assert body["location"] == "Sala 3, Savassi"
    assert body["start"] == {"dateTime": "2026-12-07T08:00:00-03:00", "timeZone": "America/Sao_Paulo"}
    assert body["end"] == {"dateTime": "2026-12-07T12:00:00-03:00", "timeZone": "America/Sao_Paulo"}
    assert body["extendedProperties"]["private"] == {"source": "agendador", "version": "7",
                                                     "allocation": "ana/2026-12-07/0"}
    assert body["status"] == "confirmed" and is_ours(body)


def test_the_location_is_the_sites_address_when_known():
    a = allocation(professional="ana", calendar_id="ana@x", date="2026-12-07", start="08:00", end="12:00",
                   room="sav-1", room_name="Sala 1", site_name="Savassi", location="Rua Pernambuco, 1000")
    assert only(desired_events([a], version=1))[0]["location"] == "Rua Pernambuco, 1000"


def test_event_ids_are_deterministic_base32hex():
    first = desired_events([alloc("ana", 0, "08:00", "12:00")], version=1)
    again = desired_events([alloc("ana", 0, "08:00", "12:00")], version=2)
    assert list(first["ana@clinica.test"]) == list(again["ana@clinica.test"])
    assert all(BASE32HEX.match(eid) and len(eid) == 32 for eid in first["ana@clinica.test"])


@given(st.text(min_size=1, max_size=40), st.dates(), st.integers(0, 20), st.text(max_size=10))
def test_every_event_id_is_valid_base32hex(professional, day, ordinal, namespace):
    assert BASE32HEX.match(event_id(namespace, professional, day, ordinal))


def test_ids_differ_by_professional_day_ordinal_and_namespace():
    ids = {event_id("agendador", "ana", WEEK, 0), event_id("agendador", "bia", WEEK, 0),
           event_id("agendador", "ana", WEEK + dt.timedelta(days=1), 0), event_id("agendador", "ana", WEEK, 1),
           event_id("homologacao", "ana", WEEK, 0)}
    assert len(ids) == 5


def test_a_block_moved_within_its_day_keeps_its_id():
    before = desired_events([alloc("ana", 0, "08:00", "12:00", "sav-1")], version=1)
    after = desired_events([alloc("ana", 0, "09:00", "13:30", "lou-2")], version=2)
    assert list(before["ana@clinica.test"]) == list(after["ana@clinica.test"])


def test_a_block_moved_to_another_day_changes_id():
    before = desired_events([alloc("ana", 0, "08:00", "12:00")], version=1)
    after = desired_events([alloc("ana", 1, "08:00", "12:00")], version=2)
    assert set(before["ana@clinica.test"]).isdisjoint(after["ana@clinica.test"])


def test_back_to_back_allocations_in_one_room_make_one_event():
    week = [alloc("ana", 0, "08:00", "10:00"), alloc("ana", 0, "10:00", "12:00"), alloc("ana", 0, "12:00", "13:00", "sav-3")]
    day = blocks(week)[("ana@clinica.test", "ana", WEEK)]
    assert [(b.start.isoformat("minutes"), b.end.isoformat("minutes"), b.room) for b in day] == [
        ("08:00", "12:00", "sav-1"), ("12:00", "13:00", "sav-3")]


def test_blocks_are_numbered_in_start_order():
    events = desired_events([alloc("ana", 0, "14:00", "18:00"), alloc("ana", 0, "08:00", "12:00")], version=1)
    keys = {b["start"]["dateTime"][11:16]: b["extendedProperties"]["private"]["allocation"]
            for b in events["ana@clinica.test"].values()}
    assert keys == {"08:00": "ana/2026-12-07/0", "14:00": "ana/2026-12-07/1"}


def test_an_end_at_midnight_is_the_next_day():
    a = allocation(professional="ana", calendar_id="ana@x", date=WEEK, start=20 * 60, end="24:00",
                   room="sav-1", room_name="Sala 1", site_name="Savassi")
    assert only(desired_events([a], version=1))[0]["end"]["dateTime"] == "2026-12-08T00:00:00-03:00"


def test_changed_fields_ignores_the_version_and_how_times_are_written():
    (body,) = only(desired_events([alloc("ana", 0, "08:00", "12:00")], version=1))
    google = copy.deepcopy(body)
    google["start"] = {"dateTime": "2026-12-07T11:00:00Z", "timeZone": "America/Sao_Paulo"}
    google["extendedProperties"]["private"]["version"] = "9"
    google.update(etag='"3"', htmlLink="https://…", updated="2026-12-01T00:00:00Z")
    assert changed_fields(body, google) == []


def test_changed_fields_names_what_differs():
    (body,) = only(desired_events([alloc("ana", 0, "08:00", "12:00")], version=1))
    google = copy.deepcopy(body)
    google["end"] = {"dateTime": "2026-12-07T13:00:00-03:00"}
    google["summary"] = "Consulta"
    google["status"] = "cancelled"
    google["extendedProperties"]["private"]["allocation"] = "outra"
    assert changed_fields(body, google) == ["time", "summary", "status", "extendedProperties"]


def test_the_window_covers_whole_local_days():
    assert window(WEEK, 7) == ("2026-12-07T00:00:00-03:00", "2026-12-14T00:00:00-03:00")
    assert instant({"date": "2026-12-07"}) == dt.datetime.fromisoformat("2026-12-07T00:00:00-03:00")


def test_rows_shaped_like_the_web_shells_become_calendar_allocations():
    from types import SimpleNamespace as Row

    savassi = Row(name="Savassi")
    room = Row(code="sav-3", name="Sala 3", site=savassi)
    ana = Row(code="ana", calendar_id="ana@clinica.test")
    nobody = Row(code="bia", calendar_id="")
    rows = [Row(professional=ana, room=room, date=WEEK, start="18:00", end="24:00"),
            Row(professional=nobody, room=room, date=WEEK, start="08:00", end="12:00")]
    (body,) = only(desired_events(from_rows(rows), version=3))
    assert body["summary"] == "Atendimento — Sala 3 (Savassi)"
    assert (body["start"]["dateTime"], body["end"]["dateTime"]) == ("2026-12-07T18:00:00-03:00",
                                                                    "2026-12-08T00:00:00-03:00")
