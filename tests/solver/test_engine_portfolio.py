"""The two-worker portfolio and the neighbourhood search on a mid-size week, and the caller's stop.

A generated m week (2 units, 17 rooms, 55 professionals) is past SMALL_MODEL_LIMIT, so with two
workers the whole-week model and the neighbourhood search both run. Time limits are short; no
assertion depends on how fast this machine is, except wide margins on the solver's own wall time.
"""
from __future__ import annotations

import copy
import threading

import pytest

from rules import catalogue
from rules.instance import parse_instance
from rules.schedule import Schedule, allocation_to_dict
from solver import engine
from solver.domain import build_domain
from solver.engine import solve, warm_start
from solver.generate import generate
from tests.solver.tiny import tiny_document

LIMIT = 60.0  # a stopped run's time limit: it must return long before it
STOP_AFTER = 1.0


@pytest.fixture(scope="module")
def m_doc():
    return generate("m", 1)


@pytest.fixture(scope="module")
def m_week(m_doc):
    instance = parse_instance(m_doc)
    start = warm_start(instance, build_domain(instance))
    return instance, catalogue.score(instance, start)[0]


def stop_after(seconds: float) -> threading.Event:
    event = threading.Event()
    timer = threading.Timer(seconds, event.set)
    timer.daemon = True
    timer.start()
    return event


def test_the_portfolio_improves_on_the_warm_start_with_a_valid_week(m_week):
    instance, warm = m_week
    result = solve(instance, time_limit=5, workers=2, seed=3)

    assert result.status in ("FEASIBLE", "OPTIMAL")
    assert not catalogue.check_all(instance, result.schedule)
    assert result.objective <= warm
    assert result.objective == catalogue.score(instance, result.schedule)[0]
    assert result.stats["variables"] > 0  # the whole-week model ran beside ...
    assert result.stats["lns_iterations"] > 0  # ... the neighbourhood search
    assert "stopped" not in result.stats


def test_a_what_if_search_stays_valid_and_never_worse_than_its_freeze(m_doc, m_week):
    instance, _ = m_week
    previous = warm_start(instance, build_domain(instance))
    doc = copy.deepcopy(m_doc)
    doc["previous"] = [allocation_to_dict(a) for a in previous]
    busiest = max({a.room for a in previous}, key=lambda r: sum(a.minutes for a in previous if a.room == r))
    day = min(a.date for a in previous if a.room == busiest)
    doc["rules"].append({"id": "what-if", "kind": "room_block", "label": "Obra", "room": busiest, "date": day.isoformat()})
    changed = parse_instance(doc)
    # The warm start keeps all of the previous week that still holds: it is a strict-freeze week.
    freeze = catalogue.score(changed, warm_start(changed, build_domain(changed)))[0]

    result = solve(changed, time_limit=3, workers=2, minimal_change=True)

    assert not catalogue.check_all(changed, result.schedule)
    assert result.stats["forced_minutes"] > 0 and result.stats["lns_iterations"] > 0
    assert result.objective <= freeze


def test_a_stop_returns_the_best_week_so_far_long_before_the_limit(m_week):
    instance, warm = m_week
    result = solve(instance, time_limit=LIMIT, workers=2, stop=stop_after(STOP_AFTER))

    assert result.stats["stopped"] is True
    assert result.status == "FEASIBLE"
    assert result.stats["wall_seconds"] < LIMIT / 2
    assert not catalogue.check_all(instance, result.schedule)
    assert result.objective <= warm


def test_a_stop_ends_the_whole_week_model_when_it_runs_alone(m_week):
    instance, _ = m_week
    result = solve(instance, time_limit=LIMIT, workers=1, stop=stop_after(STOP_AFTER))

    assert result.stats["stopped"] is True and result.stats["lns_iterations"] == 0
    assert result.stats["wall_seconds"] < LIMIT / 2
    assert not catalogue.check_all(instance, result.schedule)


def test_a_should_stop_callable_is_asked_on_the_callers_thread(m_week):
    instance, _ = m_week
    caller = threading.get_ident()
    asked_from, reported_from = set(), set()

    def should_stop() -> bool:
        asked_from.add(threading.get_ident())
        return True

    result = solve(instance, time_limit=LIMIT, workers=2, stop=should_stop, progress=lambda *_: reported_from.add(threading.get_ident()))

    assert asked_from == {caller} and reported_from == {caller}
    assert result.stats["stopped"] is True and result.stats["lns_iterations"] == 0
    assert result.schedule is not None  # the warm start


def test_a_stop_before_any_valid_week_answers_unknown(monkeypatch):
    doc = tiny_document(pins=[{"professional": "ana", "room": "s1", "date": "2026-12-07", "start": "08:00", "end": "10:00"}])
    instance = parse_instance(doc)
    monkeypatch.setattr(engine, "warm_start", lambda *_: Schedule([]))  # breaks the pin: not a valid start
    stop = threading.Event()
    stop.set()

    result = solve(instance, time_limit=LIMIT, workers=2, stop=stop)

    assert (result.status, result.schedule, result.stats["stopped"]) == ("UNKNOWN", None, True)


# ---------------------------------------------------------------- a whole-week model too slow to build


def test_a_model_past_its_deadline_raises_and_one_without_a_deadline_is_built(m_week):
    import time

    from solver.model import BuildTimeout, ScheduleModel, encode_hard

    instance, _warm = m_week
    domain = build_domain(instance)
    with pytest.raises(BuildTimeout):
        encode_hard(ScheduleModel(instance, domain, deadline=time.monotonic() - 1))
    m = ScheduleModel(instance, domain, deadline=None)
    encode_hard(m)
    assert m.num_constraints() > 0


def test_a_whole_week_model_not_built_in_its_share_of_the_time_gives_its_cores_to_the_search(m_week, monkeypatch):
    from solver import portfolio

    instance, warm = m_week
    monkeypatch.setattr(portfolio, "BUILD_SHARE", 0.0)  # every build is already past its deadline
    result = solve(instance, time_limit=3, workers=2, seed=3)

    assert "abandoned" in result.stats["whole_week_model"]
    assert "variables" not in result.stats and "bound_race" not in result.stats
    assert not catalogue.check_all(instance, result.schedule)
    assert result.objective <= warm
    searched = result.stats["lns_neighbourhoods"]
    assert result.stats["lns_iterations"] == sum(k["tried"] for k in searched.values()) > 0
    assert result.bound <= result.objective  # the solver-free floor still bounds it


def test_a_deterministic_run_never_abandons_its_model(m_week, monkeypatch):
    from solver import portfolio

    instance, _warm = m_week
    monkeypatch.setattr(portfolio, "BUILD_SHARE", 0.0)
    result = solve(instance, time_limit=60, workers=1, seed=3, deterministic_time=0.5)

    assert "whole_week_model" not in result.stats
    assert result.stats["variables"] > 0
