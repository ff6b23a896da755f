from rules import worst_below_target


def test_it_holds_when_nobody_is_below_target(build, alloc, schedule):
    instance = build(professionals={"ana": {"target_weekly_hours": 2}})
    week = schedule(alloc("ana", "c1", "mon", "08:00", "10:00"))

    assert worst_below_target.value(instance, week) == 0
    assert worst_below_target.check(instance, week) == []


def test_it_is_broken_when_someone_is_below_target_by_the_largest_shortfall(build, alloc, schedule):
    instance = build(professionals={"ana": {"target_weekly_hours": 5}, "bia": {"target_weekly_hours": 3}})
    week = schedule(alloc("ana", "c1", "mon", "08:00", "12:00"))  # ana 60 short, bia 180

    assert worst_below_target.value(instance, week) == 180
    found = worst_below_target.check(instance, week)
    assert [(i.premissa, i.rule, i.severity, i.professional) for i in found] == [
        ("professional:bia:target_weekly_hours", "worst_below_target", "soft", "bia")
    ]
    assert "Bia Lima" in found[0].message and "faltam 3h" in found[0].message


def test_it_names_everyone_tied_for_the_largest_shortfall(build, alloc, schedule):
    instance = build(professionals={"bia": {"target_weekly_hours": 3}, "caio": {"target_weekly_hours": 4}})
    week = schedule(alloc("caio", "gym", "mon", "08:00", "09:00"))

    assert worst_below_target.value(instance, week) == 180
    assert [i.professional for i in worst_below_target.check(instance, week)] == ["bia", "caio"]
