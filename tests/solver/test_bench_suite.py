"""The shape suite of `agendador bench --suite`, in its smallest version (s only, tiny times).

Structure only: the figures are measurements, never asserted."""
from __future__ import annotations

import io

from solver.bench import SUITE_CHECKPOINTS, run_suite, suite_cases
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
