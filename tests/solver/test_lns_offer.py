"""What the shared incumbent accepts from a search thread that started on an older version of it."""
from __future__ import annotations

import datetime as dt

from rules.instance import Allocation, parse_instance
from rules.schedule import Schedule
from solver.lns import Incumbent
from tests.solver.tiny import tiny_document

MONDAY = dt.date(2026, 12, 7)


def two_offers_from_one_version(second_room: str) -> tuple[int, int, Incumbent]:
    instance = parse_instance(tiny_document())
    shared = Incumbent(instance, Schedule())
    _, _, version = shared.snapshot()
    first = shared.offer({"ana"}, [Allocation(MONDAY, 8 * 60, 10 * 60, "ana", "s1")], version)
    second = shared.offer({"bia"}, [Allocation(MONDAY, 9 * 60, 11 * 60, "bia", second_room)], version)
    return first, second, shared


def test_a_stale_offer_clashing_in_a_room_with_the_newer_week_is_refused():
    first, second, shared = two_offers_from_one_version("s1")
    assert first > 0 and second == 0
    assert [a.professional for a in shared.snapshot()[0]] == ["ana"]


def test_a_stale_offer_that_fits_the_newer_week_is_laid_over_it():
    first, second, shared = two_offers_from_one_version("s2")
    assert first > 0 and second > 0
    assert sorted(a.professional for a in shared.snapshot()[0]) == ["ana", "bia"]
