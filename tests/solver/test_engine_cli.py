"""The `agendador` command line, end to end on small documents."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from rules.instance import parse_instance
from rules.schema import instance_schema, solution_schema
from solver.cli import main
from solver.engine import solve, solve_document
from tests.solver.tiny import tiny_document


@pytest.fixture
def instance_file(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(tiny_document()))
    return path


def test_it_solves_and_writes_a_valid_solution(instance_file, tmp_path):
    out = tmp_path / "solution.json"
    assert main(["solve", str(instance_file), "-o", str(out), "--time-limit", "5", "-q"]) == 0
    doc = json.loads(out.read_text())
    jsonschema.validate(doc, solution_schema())
    assert doc["status"] == "OPTIMAL" and doc["gap"] == 0
    assert main(["check", str(instance_file), str(out)]) == 0


def test_check_exits_1_and_names_the_broken_premissa(instance_file, tmp_path, capsys):
    bad = {
        "format": "agendador.solution/1",
        "status": "FEASIBLE",
        "allocations": [
            {"professional": "ana", "room": "s1", "date": "2026-12-07", "start": "08:00", "end": "10:00"},
            {"professional": "bia", "room": "s1", "date": "2026-12-07", "start": "09:00", "end": "11:00"},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    assert main(["check", str(instance_file), str(path)]) == 1
    assert "room:s1:capacity" in capsys.readouterr().out


def test_a_bad_document_exits_2_naming_the_field_without_a_traceback(tmp_path):
    doc = tiny_document()
    doc["professionals"][1]["max_weekly_hours"] = "muito"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    proc = subprocess.run(
        [sys.executable, "-m", "solver.cli", "solve", str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "professionals[1].max_weekly_hours" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_solution_naming_an_unknown_room_is_rejected(instance_file, tmp_path, capsys):
    sol = {"format": "agendador.solution/1", "status": "FEASIBLE", "allocations": [
        {"professional": "ana", "room": "nowhere", "date": "2026-12-07", "start": "08:00", "end": "10:00"}]}
    path = tmp_path / "sol.json"
    path.write_text(json.dumps(sol))
    assert main(["check", str(instance_file), str(path)]) == 2
    assert "allocations[0].room" in capsys.readouterr().err


def test_unreadable_json_exits_2(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text("{nope")
    assert main(["solve", str(path)]) == 2
    assert "JSON inválido" in capsys.readouterr().err


def test_schema_prints_the_json_schema(capsys):
    assert main(["schema", "instance"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == instance_schema()
    jsonschema.validate(tiny_document(), schema)


def test_generate_writes_an_instance_the_solver_accepts(tmp_path):
    out = tmp_path / "s.json"
    assert main(["generate", "--size", "s", "--seed", "3", "-o", str(out)]) == 0
    instance = parse_instance(json.loads(out.read_text()))
    assert len(instance.professionals) >= 10


def test_plot_draws_the_week(instance_file, tmp_path):
    sol = tmp_path / "sol.json"
    main(["solve", str(instance_file), "-o", str(sol), "--time-limit", "5", "-q"])
    svg = tmp_path / "week.svg"
    assert main(["plot", str(instance_file), str(sol), "-o", str(svg)]) == 0
    assert "<svg" in svg.read_text()[:2000]


def test_progress_receives_each_improvement():
    seen = []
    solve_document(tiny_document(), time_limit=5, workers=1, progress=lambda *args: seen.append(args))
    assert seen, "no progress reported"
    elapsed = [s[0] for s in seen]
    assert elapsed == sorted(elapsed)
    objectives = [s[1] for s in seen]
    assert all(isinstance(o, int) for o in objectives)


def test_same_document_seed_and_workers_give_the_same_solution():
    from solver.generate import generate

    doc = generate("s", 2)
    runs = [solve_document(doc, workers=1, seed=7, deterministic_time=2.0, time_limit=60) for _ in range(2)]
    assert runs[0]["allocations"] == runs[1]["allocations"]
    assert runs[0]["objective"] == runs[1]["objective"]


def test_ctrl_c_stops_the_solve_and_still_writes_the_best_week(tmp_path):
    import os
    import signal
    import time

    from solver.generate import generate

    instance = tmp_path / "m.json"
    instance.write_text(json.dumps(generate("m", 1)))
    out = tmp_path / "solution.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "solver.cli", "solve", str(instance), "-o", str(out), "--time-limit", "60", "--progress"],
        stderr=subprocess.PIPE,
    )
    seen = b""
    deadline = time.monotonic() + 60
    while b"objetivo" not in seen and time.monotonic() < deadline:  # the first report: the handler is in place
        seen += os.read(proc.stderr.fileno(), 4096)
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=60)

    assert proc.returncode == 0, (seen + rest).decode()
    doc = json.loads(out.read_text())
    assert doc["status"] == "FEASIBLE" and doc["stats"]["stopped"] is True
    assert doc["stats"]["wall_seconds"] < 30
    assert b"interrompido" in rest
