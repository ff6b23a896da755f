"""manage.py replay_run ID: the run's own instance solved again (1 worker, deterministic time), compared with
what the run stored; exit 0 when equal, 1 when different."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.webapp.conftest import WEEK
from webapp.schedules.models import Allocation, SolveRun


def replay(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("replay_run", *map(str, args), stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_a_run_replayed_unchanged_is_equal(solved_version):
    run = SolveRun.objects.get(version=solved_version)
    code, text = replay(run.pk)
    assert code == 0, text
    assert "Objetivo: guardado 100, refeito 100 — igual" in text
    assert "Resultado: igual ao guardado." in text


def test_a_different_objective_exits_1(solved_version):
    run = SolveRun.objects.get(version=solved_version)
    SolveRun.objects.filter(pk=run.pk).update(objective=99)
    code, text = replay(run.pk)
    assert code == 1
    assert "Objetivo: guardado 99, refeito 100 — DIFERENTE" in text and "Resultado: diferente do guardado." in text


def test_a_different_allocation_exits_1_and_is_named(solved_version):
    run = SolveRun.objects.get(version=solved_version)
    Allocation.objects.filter(version=solved_version).delete()  # a draft: its rows may go
    code, text = replay(run.pk)
    assert code == 1
    assert "Só no resultado refeito (1):" in text and "p-ana em sav-1, 2026-12-12 08:00–12:00" in text


def test_the_replay_solves_with_one_worker_and_deterministic_time(solved_version, monkeypatch):
    from webapp.schedules import adapter

    seen = {}
    real = adapter.solve

    def spy(doc, **kwargs):
        seen.update(kwargs, doc=doc)
        return real(doc, **kwargs)

    monkeypatch.setattr(adapter, "solve", spy)
    run = SolveRun.objects.get(version=solved_version)
    replay(run.pk, "--deterministic-time", "3")
    assert (seen["workers"], seen["deterministic_time"], seen["doc"]) == (1, 3.0, run.instance)


def test_unknown_or_unfinished_runs_are_refused(clinic, coordinator):
    with pytest.raises(CommandError, match="Execução 999 não encontrada") as err:
        call_command("replay_run", "999")
    assert err.value.returncode == 2
    from webapp.schedules import actions

    queued = actions.do_start_solve("weekly", WEEK, user=coordinator, enqueue=False)
    with pytest.raises(CommandError, match="só uma execução concluída"):
        call_command("replay_run", str(queued.pk))


@pytest.mark.engine
def test_a_deterministic_run_of_the_real_engine_replays_equal(clinic, coordinator):
    from webapp.schedules import actions

    run = actions.do_start_solve("weekly", WEEK, user=coordinator, enqueue=False)
    SolveRun.objects.filter(pk=run.pk).update(parameters={**run.parameters, "workers": 1, "deterministic_time": 2.0})
    run = actions.do_run_solve(run.pk)
    assert run.status == SolveRun.DONE and run.version is not None, run.error
    code, text = replay(run.pk)
    assert code == 0, text
    assert "Atenção" not in text
