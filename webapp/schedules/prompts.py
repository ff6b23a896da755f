"""Prompt-driven replanning: interpret → what-if run → diff → approve or discard, and replay.

Every write is a do_<verb>_<noun>() here; nothing is applied to the clinic's premissas until a
coordinator approves, and publishing stays a separate step.
"""
from __future__ import annotations

import datetime as dt
import shlex
from typing import Any

import structlog
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from solver.prompts import interpret
from solver.prompts.external import CommandInterpreter, OpenAIInterpreter
from solver.prompts.interpretation import Interpretation
from solver.prompts.offline import OfflineInterpreter
from webapp.schedules import actions, adapter
from webapp.schedules.diff import diff_allocations
from webapp.schedules.models import DRAFT, PromptHistory, PromptTemplate, ScheduleVersion, SolveRun

log = structlog.get_logger("agendador.prompts")

INTERPRETERS = ("offline", "openai", "command")


class PromptConflict(Exception):
    """The prompt is not in a state for this step (pt-BR message)."""


class TooManyRuns(Exception):
    pass


def available_interpreters() -> list[str]:
    """The interpreters this installation can use: the built-in one, plus the configured external ones."""
    names = ["offline"]
    if settings.PROMPT_OPENAI_MODEL:
        names.append("openai")
    if settings.PROMPT_COMMAND:
        names.append("command")
    return names


def default_interpreter() -> str:
    name = settings.PROMPT_INTERPRETER
    return name if name in available_interpreters() else "offline"


def build_interpreter(name: str | None = None):
    name = name or default_interpreter()
    if name == "openai":
        return OpenAIInterpreter(
            base_url=settings.PROMPT_OPENAI_BASE_URL,
            model=settings.PROMPT_OPENAI_MODEL,
            api_key=settings.PROMPT_OPENAI_API_KEY,
            timeout=settings.PROMPT_TIMEOUT_SECONDS,
            max_output_bytes=settings.PROMPT_MAX_OUTPUT_BYTES,
        )
    if name == "command":
        return CommandInterpreter(
            shlex.split(settings.PROMPT_COMMAND),
            timeout=settings.PROMPT_TIMEOUT_SECONDS,
            max_output_bytes=settings.PROMPT_MAX_OUTPUT_BYTES,
        )
    return OfflineInterpreter()


def prompt_instance(week_start: dt.date, base_version: ScheduleVersion | None) -> dict[str, Any]:
    """The week as an interpreter sees it: its data, with the version on screen as `previous`."""
    previous = adapter.version_allocations(base_version) if base_version is not None else None
    return adapter.build_instance(week_start, previous=previous)


def interpret_prompt(
    text: str, week_start: dt.date, base_version: ScheduleVersion | None = None, *, interpreter: str | None = None
) -> tuple[Interpretation, dict[str, Any]]:
    """Interpret without storing anything (the command line's path); returns the interpreter's config too."""
    chosen = build_interpreter(interpreter)
    doc = prompt_instance(week_start, base_version)
    result = interpret(chosen, text, doc, today=timezone.localdate())
    return result, chosen.config()


def _interpretation_fields(result, config: dict[str, Any]) -> dict[str, Any]:
    """What a PromptHistory row keeps of an interpretation (a first one or a replay)."""
    return {
        "executor": result.interpreter,
        "executor_config": config,
        "status": result.status,
        "raw_output": result.raw_output,
        "changes": result.changes,
        "explanations": result.explanations,
        "validation_errors": result.errors,
        "candidates": result.candidates,
        "error": "; ".join(result.messages()),
    }


def do_interpret_prompt(
    text: str,
    week_start: dt.date,
    *,
    base_version: ScheduleVersion | None = None,
    template: PromptTemplate | None = None,
    interpreter: str | None = None,
    user=None,
) -> PromptHistory:
    """Interpret a prompt against the week and store it, whatever the outcome, in the history."""
    result, config = interpret_prompt(text, week_start, base_version, interpreter=interpreter)
    history = PromptHistory.objects.create(
        prompt=text,
        week_start=week_start,
        template=template,
        base_version=base_version,
        **_interpretation_fields(result, config),
        created_by=user,
    )
    log.info("prompt.interpreted", prompt_id=history.pk, interpreter=result.interpreter, status=result.status,
             changes=len((result.changes or {}).get("changes", [])))  # fmt: skip
    return history


def active_runs(user) -> int:
    return SolveRun.objects.filter(
        kind="prompt", created_by=user, status__in=(SolveRun.QUEUED, SolveRun.RUNNING)
    ).count()


def do_run_prompt(history: PromptHistory, user, *, time_limit: float | None = None) -> PromptHistory:
    """Start the what-if run of an interpreted prompt (kind `prompt`); its progress is the run's."""
    if history.status != "ok" or not history.changes:
        raise PromptConflict("Este prompt não tem mudanças válidas para simular.")
    if history.decision:
        raise PromptConflict(f"Este prompt já foi {history.get_decision_display()}.")
    if history.solve_run_id is not None and history.solve_run.status != SolveRun.FAILED:
        raise PromptConflict("Este prompt já tem uma simulação; abra-a ou repita o prompt.")
    if active_runs(user) >= settings.PROMPT_MAX_CONCURRENT_RUNS:
        raise TooManyRuns(
            f"Você já tem {settings.PROMPT_MAX_CONCURRENT_RUNS} simulações de prompt em andamento; espere uma terminar."
        )
    with transaction.atomic():
        run = actions.do_start_solve(
            "prompt", history.week_start, base_version=history.base_version, changes=history.changes,
            user=user, time_limit=time_limit,
        )  # fmt: skip
        history.solve_run = run
        history.version = None
        history.diff = None
        history.save(update_fields=["solve_run", "version", "diff"])
    log.info("prompt.run_started", prompt_id=history.pk, run_id=run.pk)
    return history


def _base_allocations(history: PromptHistory) -> list[dict[str, Any]]:
    base = history.base_version or (history.version.parent if history.version else None)
    return adapter.version_allocations(base) if base is not None else []


def do_record_prompt_result(history: PromptHistory) -> PromptHistory:
    """Once its run is done, keep the version it produced and its diff against the base (idempotent)."""
    run = history.solve_run
    if run is None or run.status != SolveRun.DONE or history.version_id is not None or run.version_id is None:
        return history
    with transaction.atomic():
        history = PromptHistory.objects.select_for_update().get(pk=history.pk)
        if history.version_id is None:
            history.version = run.version
            history.diff = diff_allocations(_base_allocations(history), adapter.version_allocations(run.version))
            history.save(update_fields=["version", "diff"])
    return history


def do_approve_prompt(history: PromptHistory, user, **approve_options) -> PromptHistory:
    """The prompt's version becomes the week's approved one and its changes the clinic's premissas."""
    history = do_record_prompt_result(history)
    if history.decision:
        raise PromptConflict(f"Este prompt já foi {history.get_decision_display()}.")
    if history.version is None:
        raise PromptConflict("Rode a simulação do prompt e espere o resultado antes de aprovar.")
    if history.version.status != DRAFT:
        raise PromptConflict(f"A versão deste prompt está {history.version.get_status_display()}.")
    with transaction.atomic():
        version = actions.do_approve_version(history.version, user, **approve_options)
        now = timezone.now()
        history.version = version
        history.decision, history.decided_by, history.decided_at = PromptHistory.APPROVED, user, now
        history.approved_by, history.approved_at = user, now
        history.decision_notes = list(version.not_adopted)
        history.save()
    log.info("prompt.approved", prompt_id=history.pk, version_id=version.pk)
    return history


def do_discard_prompt(history: PromptHistory, user) -> PromptHistory:
    """Nothing of the prompt is kept but its record; its draft version stays a draft nobody approves."""
    if history.decision:
        raise PromptConflict(f"Este prompt já foi {history.get_decision_display()}.")
    history = do_record_prompt_result(history)
    history.decision, history.decided_by, history.decided_at = PromptHistory.DISCARDED, user, timezone.now()
    history.save(update_fields=["decision", "decided_by", "decided_at"])
    log.info("prompt.discarded", prompt_id=history.pk)
    return history


def do_replay_prompt(history: PromptHistory, user, *, use_stored_changes: bool = False,
                     week_start: dt.date | None = None) -> PromptHistory:  # fmt: skip
    """Interpret the stored prompt again (or re-validate its stored changes) against today's data.

    The replay is a new history entry pointing at the original, with a comparison of the two.
    """
    week_start = week_start or history.week_start
    base = history.base_version if history.base_version and history.base_version.week_start == week_start else None
    if use_stored_changes:
        from solver.prompts import finish

        doc = prompt_instance(week_start, base)
        result = finish("armazenado", history.changes or {"changes": []}, doc)
        config = {"name": "armazenado", "replayed_from": history.pk}
    else:
        result, config = interpret_prompt(history.prompt, week_start, base, interpreter=None)
    comparison = {
        "same_changes": result.changes == history.changes,
        "status_then": history.status,
        "status_now": result.status,
        "changes_then": len((history.changes or {}).get("changes", [])),
        "changes_now": len((result.changes or {}).get("changes", [])),
        "explanations_then": history.explanations,
        "errors_now": result.errors,
    }
    replay = PromptHistory.objects.create(
        prompt=history.prompt,
        week_start=week_start,
        template=history.template,
        base_version=base,
        **_interpretation_fields(result, config),
        replay_of=history,
        replay_comparison=comparison,
        created_by=user,
    )
    log.info("prompt.replayed", prompt_id=replay.pk, original_id=history.pk, same=comparison["same_changes"])
    return replay


def replay_result_comparison(replay: PromptHistory) -> dict[str, Any] | None:
    """After a replay's own run, how its result compares with the original's (diff of the two versions)."""
    original = replay.replay_of
    if original is None or original.version is None or replay.version is None:
        return None
    return diff_allocations(adapter.version_allocations(original.version), adapter.version_allocations(replay.version))
