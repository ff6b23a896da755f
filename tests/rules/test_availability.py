import datetime as dt

from rules import availability

ANA_WINDOWS = [
    {"weekday": "mon", "start": "08:00", "end": "12:00"},
    {"date": "2026-12-07", "start": "12:00", "end": "14:00"},
]


def test_it_holds_when_allocations_are_within_availability(build, alloc, schedule):
    instance = build(
        professionals={"ana": {"availability": ANA_WINDOWS}},
        rules=[{"id": "ferias", "kind": "unavailable", "professional": "ana", "weekday": "tue"}],
    )
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "14:00"),  # a weekday window and a date window chain
        alloc("bia", "gym", "tue", "07:00", "19:00"),  # no availability given: always available
    )

    assert availability.check(instance, week) == []


def test_it_is_broken_when_outside_the_given_availability(build, alloc, schedule):
    instance = build(professionals={"ana": {"availability": ANA_WINDOWS}})
    week = schedule(
        alloc("ana", "c1", "mon", "13:00", "15:00"),
        alloc("ana", "c1", "tue", "08:00", "10:00"),  # no window on Tuesdays
    )

    found = availability.check(instance, week)

    assert [(i.premissa, i.rule, i.professional, i.date) for i in found] == [
        ("professional:ana:availability", "availability", "ana", dt.date(2026, 12, 7)),
        ("professional:ana:availability", "availability", "ana", dt.date(2026, 12, 8)),
    ]
    assert "08:00–14:00" in found[0].message


def test_it_is_broken_when_an_unavailable_rule_is_met(build, alloc, schedule):
    instance = build(
        rules=[
            {"id": "congresso", "kind": "unavailable", "label": "Bia: congresso", "professional": "bia",
             "date": "2026-12-09", "start": "10:00", "end": "12:00"},
            {"id": "outra", "kind": "unavailable", "professional": "caio", "date": "2026-12-09"},
        ]
    )
    week = schedule(alloc("bia", "gym", "wed", "08:00", "11:00"), alloc("bia", "gym", "thu", "10:00", "12:00"))

    found = availability.check(instance, week)

    assert [(i.premissa, i.professional, i.start, i.end) for i in found] == [("congresso", "bia", 600, 660)]
    assert "Bia: congresso" in found[0].message
