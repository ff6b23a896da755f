"""Accepted pins: a cell-level premissa broken inside one is reported as "accepted", never as hard."""
from rules import catalogue
from rules.errors import DocumentError

SATURDAY_PIN = {"professional": "ana", "room": "c1", "date": "2026-12-12", "start": "08:00", "end": "12:00"}
ONLY_MONDAYS = {"ana": {"availability": [{"weekday": "mon", "start": "08:00", "end": "18:00"}]}}


def test_a_pin_outside_availability_is_hard_when_not_accepted(build, alloc, schedule):
    instance = build(professionals=ONLY_MONDAYS, pins=[SATURDAY_PIN])
    week = schedule(alloc("ana", "c1", "sat", "08:00", "12:00"))

    found = catalogue.check_all(instance, week, accepted=True)

    assert [(i.rule, i.severity) for i in found] == [("availability", "hard")]


def test_an_accepted_pin_outside_availability_is_listed_as_accepted_not_hard(build, alloc, schedule):
    instance = build(professionals=ONLY_MONDAYS, pins=[{**SATURDAY_PIN, "accepted": True}])
    week = schedule(alloc("ana", "c1", "sat", "08:00", "12:00"))

    assert catalogue.check_all(instance, week) == []
    found = catalogue.check_all(instance, week, accepted=True)
    assert [(i.rule, i.premissa, i.severity) for i in found] == [
        ("availability", "professional:ana:availability", "accepted")
    ]


def test_the_acceptance_holds_for_the_pinned_slot_only(build, alloc, schedule):
    # The run grew past the pin (11:00–12:00 is not accepted): that hour is still a hard inconsistency.
    pin = {**SATURDAY_PIN, "end": "11:00", "accepted": True}
    instance = build(professionals=ONLY_MONDAYS, pins=[pin])
    week = schedule(alloc("ana", "c1", "sat", "08:00", "12:00"))

    found = catalogue.check_all(instance, week, accepted=True)

    assert sorted((i.severity, i.start, i.end) for i in found) == [("accepted", 480, 660), ("hard", 660, 720)]


def test_an_accepted_pin_does_not_excuse_a_non_cell_premissa(build, alloc, schedule):
    # Two rooms at once (H2) is never accepted away: the solver could not honour it either.
    instance = build(pins=[{**SATURDAY_PIN, "accepted": True}])
    week = schedule(alloc("ana", "c1", "sat", "08:00", "12:00"), alloc("ana", "c2", "sat", "09:00", "10:00"))

    found = catalogue.check_all(instance, week, accepted=True)

    assert [(i.rule, i.severity) for i in found] == [("no_overlap", "hard")]


def test_accepted_must_be_a_boolean(document):
    from rules.instance import parse_instance

    doc = document(pins=[{**SATURDAY_PIN, "accepted": "sim"}])
    try:
        parse_instance(doc)
    except DocumentError as exc:
        assert exc.field == "pins[0].accepted"
    else:
        raise AssertionError("a non-boolean accepted was taken")
