"""Prompts: pt-BR text → a validated changes document (agendador.changes/1), whoever interprets it.

An interpreter gets the prompt and a context (the week's instance document, whose `previous` is the
version on screen) and proposes a changes document. `finish` then treats every proposal alike: names
resolved against the week, the changes validated by `solver.changes`, one pt-BR sentence per change.
Nothing outside the changes language can come out of here. Plain Python: no Django.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from solver.prompts.interpretation import REFUSAL, REFUSED, Interpretation, failed, finish, prompt_context
from solver.prompts.offline import OfflineInterpreter, is_refused


def interpret(interpreter, prompt: str, doc: dict[str, Any], *, today: dt.date | None = None) -> Interpretation:
    """Any interpreter, behind the same gate: an injection attempt is refused before it reaches one."""
    if is_refused(prompt):
        return failed(getattr(interpreter, "name", "?"), REFUSED, REFUSAL)
    return interpreter.interpret(prompt, doc, today=today)


__all__ = ["Interpretation", "OfflineInterpreter", "finish", "interpret", "prompt_context"]
