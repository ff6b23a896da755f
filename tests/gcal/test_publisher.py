"""Publishing scenarios against the fake, each checked event by event in the fake's final state."""
from __future__ import annotations

import copy
import dataclasses
import math
import random

import pytest
from tests.gcal.gcal_support import (
    TIME_MAX, TIME_MIN, UNCAPPED, FakeClock, alloc, assert_state_exact, big_week, desired, small_week,
)

from webapp.gcal.config import GoogleConfig
from webapp.gcal.events import SOURCE, desired_events, is_ours
from webapp.gcal.fake_server import FakeCalendarServer
from webapp.gcal.publisher import DeletionLimit, DeletionLimitExceeded, plan_publish, publish
from webapp.gcal.service import build_access
from webapp.gcal.transport import Failure, Transport, TransportOptions

NO_LIMIT = DeletionLimit(None, None)
CLINIC = sorted({a.calendar_id for a in small_week()})  # every professional's calendar, as the web shell passes


def run(access, clock, wanted, **kwargs):
    kwargs.setdefault("calendars", CLINIC if set(wanted) <= set(CLINIC) else ())
    kwargs.setdefault("options", UNCAPPED)
    kwargs.setdefault("limit", NO_LIMIT)
    return publish(access, wanted, time_min=TIME_MIN, time_max=TIME_MAX, clock=clock, sleep=clock.sleep,
                   rng=random.Random(1), **kwargs)


def personal(fake, calendar_id, event_id, day="2026-12-07", start="10:00", end="11:00"):
    return fake.add_event(calendar_id, {
        "id": event_id, "summary": "Dentista",
        "start": {"dateTime": f"{day}T{start}:00-03:00"}, "end": {"dateTime": f"{day}T{end}:00-03:00"}})


# --- the plan, on plain data ---------------------------------------------------------------------

def test_the_plan_inserts_patches_and_deletes_only_what_differs():
    wanted = desired()
    current = copy.deepcopy(wanted)
    ana = "ana@clinica.test"
    changed, cancelled, gone, *_ = list(current[ana])
    current[ana][changed]["summary"] = "Editado à mão"
    current[ana][cancelled]["status"] = "cancelled"
    del current[ana][gone]
    current[ana]["abc00001"] = {"id": "abc00001", "status": "confirmed",
                                "extendedProperties": {"private": {"source": SOURCE}}}
    current[ana]["abc00002"] = {"id": "abc00002", "status": "confirmed", "summary": "pessoal"}  # not ours
    current[ana]["abc00003"] = {"id": "abc00003", "status": "cancelled",
                                "extendedProperties": {"private": {"source": SOURCE}}}
    plan = plan_publish(wanted, current)
    assert [(w.calendar_id, w.event_id) for w in plan.inserts] == [(ana, gone)]
    assert sorted(w.event_id for w in plan.patches) == sorted([changed, cancelled])
    assert all(w.body["status"] == "confirmed" and "id" not in w.body for w in plan.patches)
    assert [w.event_id for w in plan.deletes] == ["abc00001"]
    assert plan.live == 2 + 2 + 1  # confirmed and ours: ana edited + abc00001, bia 2, caio 1


def test_an_unchanged_plan_is_empty():
    assert len(plan_publish(desired(), desired(version=2))) == 0


# --- scenarios -----------------------------------------------------------------------------------

def test_first_publish(fake, access, clock):
    wanted = desired()
    result = run(access, clock, wanted)
    assert_state_exact(fake, wanted)
    assert (result.inserts, result.patches, result.deletes, result.ok) == (6, 0, 0, True)
    assert fake.counters.writes == 6 and fake.counters.write_requests == 1


def test_republishing_unchanged_writes_nothing(fake, access, clock):
    run(access, clock, desired())
    fake.reset_counters()
    result = run(access, clock, desired())
    assert result.writes == 0 and fake.counters.writes == 0 and fake.counters.write_requests == 0
    assert fake.counters.http_requests == 1  # the batched list calls
    assert_state_exact(fake, desired())


def test_a_new_version_with_the_same_allocations_writes_nothing(fake, access, clock):
    run(access, clock, desired(version=1))
    fake.reset_counters()
    assert run(access, clock, desired(version=2)).writes == 0 and fake.counters.writes == 0


def test_one_allocation_moved_is_one_patch(fake, access, clock):
    run(access, clock, desired())
    week = small_week()
    week[3] = alloc("bia", 0, "13:00", "17:00", "sav-3")  # bia's Monday: other room, other hours
    moved = desired(week, version=2)
    fake.reset_counters()
    result = run(access, clock, moved)
    assert (result.inserts, result.patches, result.deletes) == (0, 1, 0)
    assert fake.counters.writes == 1
    assert_state_exact(fake, moved)
    event = next(ev for ev in fake.events("bia@clinica.test").values() if ev["start"]["dateTime"].startswith(
        "2026-12-07"))
    assert event["summary"] == "Atendimento — Sala 3 (Savassi)"
    assert event["extendedProperties"]["private"]["version"] == "2"


def test_an_allocation_removed_then_restored_is_deleted_then_patched_back(fake, access, clock):
    run(access, clock, desired())
    week = small_week()
    removed = week.pop()  # caio's only allocation: his calendar stays in the clinic's scope
    result = run(access, clock, desired(week, version=2))
    assert (result.inserts, result.patches, result.deletes) == (0, 0, 1)
    assert_state_exact(fake, desired(week, version=2))
    assert [ev["status"] for ev in fake.events("caio@clinica.test", include_cancelled=True).values()] == ["cancelled"]
    result = run(access, clock, desired([*week, removed], version=3))
    assert (result.inserts, result.patches, result.deletes, result.conflicts) == (0, 1, 0, 0)
    assert_state_exact(fake, desired([*week, removed], version=3))


def test_a_professional_who_left_the_version_is_cleaned_when_named(fake, access, clock):
    run(access, clock, desired())
    week = [a for a in small_week() if a.professional != "bia"]
    run(access, clock, desired(week, version=2), calendars=())  # bia's calendar is not in scope: left alone
    assert len(fake.events("bia@clinica.test")) == 2
    result = run(access, clock, desired(week, version=3), calendars=["bia@clinica.test"])
    assert result.deletes == 2 and fake.events("bia@clinica.test") == {}


def test_the_professionals_own_events_are_never_touched(fake, access, clock):
    dentist = personal(fake, "ana@clinica.test", "dentista1", start="09:00", end="10:00")  # overlaps a block
    gym = personal(fake, "bia@clinica.test", "academia1", day="2026-12-08")
    next_week = fake.add_event("ana@clinica.test", {  # ours, but outside the published week
        "id": "outrasemana1", "summary": "Atendimento", "extendedProperties": {"private": {"source": SOURCE}},
        "start": {"dateTime": "2026-12-15T08:00:00-03:00"}, "end": {"dateTime": "2026-12-15T12:00:00-03:00"}})
    run(access, clock, desired())
    assert fake.events("ana@clinica.test")["dentista1"] == dentist
    without_ana = [a for a in small_week() if a.professional != "ana"]
    run(access, clock, desired(without_ana, version=2), calendars=["ana@clinica.test"])
    assert fake.events("ana@clinica.test") == {"dentista1": dentist, "outrasemana1": next_week}
    assert fake.events("bia@clinica.test")["academia1"] == gym
    theirs = {eid: ev for eid, ev in fake.events("bia@clinica.test").items() if is_ours(ev)}
    assert set(theirs) == set(desired(without_ana)["bia@clinica.test"])


def test_an_id_held_by_someone_elses_event_is_reported_not_overwritten(fake, access, clock):
    wanted = desired([alloc("ana", 0, "08:00", "12:00")])
    (event_id,) = wanted["ana@clinica.test"]
    squatter = personal(fake, "ana@clinica.test", event_id)
    result = run(access, clock, wanted)
    assert result.inserts == 0 and result.patches == 0
    assert [(e.event_id, e.status) for e in result.errors] == [(event_id, 409)]
    assert "não é do Agendador" in result.errors[0].message
    assert fake.events("ana@clinica.test")[event_id] == squatter


def test_ten_percent_faults_on_a_thousand_event_week_end_exact(fake, access, clock):
    wanted = desired_events(big_week(), version=1)
    total = sum(len(evs) for evs in wanted.values())
    assert 950 <= total <= 1100
    for action in ("429", "403-rate", "403-user-rate", "500", "503"):
        fake.inject(action, scope="any", probability=0.02, times=None)  # 10% of calls, in batches or alone
    fake.inject("503", scope="batch", nth=8)
    fake.inject("drop-after", scope="batch", nth=10, times=1)  # carried out, answer lost: 409s then patches
    fake.inject("drop", scope="batch", nth=14)
    result = run(access, clock, wanted, options=dataclasses.replace(UNCAPPED, max_attempts=8))
    assert result.ok, result.errors[:3]
    assert result.retries > 50 and result.conflicts > 0
    assert result.inserts + result.patches == total
    assert_state_exact(fake, wanted)
    assert sum(len(fake.events(cal, include_cancelled=True)) for cal in fake.calendar_ids()) == total  # no duplicates
    assert clock.sleeps and max(clock.sleeps) <= UNCAPPED.backoff_max_seconds


class Crash(Exception):
    pass


def test_a_crash_after_half_the_batches_then_a_retry_ends_exact(fake, access, clock):
    wanted = desired_events(big_week(40), version=1)
    total = sum(len(evs) for evs in wanted.values())
    batches = math.ceil(total / 50)

    def crash_halfway(stats):
        if stats.write_requests == batches // 2:
            raise Crash

    with pytest.raises(Crash):
        run(access, clock, wanted, after_request=crash_halfway)
    written = sum(len(evs) for evs in fake.state().values())
    assert 0 < written < total
    result = run(access, clock, wanted)
    assert result.inserts == total - written and result.patches == 0 and result.ok
    assert_state_exact(fake, wanted)


def test_a_crash_during_a_republish_with_moves_and_deletes_then_a_retry_ends_exact(fake, access, clock):
    before = big_week(30)
    run(access, clock, desired_events(before, version=1))
    after = [dataclasses.replace(a, room_name="Sala 9") if i % 3 == 0 else a
             for i, a in enumerate(before) if i % 7 != 0]
    wanted = desired_events(after, version=2)

    def crash_after_first_write(stats):
        if stats.write_requests == 1:
            raise Crash

    with pytest.raises(Crash):
        run(access, clock, wanted, after_request=crash_after_first_write)
    run(access, clock, wanted)
    assert_state_exact(fake, wanted)


def test_the_deletion_limit_stops_before_writing_anything(fake, access, clock):
    run(access, clock, desired())
    fake.reset_counters()
    week = small_week()[:2]  # 4 of 6 events would go
    with pytest.raises(DeletionLimitExceeded) as info:
        run(access, clock, desired(week, version=2), limit=DeletionLimit(max_count=3, max_share=None))
    assert "apagaria 4 eventos" in str(info.value) and "confirme" in str(info.value)
    assert fake.counters.writes == 0 and fake.counters.write_requests == 0
    assert_state_exact(fake, desired())
    result = run(access, clock, desired(week, version=2), limit=DeletionLimit(max_count=3, max_share=None),
                 confirm_deletes=True)
    assert result.deletes == 4
    assert_state_exact(fake, desired(week, version=2))


def test_the_deletion_limit_by_share_of_the_week(fake, access, clock):
    run(access, clock, desired())
    share = DeletionLimit(max_count=None, max_share=0.2)
    run(access, clock, desired(small_week()[:-1], version=2), limit=share)  # 1 of 6: under 20%
    with pytest.raises(DeletionLimitExceeded, match="20% dos 5 eventos"):
        run(access, clock, desired(small_week()[:-3], version=3), limit=share)  # 2 of 5: 40%


def test_an_unreadable_calendar_is_skipped_and_reported(fake, access, clock):
    fake.inject("403-rate", scope="any", path="caio", times=None)  # never recovers
    result = run(access, clock, desired(), options=dataclasses.replace(UNCAPPED, max_attempts=3))
    assert [(e.calendar_id, e.operation, e.status) for e in result.errors] == [("caio@clinica.test", "list", 403)]
    assert "após 3 tentativas" in result.errors[0].message
    assert fake.events("caio@clinica.test") == {}
    assert_state_exact(fake, {k: v for k, v in desired().items() if k != "caio@clinica.test"})


def test_writes_that_keep_failing_are_reported_and_the_rest_goes_through(fake, access, clock):
    fake.inject("503", scope="any", method="POST", path="bia", times=None)
    result = run(access, clock, desired(), options=dataclasses.replace(UNCAPPED, max_attempts=4))
    assert sorted((e.calendar_id, e.operation, e.status) for e in result.errors) == [
        ("bia@clinica.test", "insert", 503)] * 2
    assert result.inserts == 4 and result.retries == 2 * 3
    assert_state_exact(fake, {k: v for k, v in desired().items() if k != "bia@clinica.test"})


def test_each_batch_holds_at_most_the_batch_size_and_mixes_calendars(fake, access, clock):
    wanted = desired_events(big_week(20), version=1)
    total = sum(len(evs) for evs in wanted.values())
    result = run(access, clock, wanted, options=dataclasses.replace(UNCAPPED, batch_size=10))
    assert result.write_requests == math.ceil(total / 10) == fake.counters.write_requests
    assert_state_exact(fake, wanted)


# --- pacing and backoff --------------------------------------------------------------------------

def test_writes_per_calendar_are_paced(fake, access, clock):
    wanted = desired([alloc("ana", d, "08:00", "12:00") for d in range(6)])
    options = dataclasses.replace(UNCAPPED, writes_per_calendar_per_second=2.0, batch_size=50)
    started = clock.now
    run(access, clock, wanted, options=options)
    # 6 writes at 2/s with one second of burst: the batch waits until the debt of 4 is paid.
    assert clock.now - started == pytest.approx(2.0)
    assert_state_exact(fake, wanted)


def test_requests_per_user_are_paced(fake, access, clock):
    wanted = desired_events(big_week(10), version=1)
    total = sum(len(evs) for evs in wanted.values())
    options = dataclasses.replace(UNCAPPED, requests_per_user_per_second=10.0)
    started = clock.now
    run(access, clock, wanted, options=options)
    calls = total + len(wanted)  # writes plus one list call per calendar, all as one user
    assert clock.now - started == pytest.approx((calls - 10) / 10.0)


def test_backoff_is_truncated_exponential_with_jitter(access, clock):
    transport = Transport(access, TransportOptions(backoff_base_seconds=1.0, backoff_max_seconds=32.0),
                          clock=clock, sleep=clock.sleep, rng=random.Random(5))
    failure = Failure(503, "backendError", "", transient=True)
    delays = [transport.backoff(attempt, failure) for attempt in range(2, 10)]
    for attempt, delay in zip(range(2, 10), delays):
        floor = min(2 ** (attempt - 2), 32.0)
        assert floor <= delay <= min(floor + 1.0, 32.0)
    assert delays[-1] == 32.0
    assert transport.backoff(2, Failure(429, "rateLimitExceeded", "", True, retry_after=10)) >= 10


def test_a_deleted_event_that_google_lists_without_properties_is_restored_through_409():
    with FakeCalendarServer(minimal_cancelled=True) as fake:
        access = build_access(GoogleConfig(root_url=fake.root_url, auth_mode="static_token", static_token="t"))
        clock = FakeClock()
        run(access, clock, desired())
        week = small_week()
        removed = week.pop(2)  # ana's Wednesday
        run(access, clock, desired(week, version=2))
        # The cancelled event no longer matches the source filter: the plan inserts, Google answers 409.
        result = run(access, clock, desired([*week, removed], version=3))
        assert (result.inserts, result.patches, result.conflicts, result.ok) == (0, 1, 1, True)
        assert_state_exact(fake, desired([*week, removed], version=3))
