"""manage.py interpret_prompt: the validated changes as JSON (exit 0), or errors and candidates (exit 2)."""
import json
import sys

import pytest
from django.core.management import call_command

from webapp.schedules.models import PromptHistory, SolveRun


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("interpret_prompt", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_it_prints_the_changes_and_stores_nothing(clinic):
    code, out, err = run("--week", "2026-12-07", "bloquear a sala L1 na quinta de manhã")
    assert code == 0
    assert json.loads(out) == {"format": "agendador.changes/1", "changes": [
        {"kind": "block_room", "room": "lou-1", "date": "2026-12-10", "start": "08:00", "end": "12:00"}]}
    assert "Bloquear Sala L1 (Lourdes)" in err
    assert PromptHistory.objects.count() == 0 and SolveRun.objects.count() == 0


def test_it_exits_2_with_the_error_in_portuguese(clinic):
    code, out, err = run("--week", "2026-12-07", "a Joana não vem sexta")
    assert code == 2 and out == ""
    assert "Não encontrei nenhum profissional chamado Joana" in err


def test_a_bad_week_is_refused(clinic):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="segunda-feira"):
        call_command("interpret_prompt", "--week", "2026-12-08", "x")


def test_the_api_flow_with_a_fake_external_command(as_coordinator, settings, tmp_path):
    script = tmp_path / "fake.py"
    script.write_text(
        "import json, sys\nrequest = json.load(sys.stdin)\n"
        "print(json.dumps({'format': 'agendador.changes/1', 'changes': [{'kind': 'mark_absent', 'professional': 'Caio', 'date': '2026-12-09'}]}))\n"
    )
    settings.PROMPT_COMMAND = f"{sys.executable} {script}"
    answer = as_coordinator.post(
        "/api/prompts/", {"prompt": "o Caio não vem quarta", "week_start": "2026-12-07", "interpreter": "command"}, format="json"
    )
    assert answer.status_code == 201
    assert answer.data["interpreter"] == "command" and answer.data["status"] == "ok", answer.data
    assert answer.data["changes"]["changes"] == [{"kind": "mark_absent", "professional": "p-caio", "date": "2026-12-09"}]
    assert answer.data["interpreter_config"]["command"][0] == sys.executable
    assert "mark_absent" in answer.data["raw_output"]
