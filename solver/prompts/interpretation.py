"""What every interpreter returns, and the one gate every proposal passes (`finish`)."""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from rules.errors import DocumentError
from rules.timeutil import DEFAULT_GRAIN_MINUTES
from solver.changes import CHANGES_FORMAT, apply_changes
from solver.prompts.explain import explain_change
from solver.prompts.names import Ambiguous, Directory, Unknown

OK, ERROR, AMBIGUOUS, REFUSED, UNSUPPORTED = "ok", "error", "ambiguous", "refused", "unsupported"

REFUSAL = (
    "Não posso fazer isso. Pelo prompt eu só proponho mudanças na agenda desta semana, que você confere "
    "e aprova; publicar, aprovar, apagar dados ou mexer em usuários e permissões só pelo painel, por um coordenador."
)
CAN_DO = (
    "Posso: bloquear ou desbloquear uma sala, fechar uma unidade num dia (feriado), marcar a ausência de alguém, "
    "mudar limites de horas ou a disponibilidade, fixar ou soltar uma alocação, mover, trocar, lançar a escala de "
    "sábado e refazer a semana (mexendo o mínimo ou do zero)."
)


@dataclass
class Interpretation:
    """An interpreter's answer: a validated changes document with one sentence per change, or errors."""

    interpreter: str
    status: str = OK
    changes: dict[str, Any] | None = None
    explanations: list[str] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    raw_output: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK

    def to_dict(self) -> dict[str, Any]:
        return {
            "interpreter": self.interpreter,
            "status": self.status,
            "changes": self.changes,
            "explanations": list(self.explanations),
            "errors": list(self.errors),
            "candidates": list(self.candidates),
            "raw_output": self.raw_output,
        }

    def messages(self) -> list[str]:
        return [e["message"] for e in self.errors]


def failed(interpreter: str, status: str, message: str, *, field_name: str = "prompt", raw_output: str = "",
           candidates: list[dict[str, Any]] | None = None) -> Interpretation:
    return Interpretation(
        interpreter, status=status, errors=[{"field": field_name, "message": message}],
        candidates=candidates or [], raw_output=raw_output,
    )  # fmt: skip


def prompt_context(doc: dict[str, Any]) -> dict[str, Any]:
    """What an external interpreter is shown: the week's names, premissas, pins and the version on screen."""
    return {
        "week_start": doc.get("week_start"),
        "grain_minutes": doc.get("grain_minutes", DEFAULT_GRAIN_MINUTES),
        "sites": [{"id": s["id"], "name": s.get("name", s["id"]), "opening_hours": s.get("opening_hours", {}),
                   "closed_dates": s.get("closed_dates", [])} for s in doc.get("sites", [])],
        "rooms": [{"id": r["id"], "name": r.get("name", r["id"]), "site": r["site"], "kinds": r.get("kinds", [])}
                  for r in doc.get("rooms", [])],
        "professionals": [{k: p[k] for k in ("id", "name", "room_kind", "min_weekly_hours", "target_weekly_hours",
                                             "max_weekly_hours", "max_daily_hours", "availability") if k in p}
                          for p in doc.get("professionals", [])],
        "rules": doc.get("rules", []),
        "pins": doc.get("pins", []),
        "allocations": doc.get("previous", []),
    }  # fmt: skip


# Fields of a change that name something, and what they name.
_REFERENCES = {"professional": "professional", "room": "room", "site": "site"}


def _resolve_names(changes: list[dict[str, Any]], directory: Directory) -> None:
    """Let a proposal name people, rooms and sites as the coordinator does ("Ana", "Sala 3")."""

    def fix(obj: dict[str, Any], path: str) -> None:
        for key, kind in _REFERENCES.items():
            value = obj.get(key)
            if not isinstance(value, str) or not value:
                continue
            known = {"professional": directory.professionals, "room": directory.rooms, "site": directory.sites}[kind]
            if value in known:
                continue
            try:
                if kind == "professional":
                    obj[key] = directory.find_person(value)
                elif kind == "room":
                    obj[key] = directory.find_room(value)
                else:
                    obj[key] = directory.find_site(value)
            except Unknown as exc:
                raise Unknown(exc.message, f"{path}.{key}") from None

    for i, change in enumerate(changes):
        if not isinstance(change, dict):
            continue
        fix(change, f"changes[{i}]")
        for part in ("from", "a", "b"):
            if isinstance(change.get(part), dict):
                fix(change[part], f"changes[{i}].{part}")


def finish(interpreter: str, proposal: Any, doc: dict[str, Any], *, raw_output: str | None = None) -> Interpretation:
    """Validate any interpreter's proposal against the week: the only way an Interpretation becomes `ok`."""
    raw = raw_output if raw_output is not None else json.dumps(proposal, ensure_ascii=False)
    if not isinstance(proposal, dict) or not isinstance(proposal.get("changes"), list):
        return failed(interpreter, ERROR, "O interpretador não devolveu um documento de mudanças válido.", raw_output=raw)
    proposal = copy.deepcopy(proposal)
    proposal.setdefault("format", CHANGES_FORMAT)
    if not proposal["changes"]:
        return failed(interpreter, UNSUPPORTED, "Não encontrei nenhuma mudança neste pedido. " + CAN_DO, raw_output=raw)
    directory = Directory(doc)
    try:
        _resolve_names(proposal["changes"], directory)
    except Ambiguous as exc:
        return failed(interpreter, AMBIGUOUS, exc.message, raw_output=raw, candidates=[exc.to_dict()])
    except Unknown as exc:
        return failed(interpreter, ERROR, exc.message, field_name=exc.field, raw_output=raw)
    try:
        apply_changes(doc, proposal)
    except DocumentError as exc:
        where = f"{exc.field}: " if exc.field else ""
        return failed(interpreter, ERROR, f"Mudança inválida ({where}{exc.message}).", field_name=exc.field or "changes",
                      raw_output=raw)  # fmt: skip
    explanations = [explain_change(change, directory) for change in proposal["changes"]]
    return Interpretation(interpreter, status=OK, changes=proposal, explanations=explanations, raw_output=raw)
