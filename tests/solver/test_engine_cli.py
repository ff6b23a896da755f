"""The `agendador` command line, end to end on small documents."""
from __future__ import annotations

import json
import re
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


# --- a corpus of malformed instance documents: each is exit 2 with one pt-BR line naming the field

PIN = {"professional": "ana", "room": "s1", "date": "2026-12-07", "start": "08:00", "end": "09:00", "source": "manual"}
HUGE = 10**30


def _with(change, **overrides):
    doc = tiny_document(**overrides)
    change(doc)
    return doc


def _text(doc) -> str:
    return json.dumps(doc)


def _nested(levels: int) -> str:
    base = json.dumps(tiny_document())
    return base[:-1] + ', "rules": ' + "[" * levels + "]" * levels + "}"


# (name, file contents as str or bytes, what the message must name)
MALFORMED = [
    ("pin outside the week", _text(tiny_document(pins=[PIN, {**PIN, "date": "2026-12-14"}])), "pins[1].date"),
    ("week starting on a Tuesday", _text(tiny_document(week_start="2026-12-08")), "week_start"),
    ("week start a number", _text(tiny_document(week_start=20261207)), "week_start"),
    ("grain that does not divide the day", _text(tiny_document(grain_minutes=7)), "grain_minutes"),
    ("pin unknown room", _text(tiny_document(pins=[{**PIN, "room": "zz"}])), "pins[0].room"),
    ("previous unknown professional", _text(tiny_document(previous=[{**PIN, "professional": "zz"}])), "previous[0].professional"),
    ("room of an unknown site", _text(_with(lambda d: d["rooms"][0].update(site="zz"))), "rooms[0].site"),
    ("pin off the grain", _text(tiny_document(pins=[{**PIN, "start": "08:30"}])), "pins[0].start"),
    ("pin ending before it starts", _text(tiny_document(pins=[{**PIN, "start": "10:00"}])), "pins[0].end"),
    ("pin at 25 o'clock", _text(tiny_document(pins=[{**PIN, "start": "25:00"}])), "pins[0].start"),
    ("pin on 30 February", _text(tiny_document(pins=[{**PIN, "date": "2026-02-30"}])), "pins[0].date"),
    ("opening hours ending before they start", _text(_with(lambda d: d["sites"][0].update(opening_hours={"mon": ["12:00", "08:00"]}))), "sites[0].opening_hours.mon"),
    ("capacity a fraction", _text(_with(lambda d: d["rooms"][0].update(capacity=1.5))), "rooms[0].capacity"),
    ("capacity huge", _text(_with(lambda d: d["rooms"][0].update(capacity=HUGE))), "rooms[0].capacity"),
    ("weekly hours huge", _text(_with(lambda d: d["professionals"][0].update(max_weekly_hours=HUGE))), "professionals[0].max_weekly_hours"),
    ("weekly hours NaN", _text(_with(lambda d: d["professionals"][0].update(max_weekly_hours=float("nan")))), "professionals[0].max_weekly_hours"),
    ("weekly hours Infinity", _text(_with(lambda d: d["professionals"][0].update(max_weekly_hours=float("inf")))), "professionals[0].max_weekly_hours"),
    ("minimum block huge", _text(_with(lambda d: d["professionals"][0].update(min_block_minutes=HUGE))), "professionals[0].min_block_minutes"),
    ("rule daily hours huge", _text(tiny_document(rules=[{"id": "r", "kind": "hours_limit", "label": "x", "max_daily_hours": HUGE}])), "rules[0].max_daily_hours"),
    ("weight huge", _text(tiny_document(weights={"below_min": HUGE})), "weights.below_min"),
    ("travel minutes huge", _text(tiny_document(travel_minutes=[{"from": "sav", "to": "sav", "minutes": HUGE}])), "travel_minutes[0].minutes"),
    ("rule with date and weekday", _text(tiny_document(rules=[{"id": "r", "kind": "room_block", "label": "x", "room": "s1", "date": "2026-12-07", "weekday": "mon"}])), "rules[0]"),
    ("rules nested 900 deep", _nested(900), "rules[0]"),
    ("rules nested 5000 deep", _nested(5000), "aninhado"),
    ("a list, not an object", "[]", "(raiz)"),
    ("latin-1, not UTF-8", _text(tiny_document()).replace("Ana Souza", "Ana Souzã").encode("latin-1"), "UTF-8"),
    ("UTF-16, not UTF-8", _text(tiny_document()).encode("utf-16"), "UTF-8"),
]
ENGLISH = re.compile(r"\b(the|must|is not|invalid|expected|required|Traceback|Error)\b")


@pytest.mark.parametrize("contents, field", [c[1:] for c in MALFORMED], ids=[c[0] for c in MALFORMED])
def test_a_malformed_instance_exits_2_with_a_portuguese_line_naming_the_field(tmp_path, capsys, contents, field):
    path = tmp_path / "bad.json"
    (path.write_bytes if isinstance(contents, bytes) else path.write_text)(contents)
    out = tmp_path / "solution.json"
    assert main(["solve", str(path), "-o", str(out), "-q", "--time-limit", "5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("erro: ") and len(err.splitlines()) == 1 and len(err) < 400, err
    assert field in err and not ENGLISH.search(err), err
    assert not out.exists()


def test_a_pin_outside_the_week_is_exit_2_naming_the_pin_without_a_traceback(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(tiny_document(pins=[PIN, {**PIN, "date": "2026-12-14"}])))
    proc = subprocess.run(
        [sys.executable, "-m", "solver.cli", "solve", str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert "pins[1].date" in proc.stderr and "fora da semana" in proc.stderr and "Ana Souza" in proc.stderr
    assert "Traceback" not in proc.stderr
