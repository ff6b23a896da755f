"""The daily read-back finds drift in Google and conflicts with personal events, and never writes."""
from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from tests.gcal.gcal_support import TIME_MAX, TIME_MIN, UNCAPPED, WEEK, alloc, desired

from webapp.gcal.publisher import DeletionLimit, publish
from webapp.gcal.readback import SyncState, compare_day, confirm_day

MONDAY = WEEK
ANA, BIA = "ana@clinica.test", "bia@clinica.test"


def published(fake, access, clock, allocations=None):
    wanted = desired(allocations)
    publish(access, wanted, time_min=TIME_MIN, time_max=TIME_MAX, options=UNCAPPED, limit=DeletionLimit(None, None),
            clock=clock, sleep=clock.sleep, rng=random.Random(1))
    return wanted


def of_day(wanted, day):
    prefix = day.isoformat()
    return {cal: {eid: ev for eid, ev in evs.items() if ev["start"]["dateTime"].startswith(prefix)}
            for cal, evs in wanted.items()}


def confirm(access, clock, intended, day=MONDAY, **kwargs):
    return confirm_day(access, of_day(intended, day), day, options=UNCAPPED, clock=clock, sleep=clock.sleep,
                       **kwargs)


def kinds(findings):
    return sorted((f.kind, f.calendar_id) for f in findings)


def ids_on(wanted, cal, day=MONDAY):
    return sorted(of_day(wanted, day)[cal], key=lambda eid: of_day(wanted, day)[cal][eid]["start"]["dateTime"])


def test_no_drift_right_after_publishing(fake, access, clock):
    wanted = published(fake, access, clock)
    fake.reset_counters()
    result = confirm(access, clock, wanted)
    assert result.findings == [] and result.errors == []
    assert fake.counters.writes == 0 and fake.counters.http_requests == 1  # one batched list for all calendars


def test_it_finds_events_edited_moved_deleted_missing_and_unexpected(fake, access, clock):
    wanted = published(fake, access, clock)
    morning, afternoon = ids_on(wanted, ANA)
    (bia_monday,) = ids_on(wanted, BIA)
    fake.edit_event(ANA, morning, {"summary": "Atendimento — Sala 1 (Savassi) — troquei com a Bia"})
    fake.edit_event(ANA, afternoon, {"start": {"dateTime": "2026-12-07T15:00:00-03:00"},
                                     "end": {"dateTime": "2026-12-07T19:00:00-03:00"}})
    fake.cancel_event(BIA, bia_monday)
    fake.add_event(BIA, {"id": "velho0001", "summary": "Atendimento — Sala 2 (Lourdes)",
                         "extendedProperties": {"private": {"source": "agendador", "version": "0"}},
                         "start": {"dateTime": "2026-12-07T14:00:00-03:00"},
                         "end": {"dateTime": "2026-12-07T15:00:00-03:00"}})
    intended = of_day(wanted, MONDAY)
    never_published = desired([alloc("caio", 0, "08:00", "12:00")])
    intended.update(never_published)
    fake.reset_counters()
    result = confirm_day(access, intended, MONDAY, options=UNCAPPED, clock=clock, sleep=clock.sleep)
    by_event = {f.event_id: f for f in result.findings}
    assert kinds(result.findings) == [("deleted", BIA), ("edited", ANA), ("missing", "caio@clinica.test"),
                                      ("moved", ANA), ("unexpected", BIA)]
    assert by_event[morning].message == ("Atendimento — Sala 1 (Savassi), 07/12 08:00–12:00: o evento foi editado "
                                         "no Google Agenda (título).")
    assert by_event[afternoon].message.endswith("foi movido no Google Agenda para 07/12 15:00–19:00.")
    assert by_event[bia_monday].message.endswith("o evento foi apagado no Google Agenda.")
    assert "não está no Google Agenda" in next(f.message for f in result.findings if f.kind == "missing")
    assert by_event["velho0001"].message.endswith("evento do Agendador que a versão publicada não tem.")
    assert all(f.action == "republish" and f.premissa == f"google:{f.calendar_id}:{f.event_id}"
               for f in result.findings)
    assert fake.counters.writes == 0


def test_an_event_moved_to_another_day_is_found_by_id(fake, access, clock):
    wanted = published(fake, access, clock)
    morning, _ = ids_on(wanted, ANA)
    fake.edit_event(ANA, morning, {"start": {"dateTime": "2026-12-08T08:00:00-03:00"},
                                   "end": {"dateTime": "2026-12-08T12:00:00-03:00"}})
    result = confirm(access, clock, wanted)
    assert [(f.kind, f.event_id) for f in result.findings] == [("moved", morning)]
    assert "08/12 08:00–12:00" in result.findings[0].message


def test_a_personal_event_overlapping_an_allocation_is_a_conflict_and_left_alone(fake, access, clock):
    wanted = published(fake, access, clock)
    dentist = fake.add_event(ANA, {"id": "dentista1", "summary": "Dentista",
                                   "start": {"dateTime": "2026-12-07T11:00:00-03:00"},
                                   "end": {"dateTime": "2026-12-07T12:30:00-03:00"}})
    for free in (  # none of these makes her busy during a block
        {"id": "almoco001", "start": {"dateTime": "2026-12-07T12:00:00-03:00"},
         "end": {"dateTime": "2026-12-07T14:00:00-03:00"}},
        {"id": "livre0001", "transparency": "transparent", "start": {"dateTime": "2026-12-07T09:00:00-03:00"},
         "end": {"dateTime": "2026-12-07T10:00:00-03:00"}},
        {"id": "aniver001", "start": {"date": "2026-12-07"}, "end": {"date": "2026-12-08"}},
    ):
        fake.add_event(ANA, {"summary": "pessoal", **free})
    result = confirm(access, clock, wanted)
    assert [(f.kind, f.event_id, f.action) for f in result.findings] == [("conflict", "dentista1", "review")]
    assert "conflito com a agenda pessoal" in result.findings[0].message
    assert "Dentista" not in result.findings[0].message  # the coordinator does not see personal titles
    assert fake.events(ANA)["dentista1"] == dentist


def test_an_all_day_event_marked_busy_conflicts(fake, access, clock):
    wanted = published(fake, access, clock)
    fake.add_event(BIA, {"id": "ferias001", "summary": "Férias", "transparency": "opaque",
                         "start": {"date": "2026-12-07"}, "end": {"date": "2026-12-12"}})
    assert kinds(confirm(access, clock, wanted).findings) == [("conflict", BIA)]


def test_incremental_sync_asks_only_for_changes(fake, access, clock):
    wanted = published(fake, access, clock)
    first = confirm(access, clock, wanted, states={})
    assert first.findings == [] and first.full_syncs == 3 and first.incremental_syncs == 0
    assert all(state.token for state in first.states.values())
    morning, _ = ids_on(wanted, ANA)
    fake.edit_event(ANA, morning, {"location": "Sala 9"})
    fake.add_event(BIA, {"id": "dentista1", "start": {"dateTime": "2026-12-08T10:00:00-03:00"},
                         "end": {"dateTime": "2026-12-08T11:00:00-03:00"}})
    fake.reset_counters()
    stored = {cal: SyncState.from_dict(json.loads(json.dumps(s.to_dict()))) for cal, s in first.states.items()}
    monday = confirm(access, clock, wanted, states=stored)
    assert monday.incremental_syncs == 3 and monday.full_syncs == 0
    assert [(f.kind, f.event_id) for f in monday.findings] == [("edited", morning)]
    assert fake.counters.by_method["list"] == 3 and fake.counters.http_requests == 1
    tuesday = confirm(access, clock, wanted, day=MONDAY + dt.timedelta(days=1), states=monday.states)
    assert [(f.kind, f.event_id) for f in tuesday.findings] == [("conflict", "dentista1")]
    assert "Dentista" not in json.dumps([s.to_dict() for s in tuesday.states.values()])  # only times are kept


def test_an_expired_sync_token_falls_back_to_a_full_resync(fake, access, clock):
    wanted = published(fake, access, clock)
    first = confirm(access, clock, wanted, states={})
    fake.expire_sync_tokens(ANA)
    morning, _ = ids_on(wanted, ANA)
    fake.cancel_event(ANA, morning)
    again = confirm(access, clock, wanted, states=first.states)
    assert (again.full_syncs, again.incremental_syncs) == (1, 2)
    assert [(f.kind, f.event_id) for f in again.findings] == [("deleted", morning)]
    assert again.states[ANA].token and again.states[ANA].token != first.states[ANA].token


def test_a_state_for_another_week_is_not_reused(fake, access, clock):
    wanted = published(fake, access, clock)
    first = confirm(access, clock, wanted, states={})
    next_week = confirm(access, clock, wanted, states=first.states,
                        sync_window=("2026-12-14T00:00:00-03:00", "2026-12-21T00:00:00-03:00"))
    assert next_week.full_syncs == 3


def test_an_unreadable_calendar_is_reported_not_flagged(fake, access, clock):
    wanted = published(fake, access, clock)
    fake.inject("403-user-rate", scope="any", path="bia", times=None)
    result = confirm(access, clock, wanted)
    assert result.findings == []
    assert [(e.calendar_id, e.status) for e in result.errors] == [(BIA, 403)]


@pytest.mark.parametrize("status", ["cancelled", "confirmed"])
def test_compare_day_on_plain_data(status):
    wanted = of_day(desired([alloc("ana", 0, "08:00", "12:00")]), MONDAY)
    (event_id, body) = next(iter(wanted[ANA].items()))
    observed = {ANA: {event_id: {**body, "status": status}}}
    findings = compare_day(wanted, observed, time_min=TIME_MIN, time_max=TIME_MAX)
    assert [f.kind for f in findings] == (["deleted"] if status == "cancelled" else [])
