"""`agendador bench --extremes`: random clinics at the edges of every shape option.

The cases run the real engine; what is asserted is what must hold on any machine (valid weeks,
honest bounds, refusals explained), never how long a run took."""
from __future__ import annotations

import io
import random

from solver.extremes import WHAT_IF_MODES, extreme_case, extreme_shape, extremes_summary, run_extremes


def _not_timing(problems: list[str]) -> list[str]:
    return [p for p in problems if not p.startswith("overran")]


def test_extreme_shapes_reach_the_edges_of_every_option():
    shapes = [extreme_shape(random.Random(i)) for i in range(200)]
    assert {s.sites for s in shapes} >= {1, 8}
    assert {s.pin_share for s in shapes} >= {0.0, 1.0}
    assert max(s.sparsity for s in shapes) >= 0.9 and max(s.demand for s in shapes) >= 4
    assert max(s.multi_site for s in shapes) >= 0.9 and max(s.closures for s in shapes) >= 8


def test_two_extreme_clinics_get_valid_weeks_and_valid_or_explained_what_ifs():
    # 5: eight units; 12: its change blocks a pinned room (refused, explained); 13: a unit closed for a day.
    statuses = set()
    for index in (5, 12, 13):
        row = extreme_case(index, workers=1, sizes=("s",), deterministic_time=1.0)
        assert row["size"] == "s"
        assert row["week"]["status"] in ("OPTIMAL", "FEASIBLE")
        assert _not_timing(row["week"]["problems"]) == []
        assert row["what_if"], "a solved week always gets a change"
        for mode, run in row["what_if"].items():
            assert mode in WHAT_IF_MODES
            assert run["status"] in ("OPTIMAL", "FEASIBLE", "INFEASIBLE")
            assert _not_timing(run["problems"]) == []
            statuses.add(run["status"])
    assert "INFEASIBLE" in statuses and statuses & {"OPTIMAL", "FEASIBLE"}


def test_the_summary_counts_problems_and_explained_refusals():
    ok = {"status": "FEASIBLE", "seconds": 0.8, "problems": []}
    rows = [
        {"week": ok, "what_if": {"priced": ok, "freeze": {**ok, "seconds": 1.4}, "cap 2 h": ok}},
        {"week": {**ok, "problems": ["invalid: x"]}, "what_if": {"priced": {"status": "INFEASIBLE", "seconds": 2.0, "problems": []}}},
        {"week": ok, "what_if": {"priced": {"status": "INFEASIBLE", "seconds": 0.3, "problems": ["infeasible without an explanation"]}}},
    ]
    s = extremes_summary(rows)
    assert s == {"cases": 3, "runs": 8, "with_problems": 2, "explained_infeasible": 1, "longest_what_if": 2.0}


def test_the_table_has_a_row_per_clinic_and_a_summary_line(monkeypatch):
    from solver import extremes

    calls = []

    def fake_case(index, workers):
        calls.append(index)
        ok = {"status": "OPTIMAL", "seconds": 0.1, "problems": []}
        return {"case": index, "size": "s", "counts": (1, 2, 3), "week": ok, "change": "block x", "what_if": {"priced": ok}}

    monkeypatch.setattr(extremes, "extreme_case", fake_case)
    out = io.StringIO()
    run_extremes(2, seed=10, workers=1, out=out)
    assert calls == [10, 11]
    text = out.getvalue()
    assert text.count("| block x |") == 2 and "2 clinics, 4 runs: 0 with a problem" in text
