"""Approving a what-if stores what `solver.changes` computed for it, as premissas and pins (never before)."""
import datetime as dt

from tests.webapp.conftest import WEEK, make_version
from webapp.clinic.models import Pin, Professional, Rule, SiteClosure
from webapp.schedules import actions, adapter

ANA_MON = {"professional": "p-ana", "room": "sav-1", "date": "2026-12-07", "start": "08:00", "end": "12:00"}


def _what_if(coordinator, *changes):
    base = make_version([tuple(ANA_MON.values()), ("p-ana", "sav-1", "2026-12-12", "08:00", "12:00")], status="published")
    doc = {"format": "agendador.changes/1", "changes": list(changes)}
    run = actions.do_run_solve(actions.do_start_solve("what_if", WEEK, base_version=base, changes=doc, user=coordinator, enqueue=False).pk)
    return run.version


def _approve(coordinator, *changes):
    version = actions.do_approve_version(_what_if(coordinator, *changes), coordinator)
    version.refresh_from_db()
    return version


def test_nothing_is_stored_before_approval(coordinator):
    _what_if(coordinator, {"kind": "block_room", "room": "lou-1", "date": "2026-12-10"})
    assert not Rule.objects.filter(kind="room_block", room__code="lou-1").exists()


def test_a_block_becomes_a_premissa(coordinator):
    _approve(coordinator, {"kind": "block_room", "room": "lou-1", "date": "2026-12-10", "label": "Pintura"})
    assert Rule.objects.get(kind="room_block", room__code="lou-1").label == "Pintura"


def test_an_unblock_by_rule_deactivates_it(coordinator):
    _approve(coordinator, {"kind": "unblock_room", "rule": "r-1"})
    assert Rule.objects.get(code="r-1").active is False


def test_an_absence_on_a_date_becomes_a_dated_premissa(coordinator):
    _approve(coordinator, {"kind": "mark_absent", "professional": "p-caio", "date": "2026-12-11"})
    assert Rule.objects.get(kind="unavailable", professional__code="p-caio").date == dt.date(2026, 12, 11)


def test_an_absence_for_the_week_never_reaches_other_weeks(coordinator):
    _approve(coordinator, {"kind": "mark_absent", "professional": "p-caio"})
    dates = sorted(r.date for r in Rule.objects.filter(kind="unavailable", professional__code="p-caio"))
    assert dates == [WEEK + dt.timedelta(days=i) for i in range(7)]


def test_new_hour_limits_replace_a_personal_hours_limit(coordinator):
    _approve(coordinator, {"kind": "set_hour_limits", "professional": "p-bia", "max_weekly_hours": 16})
    assert Professional.objects.get(code="p-bia").max_weekly_hours == 16
    assert Rule.objects.get(code="r-2").active is False


def test_new_availability_replaces_the_weekly_windows(coordinator):
    windows = [{"weekday": "tue", "start": "08:00", "end": "12:00"}]
    _approve(coordinator, {"kind": "set_availability", "professional": "p-caio", "availability": windows})
    assert [(w.weekday, w.start) for w in Professional.objects.get(code="p-caio").availability.all()] == [("tue", "08:00")]


def test_a_move_becomes_a_board_pin(coordinator):
    _approve(coordinator, {"kind": "move", "from": ANA_MON, "to": {"room": "lou-1"}}, {"kind": "resolve", "minimal_change": True})
    assert Pin.objects.filter(professional__code="p-ana", room__code="lou-1", date="2026-12-07", source="board").exists()


def test_a_one_day_unblock_of_a_standing_rule_lifts_that_day_only(coordinator):
    """The what-if lifted the weekly block on that Friday: approval stores exactly that, not more, not less."""
    Rule.objects.create(code="r-9", kind="room_block", label="Obra", room=Rule.objects.get(code="r-1").room, weekday="fri")
    version = _approve(coordinator, {"kind": "unblock_room", "rule": "r-9", "date": "2026-12-11"})
    assert version.not_adopted == []
    rule = Rule.objects.get(code="r-9")
    assert (rule.active, rule.except_dates) == (True, ["2026-12-11"])
    this_week = [r for r in adapter.build_instance(WEEK, previous=[])["rules"] if r["id"] == "r-9"]
    next_week = [r for r in adapter.build_instance(WEEK + dt.timedelta(days=7), previous=[])["rules"] if r["id"] == "r-9"]
    assert [r.get("except_dates") for r in this_week] == [["2026-12-11"]]
    assert [r.get("except_dates") for r in next_week] == [None]


def test_a_closed_site_becomes_a_site_closure(coordinator):
    _approve(coordinator, {"kind": "close_site", "site": "lourdes", "date": "2026-12-10", "label": "Dedetização"})
    closure = SiteClosure.objects.get(site__code="lourdes", date="2026-12-10")
    assert (closure.kind, closure.reason) == ("closed", "Dedetização")
    assert not Rule.objects.filter(kind="site_closed").exists()


def test_a_change_that_no_longer_fits_is_reported_and_the_rest_stored(coordinator):
    version = _what_if(
        coordinator,
        {"kind": "unblock_room", "rule": "r-1"},
        {"kind": "block_room", "room": "lou-1", "date": "2026-12-10", "label": "Pintura"},
    )
    Rule.objects.filter(code="r-1").update(active=False)  # someone lifted it while the what-if waited
    approved = actions.do_approve_version(version, coordinator)
    assert approved.not_adopted == [
        "Mudança 1 (desbloqueio de sala) não gravada: nenhum bloqueio de sala corresponde a esta mudança"
    ]
    assert Rule.objects.filter(kind="room_block", room__code="lou-1", label="Pintura").exists()


def test_the_approve_response_shows_what_was_not_adopted(coordinator, as_coordinator):
    version = _what_if(coordinator, {"kind": "unblock_room", "rule": "r-1"})
    Rule.objects.filter(code="r-1").update(active=False)
    response = as_coordinator.post(f"/api/versions/{version.pk}/approve/")
    assert response.status_code == 200, response.json()
    assert response.json()["not_adopted"] == [
        "Mudança 1 (desbloqueio de sala) não gravada: nenhum bloqueio de sala corresponde a esta mudança"
    ]
