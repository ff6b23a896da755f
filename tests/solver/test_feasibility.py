"""The drop map of a picked-up card: each verdict is what the catalogue says of the whole moved week."""
from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import catalogue
from rules.instance import parse_instance
from rules.schedule import Schedule
from solver import feasibility
from tests.rules.conftest import WEEK_START, make_allocation, make_document

ANA_MON = make_allocation("ana", "c1", "mon", "08:00", "12:00")
ANA_WED = make_allocation("ana", "b1", "wed", "13:00", "17:00")
WEEK = Schedule([ANA_MON, ANA_WED, make_allocation("bia", "gym", "mon", "08:00", "12:00")])


def _instance(**changes):
    return parse_instance(make_document(**changes))


def _slot(instance, week, room, day, start):
    slots = feasibility.judge_moves(instance, week, ANA_MON)
    target = make_allocation("ana", room, day, start, "00:00")
    found = [s for s in slots if (s.target.room, s.target.date, s.target.start) == (room, target.date, target.start)]
    return found[0] if found else None


def _premissas(slot):
    return set(slot.blockers) | {i.premissa for i in slot.inconsistencies}


def test_a_free_slot_is_ok():
    slot = _slot(_instance(), WEEK, "c2", "tue", "08:00")
    assert (slot.verdict, slot.delta) == ("ok", 0)


def test_a_slot_in_a_blocked_room_is_broken_naming_the_block():
    block = {"id": "obra", "kind": "room_block", "label": "Sala 2 em obra", "room": "c2", "date": "2026-12-08",
             "start": "09:00", "end": "10:00"}  # fmt: skip
    instance = _instance(rules=[block])
    assert _premissas(_slot(instance, WEEK, "c2", "tue", "08:00")) == {"obra"}
    assert _slot(instance, WEEK, "c2", "tue", "10:00").verdict == "ok"  # right after the block


def test_a_slot_overlapping_the_professionals_other_allocation_is_broken():
    slot = _slot(_instance(), WEEK, "c1", "wed", "14:00")
    assert slot.verdict == "broken" and "professional:ana:overlap" in _premissas(slot)
    morning = _slot(_instance(), WEEK, "c1", "wed", "08:00")  # free, travel included: only a second block that day
    assert (morning.verdict, morning.terms["fragments"]) == ("worse", 1)


def test_a_slot_in_a_room_of_another_kind_is_broken():
    assert _premissas(_slot(_instance(), WEEK, "gym", "tue", "08:00")) == {"professional:ana:room_kind"}


def test_a_slot_outside_availability_is_broken():
    instance = _instance(professionals={"ana": {"availability": [{"weekday": "mon", "start": "07:00", "end": "19:00"},
                                                                   {"weekday": "wed", "start": "07:00", "end": "19:00"}]}})  # fmt: skip
    assert _premissas(_slot(instance, WEEK, "c2", "tue", "08:00")) == {"professional:ana:availability"}
    assert _slot(instance, WEEK, "c2", "mon", "13:00").verdict == "ok"


def test_a_slot_off_the_preferences_is_worse_with_the_delta():
    instance = _instance(professionals={"ana": {"preferred_rooms": ["c1"]}})
    slot = _slot(instance, WEEK, "c2", "tue", "08:00")
    assert (slot.verdict, slot.delta, slot.terms["off_preference"]) == ("worse", 240, 240)
    assert _slot(instance, WEEK, "c1", "tue", "08:00").verdict == "ok"


def test_closed_slots_are_left_out():
    instance = _instance()
    assert _slot(instance, WEEK, "c1", "sun", "08:00") is None  # closed on Sundays
    assert _slot(instance, WEEK, "c1", "mon", "16:00") is None  # 16:00–20:00 passes closing time (19:00)
    assert _slot(instance, WEEK, "c1", "mon", "15:00") is not None


def test_the_map_groups_starts_into_runs_and_names_reasons_once():
    doc = feasibility.feasibility_map(_instance(), WEEK, ANA_MON)
    assert (doc["grain"], doc["duration"], doc["allocation"]["start"]) == (30, 240, "08:00")
    gym = [r for r in doc["runs"] if r["room"] == "gym" and r["date"] == "2026-12-08"]
    assert [(r["first_start"], r["last_start"], r["verdict"]) for r in gym] == [("07:00", "15:00", "broken")]
    [reason] = [doc["reasons"][i] for i in gym[0]["reasons"]]
    assert (reason["premissa"], reason["label"]) == ("professional:ana:room_kind", "Tipo de sala")
    assert "Ana Souza" in reason["message"]


def test_suggestions_are_the_best_places_with_a_ready_move():
    instance = _instance(professionals={"ana": {"preferred_rooms": ["c1"]}})
    found = feasibility.suggestions(instance, WEEK, ANA_MON)
    assert len(found) == 5 and all(s["verdict"] in ("ok", "worse") for s in found)
    assert [s["delta"] for s in found] == sorted(s["delta"] for s in found)
    # Best: Sala 1 (preferred, delta 0), nearest in time to Monday 08:00.
    assert (found[0]["room"], found[0]["date"], found[0]["start"]) == ("c1", "2026-12-07", "07:30")
    [move] = found[0]["changes"]["changes"]
    assert move == {"kind": "move", "from": {"professional": "ana", "room": "c1", "date": "2026-12-07", "start": "08:00",
                    "end": "12:00"}, "to": {"room": "c1", "date": "2026-12-07", "start": "07:30", "end": "11:30"}}  # fmt: skip


# --------------------------------------------------------------------------- the map against the whole week

ROOMS, PEOPLE, DAYS = ("c1", "c2", "gym", "b1"), ("ana", "bia", "caio"), (0, 1, 2, 5)
RULES = [
    {"id": "obra", "kind": "room_block", "label": "Obra", "room": "c2", "weekday": "tue", "start": "09:00", "end": "11:00"},
    {"id": "uma", "kind": "max_sites_per_day", "label": "Uma unidade", "value": 1},
    {"id": "lim", "kind": "hours_limit", "label": "Limite", "professional": "ana", "max_daily_hours": 6},
]  # fmt: skip


@st.composite
def weeks(draw):
    allocations = []
    for _ in range(draw(st.integers(1, 7))):
        start = draw(st.integers(14, 34))  # half hours from 07:00
        length = draw(st.integers(1, 8))
        day = WEEK_START + dt.timedelta(days=draw(st.sampled_from(DAYS)))
        allocations.append(
            dataclasses.replace(ANA_MON, date=day, start=start * 30, end=(start + length) * 30,
                                professional=draw(st.sampled_from(PEOPLE)), room=draw(st.sampled_from(ROOMS)))
        )  # fmt: skip
    picked = draw(st.sampled_from(allocations))
    pinned = draw(st.booleans())
    accepted = draw(st.booleans())
    doc = make_document(
        rules=RULES,
        professionals={"ana": {"min_block_minutes": 90, "preferred_rooms": ["c1"], "target_weekly_hours": 10,
                               "availability": [{"weekday": "mon", "start": "07:00", "end": "13:00"},
                                                {"weekday": "tue", "start": "08:00", "end": "19:00"}]},
                       "bia": {"preferred_sites": ["bairro"]}},
        pins=[{"professional": picked.professional, "room": picked.room, "date": picked.date.isoformat(),
               "start": f"{picked.start // 60:02d}:{picked.start % 60:02d}", "end": f"{picked.end // 60:02d}:{picked.end % 60:02d}",
               "accepted": accepted}] if pinned else [],
        previous=[{"professional": "ana", "room": "c1", "date": "2026-12-08", "start": "08:00", "end": "12:00"}],
    )  # fmt: skip
    return parse_instance(doc), Schedule(allocations), picked


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(), st.data())
def test_every_verdict_matches_the_catalogue_on_the_whole_moved_week(case, data):
    instance, week, picked = case
    slots = feasibility.judge_moves(instance, week, picked)
    for slot in data.draw(st.lists(st.sampled_from(slots), min_size=1, max_size=8)):
        moved = [a for a in week if a is not next(x for x in week if x.key() == picked.key())] + [slot.target]
        after_instance = dataclasses.replace(instance, pins=tuple(p for p in instance.pins if p.key() != picked.key()))
        known = {i.identity() for i in catalogue.check_all(instance, week)}
        new = [i for i in catalogue.check_all(after_instance, Schedule(moved)) if i.identity() not in known]
        if slot.target.key() == picked.key():
            assert slot.verdict == "ok"
            continue
        assert (slot.verdict == "broken") == bool(new), (slot, new)
        if new:
            # The reasons named are new ones (a target that duplicates an allocation already in the week
            # is the exception: its cell-level findings are not new, the clash with the duplicate is).
            if not any(x.key() == slot.target.key() for x in week):
                assert _premissas(slot) <= {i.premissa for i in new}
            continue
        delta = catalogue.score(after_instance, Schedule(moved))[0] - catalogue.score(instance, week)[0]
        assert slot.delta == delta
        assert slot.verdict == ("worse" if delta > 0 else "ok")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(), st.data())
def test_every_placement_verdict_matches_the_catalogue_on_the_whole_week_with_the_new_entry(case, data):
    instance, week, picked = case
    minutes = data.draw(st.sampled_from([60, 120, 240]))
    slots = feasibility.judge_placements(instance, week, picked.professional, minutes)
    assert slots and all(s.target.minutes == minutes and s.target.professional == picked.professional for s in slots)
    known = {i.identity() for i in catalogue.check_all(instance, week)}
    before = catalogue.score(instance, week)[0]
    for slot in data.draw(st.lists(st.sampled_from(slots), min_size=1, max_size=8)):
        added = Schedule(list(week) + [slot.target])
        new = [i for i in catalogue.check_all(instance, added) if i.identity() not in known]
        assert (slot.verdict == "broken") == bool(new), (slot, new)
        if new:
            continue
        delta = catalogue.score(instance, added)[0] - before
        full = {t: catalogue.terms(instance, added)[t] - catalogue.terms(instance, week)[t] for t in catalogue.TERMS}
        assert slot.delta == delta, (slot.terms, full)
        assert slot.verdict == ("worse" if delta > 0 else "ok")


def test_a_placement_over_someone_else_in_a_single_room_is_broken_by_its_capacity():
    instance = _instance()
    slots = feasibility.judge_placements(instance, WEEK, "ana", 240)
    over_bia = next(s for s in slots if (s.target.room, s.target.date, s.target.start) == ("gym", ANA_MON.date, 8 * 60))
    free = next(s for s in slots if (s.target.room, s.target.date, s.target.start) == ("c2", ANA_MON.date + dt.timedelta(days=1), 8 * 60))
    assert over_bia.verdict == "broken"
    assert free.verdict in ("ok", "worse")


def test_a_placement_map_names_the_person_and_no_card():
    doc = feasibility.placement_map(_instance(), WEEK, "bia", 120)
    assert (doc["professional"], doc["duration"], doc["allocation"]) == ("bia", 120, None)
    assert {r["verdict"] for r in doc["runs"]} <= {"ok", "worse", "broken"}


def test_a_placement_of_an_unknown_person_or_a_duration_off_the_grain_is_refused_naming_the_field():
    import pytest

    from rules.errors import DocumentError

    with pytest.raises(DocumentError) as unknown:
        feasibility.judge_placements(_instance(), WEEK, "ninguem", 120)
    assert unknown.value.field == "professional"
    with pytest.raises(DocumentError) as off_grain:
        feasibility.judge_placements(_instance(), WEEK, "ana", 45)
    assert off_grain.value.field == "minutes"
