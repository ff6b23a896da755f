import datetime as dt

import pytest

from rules.errors import DocumentError
from rules.catalogue import DEFAULT_WEIGHTS
from rules.instance import parse_instance


def rejected(doc) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_instance(doc)
    return caught.value


def test_it_accepts_the_base_document(build):
    instance = build()

    assert instance.week_start == dt.date(2026, 12, 7)
    assert list(instance.rooms) == ["c1", "c2", "gym", "b1"]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"rooms": {"c1": {"site": "nowhere"}}}, "rooms[0].site"),
        ({"professionals": {"ana": {"preferred_rooms": ["c1", "x9"]}}}, "professionals[0].preferred_rooms[1]"),
        ({"rules": [{"id": "r", "kind": "room_block", "room": "x9"}]}, "rules[0].room"),
        ({"rules": [{"id": "r", "kind": "room_reserved", "room": "gym", "professionals": ["bia", "zé"]}]},
         "rules[0].professionals[1]"),
        ({"pins": [{"professional": "zé", "room": "c1", "date": "2026-12-07", "start": "08:00", "end": "10:00"}]},
         "pins[0].professional"),
        ({"travel_minutes": [{"from": "centro", "to": "nowhere", "minutes": 10}]}, "travel_minutes[0].to"),
    ],
)
def test_it_rejects_an_unknown_reference(document, changes, field):
    assert rejected(document(**changes)).field == field


def test_it_rejects_a_rule_with_date_and_weekday(document):
    rule = {"id": "r", "kind": "room_block", "room": "c1", "date": "2026-12-07", "weekday": "mon"}

    assert rejected(document(rules=[rule])).field.startswith("rules[0]")


def test_it_rejects_an_availability_entry_with_neither_weekday_nor_date(document):
    doc = document(professionals={"ana": {"availability": [{"start": "08:00", "end": "12:00"}]}})

    assert rejected(doc).field == "professionals[0].availability[0]"


def test_it_rejects_an_availability_entry_with_both_weekday_and_date(document):
    entry = {"weekday": "mon", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
    doc = document(professionals={"ana": {"availability": [entry]}})

    assert rejected(doc).field == "professionals[0].availability[0]"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"professionals": {"ana": {"availability": [{"weekday": "mon", "start": "08:15", "end": "12:00"}]}}},
         "professionals[0].availability[0].start"),
        ({"rules": [{"id": "r", "kind": "room_block", "room": "c1", "start": "08:00", "end": "09:45"}]},
         "rules[0].end"),
        ({"sites": {"bairro": {"opening_hours": {"mon": ["08:00", "17:50"]}}}}, "sites[1].opening_hours.mon.end"),
    ],
)
def test_it_rejects_a_time_off_the_grain(document, changes, field):
    assert rejected(document(**changes)).field == field


@pytest.mark.parametrize("start, end", [("10:00", "10:00"), ("10:00", "09:00")])
def test_it_rejects_an_interval_that_ends_before_it_starts(document, start, end):
    rule = {"id": "r", "kind": "unavailable", "professional": "ana", "start": start, "end": end}

    assert rejected(document(rules=[rule])).field == "rules[0].end"


def test_it_accepts_24_00_as_an_end_only(document):
    fine = parse_instance(document(sites={"centro": {"opening_hours": {"mon": ["00:00", "24:00"]}}}))
    assert fine.sites["centro"].opening_hours["mon"] == (0, 1440)

    assert rejected(document(sites={"centro": {"opening_hours": {"mon": ["24:00", "24:00"]}}})).field == (
        "sites[0].opening_hours.mon.start"
    )


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"professionals": {"ana": {"max_weekly_hours": 0.01}}}, "professionals[0].max_weekly_hours"),
        ({"professionals": {"bia": {"min_weekly_hours": 1 / 7}}}, "professionals[1].min_weekly_hours"),
        ({"rules": [{"id": "r", "kind": "hours_limit", "max_daily_hours": 2.999}]}, "rules[0].max_daily_hours"),
    ],
)
def test_it_rejects_hours_that_are_not_whole_minutes(document, changes, field):
    assert rejected(document(**changes)).field == field


def test_it_accepts_fractional_hours_that_are_whole_minutes(build):
    instance = build(professionals={"ana": {"max_weekly_hours": 7.5, "max_daily_hours": 0.25}})

    assert instance.limits("ana").max_weekly == 450
    assert instance.limits("ana").max_daily == 15


@pytest.mark.parametrize("kind, index", [("sites", 2), ("rooms", 4), ("professionals", 3)])
def test_it_rejects_a_duplicated_id(document, kind, index):
    doc = document()
    doc[kind].append(dict(doc[kind][0]))

    assert rejected(doc).field == f"{kind}[{index}].id"


def test_it_rejects_a_duplicated_rule_id(document):
    rules = [{"id": "r", "kind": "site_closed", "site": "centro", "date": "2026-12-08"}] * 2

    assert rejected(document(rules=rules)).field == "rules[1].id"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"week_start": None}, "week_start"),
        ({"rooms": {"c2": {"site": None}}}, "rooms[1].site"),
        ({"rules": [{"id": "r", "kind": "site_closed", "site": "centro"}]}, "rules[0].date"),
        ({"previous": [{"professional": "ana", "room": "c1", "date": "2026-12-07", "start": "08:00"}]},
         "previous[0].end"),
    ],
)
def test_it_rejects_a_missing_required_field(document, changes, field):
    assert rejected(document(**changes)).field == field


def test_it_applies_the_defaults(build):
    instance = build(travel_minutes=None, grain_minutes=None)
    ana = instance.professionals["ana"]

    assert instance.grain == 30
    assert instance.default_travel == 30
    assert instance.travel_minutes("centro", "bairro") == 30
    assert instance.rooms["c1"].capacity == 1
    assert ana.min_block_minutes == 30
    assert ana.preferred_sites == frozenset() and ana.preferred_rooms == frozenset()
    assert instance.limits("ana") == instance.limits("ana").__class__(0, 0, None, None, min_weekly_source="professional:ana:min_weekly_hours")
    assert instance.availability("ana", dt.date(2026, 12, 7)) == [(0, 1440)]
    assert instance.rules == () and instance.pins == () and instance.previous == ()
    assert instance.weights == DEFAULT_WEIGHTS


def test_it_defaults_the_target_to_the_own_minimum(build):
    instance = build(
        professionals={"ana": {"min_weekly_hours": 3}, "bia": {"min_weekly_hours": 3, "target_weekly_hours": 2}},
        rules=[{"id": "mais", "kind": "hours_limit", "professional": "ana", "min_weekly_hours": 5}],
    )

    assert instance.limits("ana").target_weekly == 180  # the own minimum, not the rule's
    assert instance.limits("ana").min_weekly == 300
    assert instance.limits("bia").target_weekly == 120  # used as given


def test_it_lets_the_tightest_hours_limit_win(build):
    instance = build(
        professionals={"ana": {"max_weekly_hours": 20, "max_daily_hours": 8}},
        rules=[
            {"id": "todos", "kind": "hours_limit", "max_weekly_hours": 30, "max_daily_hours": 6},
            {"id": "ana", "kind": "hours_limit", "professional": "ana", "max_weekly_hours": 10},
            {"id": "bia", "kind": "hours_limit", "professional": "bia", "max_weekly_hours": 5},
        ],
    )
    ana, caio = instance.limits("ana"), instance.limits("caio")

    assert (ana.max_weekly, ana.max_weekly_source) == (600, "ana")
    assert (ana.max_daily, ana.max_daily_source) == (360, "todos")
    assert (caio.max_weekly, caio.max_weekly_source) == (1800, "todos")
    assert instance.limits("bia").max_weekly == 300


def test_it_keeps_the_own_maximum_when_it_is_tightest(build):
    instance = build(
        professionals={"ana": {"max_weekly_hours": 20}},
        rules=[{"id": "todos", "kind": "hours_limit", "max_weekly_hours": 30}],
    )

    assert instance.limits("ana").max_weekly_source == "professional:ana:max_weekly_hours"


def test_it_completes_partial_weights(build):
    instance = build(weights={"changed": 50, "fragments": 0})

    assert instance.weights == {**DEFAULT_WEIGHTS, "changed": 50, "fragments": 0}


def test_it_reads_a_travel_pair_both_ways_unless_the_reverse_is_listed(build):
    one_way = build()
    both = build(travel_minutes=[{"from": "centro", "to": "bairro", "minutes": 60},
                                 {"from": "bairro", "to": "centro", "minutes": 45}])

    assert one_way.travel_minutes("bairro", "centro") == 60
    assert both.travel_minutes("bairro", "centro") == 45
    assert both.travel_minutes("centro", "centro") == 0


def test_it_unites_weekday_and_date_availability_and_closes_missing_weekdays(build):
    instance = build(
        professionals={"ana": {"availability": [
            {"weekday": "mon", "start": "08:00", "end": "12:00"},
            {"date": "2026-12-07", "start": "12:00", "end": "14:00"},
            {"date": "2026-12-14", "start": "15:00", "end": "16:00"},
        ]}},
        sites={"centro": {"closed_dates": ["2026-12-09"]}},
    )

    assert instance.availability("ana", dt.date(2026, 12, 7)) == [(480, 840)]
    assert instance.availability("ana", dt.date(2026, 12, 8)) == []
    assert instance.opening("centro", dt.date(2026, 12, 13)) is None  # Sunday is not listed
    assert instance.opening("centro", dt.date(2026, 12, 9)) is None
    assert instance.opening("centro", dt.date(2026, 12, 10)) == (420, 1140)
