import datetime as dt

from rules import opening_hours


def test_it_holds_when_allocations_are_within_opening_hours(build, alloc, schedule):
    week = schedule(
        alloc("ana", "c1", "mon", "07:00", "19:00"),
        alloc("ana", "c1", "sat", "08:00", "12:00"),
        alloc("ana", "b1", "tue", "08:00", "18:00"),
    )

    assert opening_hours.check(build(), week) == []


def test_it_is_broken_when_outside_hours_or_on_a_day_the_site_does_not_open(build, alloc, schedule):
    week = schedule(
        alloc("ana", "b1", "mon", "07:30", "09:00"),  # Bairro opens at 08:00
        alloc("ana", "c1", "sat", "11:00", "13:00"),  # Centro closes at 12:00 on Saturdays
        alloc("ana", "c1", "sun", "08:00", "10:00"),  # Centro does not open on Sundays
    )

    found = opening_hours.check(build(), week)

    assert [(i.premissa, i.rule, i.room, i.date) for i in found] == [
        ("site:bairro:opening_hours", "opening_hours", "b1", dt.date(2026, 12, 7)),
        ("site:centro:opening_hours", "opening_hours", "c1", dt.date(2026, 12, 12)),
        ("site:centro:opening_hours", "opening_hours", "c1", dt.date(2026, 12, 13)),
    ]
    assert "08:00–18:00" in found[0].message
    assert "não abre aos domingos" in found[2].message


def test_it_is_broken_when_the_site_is_closed_that_date(build, alloc, schedule):
    instance = build(
        sites={"centro": {"closed_dates": ["2026-12-08"]}},
        rules=[{"id": "feriado", "kind": "site_closed", "label": "Feriado municipal", "site": "bairro",
                "date": "2026-12-09"}],
    )
    week = schedule(
        alloc("ana", "c1", "tue", "08:00", "10:00"),
        alloc("ana", "b1", "wed", "08:00", "10:00"),
        alloc("ana", "c1", "wed", "14:00", "16:00"),  # Centro is open on Wednesday
    )

    found = opening_hours.check(instance, week)

    assert [(i.premissa, i.room) for i in found] == [("site:centro:closed_dates", "c1"), ("feriado", "b1")]
    assert "Feriado municipal" in found[1].message
