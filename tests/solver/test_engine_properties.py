"""Property tests of the engine against the rule checkers (hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import catalogue
from rules.instance import parse_instance
from rules.schedule import allocation_to_dict
from solver.bound import capacity_bound, flow_bound
from solver.domain import build_domain
from solver.engine import covers, solve, warm_start
from tests.solver.tiny import exhaustive

HOURS = ["08:00", "09:00", "10:00", "11:00", "12:00"]


@st.composite
def tiny_instances(draw):
    """1–2 professionals, 1–2 rooms, one morning: small enough for brute force."""
    two_sites = draw(st.booleans())
    sites = [{"id": "sav", "name": "Savassi", "opening_hours": {"mon": ["08:00", "12:00"]}}]
    if two_sites:
        sites.append({"id": "lou", "name": "Lourdes", "opening_hours": {"mon": ["08:00", "12:00"]}})
    n_rooms = draw(st.integers(1, 2))
    rooms = []
    for i in range(n_rooms):
        rooms.append(
            {
                "id": f"r{i}",
                "site": "lou" if two_sites and i == 1 else "sav",
                "name": f"Sala {i}",
                "kinds": [draw(st.sampled_from(["consultorio", "ginasio"]))],
                "capacity": draw(st.integers(1, 2)),
            }
        )
    profs = []
    for i in range(draw(st.integers(1, 2))):
        low = draw(st.integers(0, 3))
        prof = {
            "id": f"p{i}",
            "name": f"Pessoa {i}",
            "room_kind": draw(st.sampled_from(["consultorio", "ginasio"])),
            "min_weekly_hours": low,
            "target_weekly_hours": draw(st.integers(low, 4)),
            "min_block_minutes": draw(st.sampled_from([60, 120])),
        }
        if draw(st.booleans()):
            prof["max_weekly_hours"] = draw(st.integers(1, 4))
        if draw(st.booleans()):
            prof["max_daily_hours"] = draw(st.integers(1, 4))
        if draw(st.booleans()):
            a = draw(st.integers(0, 3))
            b = draw(st.integers(a + 1, 4))
            prof["availability"] = [{"weekday": "mon", "start": HOURS[a], "end": HOURS[b]}]
        if draw(st.booleans()):
            prof["preferred_rooms"] = [draw(st.sampled_from([r["id"] for r in rooms]))]
        if two_sites and draw(st.booleans()):
            prof["preferred_sites"] = [draw(st.sampled_from(["sav", "lou"]))]
        profs.append(prof)

    def window():
        a = draw(st.integers(0, 3))
        return HOURS[a], HOURS[draw(st.integers(a + 1, 4))]

    rules = []
    if draw(st.booleans()):
        s, e = window()
        rules.append({"id": "block", "kind": "room_block", "label": "Manutenção", "room": "r0", "start": s, "end": e})
    if draw(st.booleans()):
        s, e = window()
        rules.append({"id": "absent", "kind": "unavailable", "label": "Ausência", "professional": "p0", "date": "2026-12-07", "start": s, "end": e})
    if draw(st.booleans()):
        s, e = window()
        rules.append({"id": "reserved", "kind": "room_reserved", "label": "Reserva", "room": rooms[-1]["id"], "professionals": ["p0"], "weekday": "mon", "start": s, "end": e})
    if two_sites and draw(st.booleans()):
        rules.append({"id": "one-site", "kind": "max_sites_per_day", "label": "Uma unidade por dia", "value": 1})

    def allocation():
        s, e = window()
        return {"professional": draw(st.sampled_from([p["id"] for p in profs])), "room": draw(st.sampled_from([r["id"] for r in rooms])), "date": "2026-12-07", "start": s, "end": e}

    doc = {
        "format": "agendador.instance/1",
        "week_start": "2026-12-07",
        "grain_minutes": 60,
        "default_travel_minutes": 60,
        "sites": sites,
        "rooms": rooms,
        "professionals": profs,
        "rules": rules,
        "pins": [dict(allocation(), source="manual") for _ in range(draw(st.integers(0, 2)))],
        "previous": [allocation() for _ in range(draw(st.integers(0, 2)))],
    }
    if draw(st.booleans()):
        doc["weights"] = {k: draw(st.integers(0, 50)) for k in ("below_min", "below_target", "worst_below_target", "off_preference", "changed", "fragments")}
    return doc


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(tiny_instances())
def test_infeasible_exactly_when_brute_force_finds_nothing_and_optimum_matches(doc):
    instance = parse_instance(doc)
    best = exhaustive(instance)
    result = solve(instance, time_limit=20, workers=1)
    if best is None:
        assert result.status == "INFEASIBLE"
        assert result.conflicts and all(c["rules"] and c["message"] for c in result.conflicts)
    else:
        assert result.status == "OPTIMAL", result.stats
        assert result.objective == best[0]
        assert result.gap == 0
        # The solver-free capacity and flow bounds never exceed the true optimum.
        assert capacity_bound(instance, build_domain(instance)) <= best[0]
        assert flow_bound(instance, build_domain(instance)) <= best[0]
        # Nor does any bound the run found, whichever search found it.
        assert all(b <= best[0] for b in result.stats["bounds"].values()), result.stats["bounds"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_the_flow_bound_never_exceeds_the_brute_force_optimum(doc):
    instance = parse_instance(doc)
    best = exhaustive(instance)
    if best is not None:
        assert flow_bound(instance, build_domain(instance)) <= best[0]


@FAST
@given(tiny_instances())
def test_every_solution_passes_every_check_and_keeps_its_pins(doc):
    instance = parse_instance(doc)
    result = solve(instance, time_limit=10, workers=1)
    if result.schedule is None:
        return
    assert catalogue.check_all(instance, result.schedule) == []
    for pin in instance.pins:
        covering = [a for a in result.schedule if a.professional == pin.professional and a.room == pin.room and a.date == pin.date and a.start < pin.end and pin.start < a.end]
        assert sum(min(a.end, pin.end) - max(a.start, pin.start) for a in covering) == pin.end - pin.start
        assert all(a.pinned for a in covering)
    # The reported figures are the schedule's own, recomputed by the catalogue.
    assert result.terms == catalogue.terms(instance, result.schedule)
    assert result.objective == catalogue.objective(instance, result.terms)


@FAST
@given(tiny_instances())
def test_resolving_from_its_own_solution_changes_nothing(doc):
    first = solve(parse_instance(doc), time_limit=10, workers=1)
    if first.status != "OPTIMAL":
        return
    doc = dict(doc, previous=[allocation_to_dict(a) for a in first.schedule])
    again = solve(parse_instance(doc), time_limit=10, workers=1)
    assert again.status == "OPTIMAL"
    assert again.terms["changed"] == 0


def kept_minutes(schedule, prev) -> int:
    return sum(
        min(a.end, prev.end) - max(a.start, prev.start)
        for a in schedule
        if a.key()[:3] == prev.key()[:3] and a.start < prev.end and prev.start < a.end
    )


@FAST
@given(tiny_instances())
def test_the_strict_freeze_keeps_every_previous_allocation_that_still_holds(doc):
    instance = parse_instance(doc)
    result = solve(instance, time_limit=10, workers=1, max_changed_minutes=0)
    if result.schedule is None:
        return
    assert catalogue.check_all(instance, result.schedule) == []
    # Every previous allocation that still holds (the warm start could keep it) is kept.
    start = warm_start(instance, build_domain(instance))
    for prev in instance.previous:
        if covers(start, prev):
            assert kept_minutes(result.schedule, prev) == prev.minutes


@st.composite
def reaches(draw, doc):
    sites = [s["id"] for s in doc["sites"]]
    return {
        "max_changed_minutes": draw(st.sampled_from([None, 60, 120])),
        "scope_dates": draw(st.sampled_from([None, ["2026-12-07"], ["2026-12-08"]])),
        "scope_sites": draw(st.one_of(st.none(), st.lists(st.sampled_from(sites), min_size=1, max_size=1))),
    }


@FAST
@given(st.data())
def test_a_priced_minimal_change_passes_every_check_holds_its_reach_and_never_loses_to_the_freeze(data):
    doc = data.draw(tiny_instances())
    reach = data.draw(reaches(doc))
    instance = parse_instance(doc)
    freeze = solve(instance, time_limit=10, workers=1, max_changed_minutes=0)
    result = solve(instance, time_limit=10, workers=1, minimal_change=True, **reach)
    if freeze.schedule is None:
        return
    assert result.schedule is not None
    assert catalogue.check_all(instance, result.schedule) == []
    assert result.objective <= freeze.objective
    if reach["max_changed_minutes"] is not None:
        assert result.terms["changed"] <= result.stats.get("forced_minutes", 0) + reach["max_changed_minutes"]
    # Outside the scope, every previous allocation that still holds stays.
    start = warm_start(instance, build_domain(instance))
    for prev in instance.previous:
        inside = (reach["scope_dates"] is None or prev.date.isoformat() in reach["scope_dates"]) and (
            reach["scope_sites"] is None or instance.rooms[prev.room].site in reach["scope_sites"]
        )
        if covers(start, prev) and not inside:
            assert kept_minutes(result.schedule, prev) == prev.minutes


def test_a_room_with_a_block_and_a_reservation_on_the_same_hours_still_builds():
    # Found by hypothesis: the room's signature compared a reservation's list with a block's None.
    doc = {
        "format": "agendador.instance/1", "week_start": "2026-12-07", "grain_minutes": 60,
        "sites": [{"id": "sav", "name": "Savassi", "opening_hours": {"mon": ["08:00", "12:00"]}}],
        "rooms": [{"id": "r0", "site": "sav", "kinds": ["consultorio"]}, {"id": "r1", "site": "sav", "kinds": ["consultorio"]}],
        "professionals": [{"id": "p0", "room_kind": "consultorio", "min_weekly_hours": 2}],
        "rules": [
            {"id": "block", "kind": "room_block", "room": "r0", "start": "08:00", "end": "09:00"},
            {"id": "reserved", "kind": "room_reserved", "room": "r0", "professionals": ["p0"], "start": "08:00", "end": "09:00"},
        ],
    }
    result = solve(parse_instance(doc), time_limit=5, workers=1)
    assert result.status == "OPTIMAL" and result.terms["below_min"] == 0
