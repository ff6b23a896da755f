"""The shape suite of `agendador bench --suite`, in its smallest version (s only, tiny times).

Structure only: the figures are measurements, never asserted (the what-if summary is
arithmetic on given rows)."""
from __future__ import annotations

import io

from solver.bench import SUITE_CHECKPOINTS, run_suite, suite_cases, what_if_summary
from solver.cli import main
from solver.generate import SUITE_SHAPES

SMOKE_SCALE = 0.03


def test_the_suite_has_at_least_eight_shapes_per_size_and_two_xl():
    cases = suite_cases(["s", "m", "l", "xl"])
    for size in ("s", "m", "l"):
        assert len({name for s, name, _seed in cases if s == size}) >= 8
    assert len([c for c in cases if c[0] == "xl"]) == 2
    assert {name for _s, name, _seed in cases} <= set(SUITE_SHAPES)


def test_the_smallest_suite_prints_every_instance_and_a_summary_per_checkpoint():
    out = io.StringIO()
    rows, summary = run_suite(["s"], scale=SMOKE_SCALE, workers=1, out=out, count=2)
    assert [r["shape"] for r in rows] == list(SUITE_SHAPES)[:2]
    for row in rows:
        assert row["objective"] is not None and row["bound"] <= row["objective"]
        assert len(row["points"]) == len(SUITE_CHECKPOINTS["s"])
        for point in row["points"]:
            assert point["bound"] is None or point["objective"] is None or point["bound"] <= point["objective"]
            assert point["closed"] is None or 0 <= point["closed"] <= 1
    assert [s["seconds"] for s in summary] == [SMOKE_SCALE * c for c in SUITE_CHECKPOINTS["s"]]
    for s in summary:
        assert s["instances"] == 2
        assert s["worst_gap"] is None or s["worst_gap"] >= s["median_gap"]
    text = out.getvalue()
    assert text.count("| s | default |") == 1 and "median gap" in text


def test_generate_takes_shape_options_and_refuses_a_bad_one_in_portuguese(tmp_path, capsys):
    out = tmp_path / "week.json"
    assert main(["generate", "--size", "s", "--shape", "multi-site", "--closures", "1", "-o", str(out)]) == 0
    assert '"site_closed"' in out.read_text()
    assert main(["generate", "--size", "s", "--sparsity", "1.5"]) == 2
    assert "forma inválida" in capsys.readouterr().err


def _what_if_row(priced3: int, freeze: int, free: int, replaced: tuple[int, int, int], seconds_1s: float) -> dict:
    return {
        "priced@1": {"objective": priced3 + 10, "seconds": seconds_1s, "replaced": 0},
        "priced@3": {"objective": priced3, "replaced": replaced[0]},
        "freeze@3": {"objective": freeze, "replaced": replaced[1]},
        "free": {"objective": free, "replaced": replaced[2]},
    }


def test_the_what_if_summary_compares_the_3s_run_with_the_better_of_freeze_and_free():
    rows = [
        _what_if_row(1000, 1100, 1000, (60, 0, 60), 0.9),  # ties the free re-solve
        _what_if_row(1015, 1200, 1000, (30, 0, 60), 1.3),  # 1.5% behind, re-placed less
        _what_if_row(990, 995, 1000, (90, 0, 60), 1.1),  # better than both
    ]
    summary = what_if_summary(rows)
    assert summary["changes"] == 3
    assert summary["within_1pct"] == 2
    assert summary["worst_vs_best"] == 0.015
    assert summary["median_vs_best"] == 0.0
    assert summary["longest_1s"] == 1.3
    assert summary["replaced_as_free"] == 2
