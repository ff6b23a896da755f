import datetime as dt

from rules import hour_maxima


def test_it_holds_when_totals_are_within_the_maxima(build, alloc, schedule):
    instance = build(professionals={"ana": {"max_weekly_hours": 8, "max_daily_hours": 4}})
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "12:00"),
        alloc("ana", "c1", "tue", "08:00", "12:00"),
        alloc("ana", "c1", "2026-12-14", "08:00", "12:00"),  # next week's hours are not this week's
    )

    assert hour_maxima.check(instance, week) == []


def test_it_is_broken_when_the_week_exceeds_the_own_maximum(build, alloc, schedule):
    instance = build(
        professionals={"ana": {"max_weekly_hours": 7.5}},
        rules=[{"id": "folga", "kind": "hours_limit", "professional": "ana", "max_weekly_hours": 10}],
    )
    week = schedule(alloc("ana", "c1", "mon", "08:00", "12:00"), alloc("ana", "c1", "tue", "08:00", "12:00"))

    found = hour_maxima.check(instance, week)

    assert [(i.premissa, i.rule, i.professional, i.date) for i in found] == [
        ("professional:ana:max_weekly_hours", "hour_maxima", "ana", None)
    ]
    assert "8h" in found[0].message and "7h30" in found[0].message


def test_it_is_broken_when_a_day_exceeds_the_tightest_daily_maximum(build, alloc, schedule):
    instance = build(
        professionals={"ana": {"max_daily_hours": 4}},
        rules=[
            {"id": "dia", "kind": "hours_limit", "label": "Ana: 3 h por dia", "professional": "ana",
             "max_daily_hours": 3},
            {"id": "todos", "kind": "hours_limit", "label": "Máximo 2 h na semana", "max_weekly_hours": 2},
        ],
    )
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "12:00"),
        alloc("ana", "c1", "tue", "08:00", "10:00"),
        alloc("ana", "c1", "tue", "14:00", "15:00"),  # 3h on Tuesday: at the limit
        alloc("bia", "gym", "mon", "08:00", "10:00"),  # 2h in the week: at the limit
        alloc("caio", "gym", "mon", "08:00", "10:30"),
    )

    found = hour_maxima.check(instance, week)

    assert [(i.premissa, i.professional, i.date) for i in found] == [
        ("todos", "ana", None),
        ("dia", "ana", dt.date(2026, 12, 7)),
        ("todos", "caio", None),
    ]
    assert "Ana: 3 h por dia" in found[1].message
