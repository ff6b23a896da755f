"""The benchmark runs end to end and checks its own targets (small week here; the l week in CI's bench)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from webapp.gcal import bench

ROOT = Path(__file__).resolve().parents[2]


def test_a_small_week_meets_the_targets():
    figures = bench.run(professionals=12, pacing="off")
    first, again = figures["runs"]
    assert first["writes"] == figures["events"] and first["errors"] == 0
    assert again["writes"] == 0 and again["write_requests"] == 0
    assert all(figures["targets"].values())


def test_the_l_week_has_about_a_thousand_events():
    allocations = bench.l_week()
    assert len({a.professional for a in allocations}) == 150
    events = sum(len(v) for v in bench.desired_events(allocations, version=1).values())
    assert 900 <= events <= 1100


def test_the_cli_prints_json():
    # In a fresh interpreter: in this one, loggers cached by earlier tests would write to stdout too.
    done = subprocess.run([sys.executable, "-m", "webapp.gcal.bench", "--professionals", "5", "--pacing", "off",
                           "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(done.stdout)["professionals"] == 5
