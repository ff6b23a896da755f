"""The greedy asks the rule modules before every placement, so whatever it returns passes every checker."""
from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rules import catalogue
from rules.instance import Allocation, parse_instance
from rules.kinds import FIELDS
from rules.partial import PartialWeek, Placement
from rules.schedule import Schedule
from solver.domain import build_domain
from solver.greedy import greedy_schedule
from tests.solver.tiny import tiny_document

DATES = [f"2026-12-{d:02d}" for d in range(7, 14)]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
TIMES = [f"{h:02d}:00" for h in range(8, 15)]
SITES = ["sav", "lou"]
ROOMS = [("s1", "sav", "consultorio"), ("s2", "sav", "ginasio"), ("l1", "lou", "consultorio"), ("l2", "lou", "consultorio")]
PEOPLE = ["ana", "bia", "caio", "davi"]


@st.composite
def rule_fields(draw, kind):
    """A rule of a catalogue kind with its required fields and some optional ones, drawn from the shared vocabulary."""
    chosen = set(kind.required) | {f for f in kind.optional if draw(st.integers(0, 2)) == 0}  # broad rules bite more
    if "date" in chosen and "weekday" in chosen:
        chosen.discard(draw(st.sampled_from(["date", "weekday"])))
    if ("start" in chosen) != ("end" in chosen):
        chosen -= {"start", "end"}
    out = {}
    for name in sorted(chosen):
        if name == "end":
            continue
        if name == "start":
            a = draw(st.integers(0, len(TIMES) - 2))
            b = draw(st.integers(a + 1, len(TIMES) - 1))
            out["start"], out["end"] = TIMES[a], TIMES[b]
        elif name in ("room", "site", "professional", "date", "weekday"):
            pool = {"room": [r[0] for r in ROOMS], "site": SITES, "professional": PEOPLE, "date": DATES, "weekday": WEEKDAYS}
            out[name] = draw(st.sampled_from(pool[name]))
        elif name == "professionals":
            out[name] = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=3, unique=True))
        elif name == "except_dates":
            out[name] = draw(st.lists(st.sampled_from(DATES), max_size=2, unique=True))
        elif FIELDS[name].get("type") == "integer":
            out[name] = draw(st.integers(1, 2))
        else:  # hours
            out[name] = draw(st.integers(0, 12))
    return out


@st.composite
def weeks(draw):
    """A small clinic week with random premissas of every kind the catalogue declares."""
    people = []
    for pid in PEOPLE[: draw(st.integers(3, 4))]:
        person = {"id": pid, "name": pid.title(), "room_kind": draw(st.sampled_from(["consultorio", "ginasio", None])),
                  "min_weekly_hours": draw(st.integers(0, 6)), "target_weekly_hours": draw(st.integers(6, 14)),
                  "min_block_minutes": draw(st.sampled_from([60, 60, 120]))}  # fmt: skip
        if draw(st.booleans()):
            person["preferred_rooms"] = [draw(st.sampled_from([r[0] for r in ROOMS]))]
        if draw(st.booleans()):
            person["max_daily_hours"] = draw(st.integers(2, 6))
        if draw(st.booleans()):
            person["max_weekly_hours"] = draw(st.integers(4, 14))
        people.append(person)
    known = {p["id"] for p in people}
    rules = []
    for kind in draw(st.lists(st.sampled_from(list(catalogue.RULE_KINDS.values())), max_size=6)):
        fields = draw(rule_fields(kind))
        fields["professionals"] = [p for p in fields.get("professionals", []) if p in known] or None
        if fields.get("professional") not in (None, *known) or fields["professionals"] == [] :
            continue
        if fields["professionals"] is None:
            del fields["professionals"]
            if "professionals" in kind.required:
                continue
        rules.append({"id": f"r{len(rules)}", "kind": kind.kind, "label": kind.label, **fields})
    # Few open days, so people spread over both sites in one day and premissas bite.
    hours = {d: ["08:00", "14:00"] for d in draw(st.lists(st.sampled_from(WEEKDAYS[:5]), min_size=1, max_size=2, unique=True))}
    doc = tiny_document(
        sites=[{"id": "sav", "name": "Savassi", "opening_hours": hours}, {"id": "lou", "name": "Lourdes", "opening_hours": hours}],
        travel_minutes=[{"from": "sav", "to": "lou", "minutes": draw(st.sampled_from([0, 60, 120, 120]))}],
        rooms=[{"id": r, "site": s, "name": r, "kinds": [k], "capacity": draw(st.integers(1, 2))} for r, s, k in ROOMS],
        professionals=people,
        rules=rules,
    )
    return parse_instance(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks())
def test_every_greedy_schedule_passes_every_check(instance):
    assume(not catalogue.check_all(instance, Schedule(instance.pins)))
    schedule = greedy_schedule(instance, build_domain(instance))
    assert catalogue.check_all(instance, schedule) == []


def test_it_fills_a_week_when_nothing_stands_in_the_way():
    instance = parse_instance(tiny_document())
    schedule = greedy_schedule(instance, build_domain(instance))
    assert schedule.weekly_minutes == {"ana": 180, "bia": 240}


HEURISTIC = [m for m in catalogue.HARD if hasattr(m, "fits") and not hasattr(m, "settle")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weeks(), st.data())
def test_a_placement_a_module_fits_adds_nothing_its_checker_finds(instance, data):
    """Each module's `fits` agrees with its own `check` (no overlap with the person's own time: that is H2's)."""
    schedule = greedy_schedule(instance, build_domain(instance))
    week = PartialWeek(instance)
    for a in schedule:
        week.occupy(Placement(a.professional, a.room, a.date, a.start // week.grain, a.end // week.grain), pinned=a.pinned)
    pid = data.draw(st.sampled_from(sorted(instance.professionals)))
    room = data.draw(st.sampled_from(sorted(instance.rooms)))
    day = data.draw(st.sampled_from(instance.dates))
    start = data.draw(st.integers(0, week.slots - 1))
    end = data.draw(st.integers(start + 1, min(week.slots, start + 6)))
    assume(not any(week.busy[(pid, day)][start:end]))
    placement = Placement(pid, room, day, start, end)
    g = week.grain
    grown = Schedule([*schedule, Allocation(day, start * g, end * g, pid, room)])
    for module in HEURISTIC:
        if module.fits(week, placement):
            before = {i.identity() for i in module.check(instance, schedule)}
            new = [i.message for i in module.check(instance, grown) if i.identity() not in before]
            assert not new, f"rules/{module.__name__.rsplit('.', 1)[-1]}.py: fits said yes, check says {new}"
