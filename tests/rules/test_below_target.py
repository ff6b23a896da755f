from rules import below_target


def test_it_holds_when_everyone_reaches_their_target(build, alloc, schedule):
    instance = build(professionals={"ana": {"target_weekly_hours": 4}, "bia": {"min_weekly_hours": 2}})
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "12:00"),
        alloc("bia", "gym", "mon", "08:00", "10:00"),  # target defaults to the minimum: 2h
    )

    assert below_target.value(instance, week) == 0
    assert below_target.check(instance, week) == []


def test_it_is_broken_when_someone_is_below_their_target(build, alloc, schedule):
    instance = build(
        professionals={
            "ana": {"min_weekly_hours": 2, "target_weekly_hours": 5},
            "bia": {"min_weekly_hours": 1},
            "caio": {"min_weekly_hours": 3, "target_weekly_hours": 1},  # used as given, below the minimum
        }
    )
    week = schedule(
        alloc("ana", "c1", "mon", "08:00", "12:00"),  # 300 − 240 = 60
        alloc("caio", "gym", "mon", "08:00", "10:00"),  # 60 − 120 → 0
    )  # bia: 60 − 0 = 60

    assert below_target.value(instance, week) == 120
    found = below_target.check(instance, week)
    assert [(i.premissa, i.rule, i.severity, i.professional) for i in found] == [
        ("professional:ana:target_weekly_hours", "below_target", "soft", "ana"),
        ("professional:bia:target_weekly_hours", "below_target", "soft", "bia"),
    ]
    assert "meta de 5h" in found[0].message and "faltam 1h" in found[0].message
