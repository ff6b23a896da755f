"""The adapter: database rows ⇄ format v1 documents."""
import datetime as dt

import pytest

from tests.webapp.conftest import TINY, WEEK, make_version
from rules.instance import parse_instance
from webapp.clinic.models import Availability, Pin, Professional, Room, Rule, Site, SiteClosure
from webapp.schedules import actions, adapter


def _strip(doc):
    """The parts of a document that a round trip must keep, in a comparable form."""
    return {
        "sites": {s["id"]: (s.get("name"), s.get("opening_hours", {})) for s in doc["sites"]},
        "travel": sorted((t["from"], t["to"], t["minutes"]) for t in doc.get("travel_minutes", [])),
        "rooms": {r["id"]: (r["site"], tuple(r["kinds"]), r.get("capacity", 1)) for r in doc["rooms"]},
        "professionals": {
            p["id"]: (p.get("room_kind"), p.get("min_weekly_hours", 0), p.get("target_weekly_hours"), p.get("max_weekly_hours"),
                      p.get("min_block_minutes"), tuple((w.get("weekday"), w["start"], w["end"]) for w in p.get("availability", [])))
            for p in doc["professionals"]
        },
        "rules": sorted(tuple(sorted(r.items())) for r in doc.get("rules", [])),
        "pins": sorted(tuple(sorted(p.items())) for p in doc.get("pins", [])),
    }  # fmt: skip


def test_round_trip_keeps_the_clinic(clinic):
    doc = adapter.build_instance(WEEK)
    parse_instance(doc)
    assert _strip(doc) == _strip(TINY)


def test_it_closes_holidays_and_site_closures(clinic):
    SiteClosure.objects.create(site=Site.objects.get(code="savassi"), date=dt.date(2026, 12, 11), reason="reforma")
    sites = {s["id"]: s for s in adapter.build_instance(WEEK)["sites"]}
    assert "2026-12-08" in sites["lourdes"]["closed_dates"]  # Imaculada Conceição, Belo Horizonte
    closed = sites["savassi"]["closed_dates"] + sites["lourdes"]["closed_dates"]
    assert "2026-12-11" in closed


def test_previous_is_the_weeks_published_version(clinic):
    make_version([("p-ana", "sav-1", "2026-12-07", "08:00", "12:00")], status="published")
    make_version([("p-bia", "lou-1", "2026-12-07", "08:00", "10:00")])  # a draft does not count
    assert adapter.build_instance(WEEK)["previous"] == [
        {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}
    ]


def test_it_leaves_out_inactive_people_and_their_premissas(clinic):
    Professional.objects.filter(code="p-bia").update(active=False)
    doc = adapter.build_instance(WEEK)
    assert "p-bia" not in {p["id"] for p in doc["professionals"]}
    assert "r-2" not in {r["id"] for r in doc["rules"]}
    parse_instance(doc)


def test_it_keeps_only_this_weeks_dated_items(clinic):
    Rule.objects.create(code="r-old", kind="room_block", label="antiga", room=Room.objects.get(code="sav-1"), date=dt.date(2026, 11, 30))
    Pin.objects.create(professional=Professional.objects.get(code="p-ana"), room=Room.objects.get(code="sav-1"), date=dt.date(2026, 12, 14), start="08:00", end="10:00")
    ana = Professional.objects.get(code="p-ana")
    Availability.objects.create(professional=ana, date=dt.date(2026, 12, 21), start="08:00", end="12:00")
    doc = adapter.build_instance(WEEK)
    assert "r-old" not in {r["id"] for r in doc["rules"]}
    assert len(doc["pins"]) == 1
    ana_doc = next(p for p in doc["professionals"] if p["id"] == "p-ana")
    assert ana_doc["max_weekly_hours"] == 0  # only a date window, in another week


def test_a_solution_becomes_a_version_with_provenance(clinic):
    run = actions.do_start_solve("weekly", WEEK, enqueue=False)
    version = actions.do_run_solve(run.pk).version
    rows = adapter.version_allocations(version)
    assert rows == [{"professional": "p-ana", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "12:00", "pinned": True, "source": "saturday"}]


@pytest.mark.engine
def test_a_real_solve_round_trips(clinic):
    run = actions.do_start_solve("weekly", WEEK, time_limit=5, enqueue=False)
    run = actions.do_run_solve(run.pk)
    assert run.status == "done", run.error
    assert run.solver_status in ("OPTIMAL", "FEASIBLE")
    stored = adapter.version_allocations(run.version)
    assert stored, "the tiny week should get allocations"
    # What was stored is judged by the catalogue exactly as the engine's output was.
    assert [i for i in adapter.check_document(run.instance, stored) if i["severity"] == "hard"] == []
    assert {"professional": "p-ana", "room": "sav-1", "date": "2026-12-12", "start": "08:00", "end": "12:00"} in [
        {k: a[k] for k in ("professional", "room", "date", "start", "end")} for a in stored
    ] or any(a["date"] == "2026-12-12" and a["pinned"] for a in stored)
    assert adapter.objective_terms(run.instance, stored) == run.terms
