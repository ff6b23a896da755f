"""Prompts: pt-BR text → a validated changes document (agendador.changes/1), whoever interprets it.

An interpreter gets the prompt and a context (the week's instance document, whose `previous` is the
version on screen) and proposes a changes document. `finish` then treats every proposal alike: names
resolved against the week, the changes validated by `solver.changes`, one pt-BR sentence per change.
Nothing outside the changes language can come out of here. Plain Python: no Django.
"""
from __future__ import annotations

from solver.prompts.interpretation import Interpretation, finish, prompt_context
from solver.prompts.offline import OfflineInterpreter

__all__ = ["Interpretation", "OfflineInterpreter", "finish", "prompt_context"]
