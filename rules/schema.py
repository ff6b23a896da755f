"""JSON Schema (draft 2020-12) of format v1: the structural half of validation.

The rules' kinds and fields come from the catalogue's declarations (`rules.kinds`), the weights'
and terms' names from its soft modules: adding a premissa never edits this file.

Semantic checks (references, grain, end after start, date xor weekday) are in
`rules.instance.parse_instance`; both report the field that is wrong.
"""
from __future__ import annotations

import functools
from typing import Any

import jsonschema

from rules.errors import DocumentError
from rules.kinds import DATE, HOURS, ID, TIME, WEEK_HOURS, WEEKDAY

INSTANCE_FORMAT = "agendador.instance/1"
SOLUTION_FORMAT = "agendador.solution/1"

_ALLOCATION = {
    "type": "object",
    "required": ["professional", "room", "date", "start", "end"],
    "properties": {
        "professional": ID,
        "room": ID,
        "date": DATE,
        "start": TIME,
        "end": TIME,
        "pinned": {"type": "boolean"},
        "source": {"type": "string"},
    },
}

# A pin may say the coordinator accepted it although it breaks a premissa: it then wins over the
# premissas that only forbid time (opening hours, availability, room kind, block, reservation) for
# its own slot, and the inconsistencies it causes are reported with severity "accepted".
_PIN = {
    **_ALLOCATION,
    "properties": {
        **_ALLOCATION["properties"],
        "accepted": {
            "type": "boolean",
            "description": "Aceita pelo coordenador mesmo quebrando uma premissa (vale só para o horário fixado).",
        },
    },
}

_NULLABLE_HOURS = {"type": ["number", "null"], "minimum": 0, "maximum": WEEK_HOURS}
# Bounds that keep every figure far inside what the solver's integer arithmetic holds.
DAY_MINUTES = 24 * 60
MAX_CAPACITY = 1000
MAX_WEIGHT = 1_000_000


@functools.cache
def instance_schema() -> dict[str, Any]:
    """The JSON Schema of an instance; its rule kinds and weights come from the catalogue."""
    from rules import catalogue  # the catalogue's modules parse instances: import it once they exist

    kinds = catalogue.RULE_KINDS.values()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://agendador.local/schemas/instance-1.json",
        "title": "Agendador instance, format v1",
        "type": "object",
        "required": ["format", "week_start", "sites", "rooms", "professionals"],
        "properties": {
            "format": {"const": INSTANCE_FORMAT},
            "week_start": DATE,
            "grain_minutes": {"type": "integer", "minimum": 5, "maximum": 240},
            "default_travel_minutes": {"type": "integer", "minimum": 0, "maximum": DAY_MINUTES},
            "sites": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": ID,
                        "name": {"type": "string"},
                        "opening_hours": {
                            "type": "object",
                            "propertyNames": WEEKDAY,
                            "additionalProperties": {"type": "array", "items": TIME, "minItems": 2, "maxItems": 2},
                        },
                        "closed_dates": {"type": "array", "items": DATE},
                    },
                },
            },
            "travel_minutes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["from", "to", "minutes"],
                    "properties": {"from": ID, "to": ID, "minutes": {"type": "integer", "minimum": 0, "maximum": DAY_MINUTES}},
                },
            },
            "rooms": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "site"],
                    "properties": {
                        "id": ID,
                        "site": ID,
                        "name": {"type": "string"},
                        "kinds": {"type": "array", "items": {"type": "string"}},
                        "capacity": {"type": "integer", "minimum": 1, "maximum": MAX_CAPACITY},
                    },
                },
            },
            "professionals": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": ID,
                        "name": {"type": "string"},
                        "room_kind": {"type": ["string", "null"]},
                        "availability": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["start", "end"],
                                "properties": {"weekday": WEEKDAY, "date": DATE, "start": TIME, "end": TIME},
                            },
                        },
                        "min_weekly_hours": HOURS,
                        "target_weekly_hours": _NULLABLE_HOURS,
                        "max_weekly_hours": _NULLABLE_HOURS,
                        "max_daily_hours": _NULLABLE_HOURS,
                        "min_block_minutes": {"type": "integer", "minimum": 1, "maximum": DAY_MINUTES},
                        "preferred_sites": {"type": "array", "items": ID},
                        "preferred_rooms": {"type": "array", "items": ID},
                        "calendar_id": {"type": ["string", "null"]},
                    },
                },
            },
            "rules": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "kind"],
                    "properties": {"id": ID, "kind": {"enum": [k.kind for k in kinds]}, "label": {"type": "string"}},
                    "allOf": [k.json_schema() for k in kinds],
                },
            },
            "pins": {"type": "array", "items": _PIN},
            "previous": {"type": "array", "items": _ALLOCATION},
            "weights": {
                "type": "object",
                "propertyNames": {"enum": list(catalogue.TERMS)},
                "additionalProperties": {"type": "integer", "minimum": 0, "maximum": MAX_WEIGHT},
            },
        },
    }


@functools.cache
def solution_schema() -> dict[str, Any]:
    """The JSON Schema of a solution; its terms come from the catalogue."""
    from rules import catalogue

    terms = list(catalogue.TERMS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://agendador.local/schemas/solution-1.json",
        "title": "Agendador solution, format v1",
        "type": "object",
        "required": ["format", "status", "allocations"],
        "properties": {
            "format": {"const": SOLUTION_FORMAT},
            "status": {"enum": ["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "MODEL_INVALID"]},
            "objective": {"type": ["integer", "null"]},
            "bound": {"type": ["integer", "number", "null"]},
            "gap": {"type": ["number", "null"], "minimum": 0},
            "terms": {
                "type": ["object", "null"],
                "required": terms,
                "properties": {t: {"type": "integer", "minimum": 0} for t in terms},
            },
            "allocations": {"type": "array", "items": _ALLOCATION},
            "conflicts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["rules", "message"],
                    "properties": {"rules": {"type": "array", "items": {"type": "string"}}, "message": {"type": "string"}},
                },
            },
            "stats": {"type": "object"},
        },
    }


def _path(error: jsonschema.ValidationError) -> str:
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _show(value: Any, limit: int = 60) -> str:
    """A value as the message quotes it, cut short when it is long (a huge string, a deep nesting)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(error: jsonschema.ValidationError) -> str:
    v = error.validator
    if v == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return f"campo obrigatório ausente: {', '.join(missing)}"
    if v == "type":
        return f"tipo inválido (esperado {error.validator_value}): {_show(error.instance)}"
    if v in ("enum", "const"):
        return f"valor não permitido: {_show(error.instance)}"
    if v == "pattern":
        return f"formato inválido: {_show(error.instance)}"
    if v in ("minimum", "exclusiveMinimum"):
        return f"valor abaixo do mínimo {error.validator_value}: {_show(error.instance)}"
    if v == "maximum":
        return f"valor acima do máximo {error.validator_value}: {_show(error.instance)}"
    if v in ("minItems", "maxItems"):
        return "quantidade de itens inválida"
    if v == "propertyNames":
        return f"nome de campo inválido: {_show(error.instance)}"
    return error.message


def validate_against_schema(doc: Any, expected_format: str) -> None:
    schema = instance_schema() if expected_format == INSTANCE_FORMAT else solution_schema()
    if not isinstance(doc, dict):
        raise DocumentError("", "o documento precisa ser um objeto JSON")
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(doc))
    if errors:
        # The deepest error names the most precise field.
        best = max(errors, key=lambda e: len(list(e.absolute_path)))
        if best.validator == "required":
            missing = [k for k in best.validator_value if k not in (best.instance or {})]
            base = _path(best)
            field = f"{base}.{missing[0]}" if base and missing else (missing[0] if missing else base)
            raise DocumentError(field, "campo obrigatório ausente")
        raise DocumentError(_path(best), _message(best))
