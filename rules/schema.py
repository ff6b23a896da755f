"""JSON Schema (draft 2020-12) of format v1: the structural half of validation.

Semantic checks (references, grain, end after start, date xor weekday) are in
`rules.instance.parse_instance`; both report the field that is wrong.
"""
from __future__ import annotations

from typing import Any

import jsonschema

from rules.errors import DocumentError

INSTANCE_FORMAT = "agendador.instance/1"
SOLUTION_FORMAT = "agendador.solution/1"

_TIME = {"type": "string", "pattern": r"^([01][0-9]|2[0-4]):[0-5][0-9]$"}
_DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_WEEKDAY = {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}
_ID = {"type": "string", "minLength": 1}
_HOURS = {"type": "number", "minimum": 0}
_NULLABLE_HOURS = {"type": ["number", "null"], "minimum": 0}

_ALLOCATION = {
    "type": "object",
    "required": ["professional", "room", "date", "start", "end"],
    "properties": {
        "professional": _ID,
        "room": _ID,
        "date": _DATE,
        "start": _TIME,
        "end": _TIME,
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

_SCOPED = {
    "date": _DATE,
    "weekday": _WEEKDAY,
    "start": _TIME,
    "end": _TIME,
    "except_dates": {"type": "array", "items": _DATE},
}


def _rule(kind: str, required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
        "then": {"required": required, "properties": properties},
    }


INSTANCE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://agendador.local/schemas/instance-1.json",
    "title": "Agendador instance, format v1",
    "type": "object",
    "required": ["format", "week_start", "sites", "rooms", "professionals"],
    "properties": {
        "format": {"const": INSTANCE_FORMAT},
        "week_start": _DATE,
        "grain_minutes": {"type": "integer", "minimum": 5, "maximum": 240},
        "default_travel_minutes": {"type": "integer", "minimum": 0},
        "sites": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": _ID,
                    "name": {"type": "string"},
                    "opening_hours": {
                        "type": "object",
                        "propertyNames": _WEEKDAY,
                        "additionalProperties": {"type": "array", "items": _TIME, "minItems": 2, "maxItems": 2},
                    },
                    "closed_dates": {"type": "array", "items": _DATE},
                },
            },
        },
        "travel_minutes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["from", "to", "minutes"],
                "properties": {"from": _ID, "to": _ID, "minutes": {"type": "integer", "minimum": 0}},
            },
        },
        "rooms": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "site"],
                "properties": {
                    "id": _ID,
                    "site": _ID,
                    "name": {"type": "string"},
                    "kinds": {"type": "array", "items": {"type": "string"}},
                    "capacity": {"type": "integer", "minimum": 1},
                },
            },
        },
        "professionals": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": _ID,
                    "name": {"type": "string"},
                    "room_kind": {"type": ["string", "null"]},
                    "availability": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["start", "end"],
                            "properties": {"weekday": _WEEKDAY, "date": _DATE, "start": _TIME, "end": _TIME},
                        },
                    },
                    "min_weekly_hours": _HOURS,
                    "target_weekly_hours": _NULLABLE_HOURS,
                    "max_weekly_hours": _NULLABLE_HOURS,
                    "max_daily_hours": _NULLABLE_HOURS,
                    "min_block_minutes": {"type": "integer", "minimum": 1},
                    "preferred_sites": {"type": "array", "items": _ID},
                    "preferred_rooms": {"type": "array", "items": _ID},
                    "calendar_id": {"type": ["string", "null"]},
                },
            },
        },
        "rules": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "kind"],
                "properties": {
                    "id": _ID,
                    "kind": {
                        "enum": [
                            "room_block",
                            "unavailable",
                            "room_reserved",
                            "hours_limit",
                            "max_sites_per_day",
                            "site_closed",
                        ]
                    },
                    "label": {"type": "string"},
                },
                "allOf": [
                    _rule("room_block", ["room"], {"room": _ID, **_SCOPED}),
                    _rule("unavailable", ["professional"], {"professional": _ID, **_SCOPED}),
                    _rule(
                        "room_reserved",
                        ["room", "professionals"],
                        {"room": _ID, "professionals": {"type": "array", "items": _ID}, **_SCOPED},
                    ),
                    _rule(
                        "hours_limit",
                        [],
                        {
                            "professional": _ID,
                            "max_weekly_hours": _HOURS,
                            "max_daily_hours": _HOURS,
                            "min_weekly_hours": _HOURS,
                        },
                    ),
                    _rule(
                        "max_sites_per_day",
                        ["value"],
                        {"professional": _ID, "value": {"type": "integer", "minimum": 1}, "date": _DATE, "weekday": _WEEKDAY},
                    ),
                    _rule("site_closed", ["site", "date"], {"site": _ID, "date": _DATE}),
                ],
            },
        },
        "pins": {"type": "array", "items": _PIN},
        "previous": {"type": "array", "items": _ALLOCATION},
        "weights": {
            "type": "object",
            "propertyNames": {
                "enum": ["below_min", "below_target", "worst_below_target", "off_preference", "changed", "fragments"]
            },
            "additionalProperties": {"type": "integer", "minimum": 0},
        },
    },
}

_TERMS = ["below_min", "below_target", "worst_below_target", "off_preference", "changed", "fragments"]

SOLUTION_SCHEMA: dict[str, Any] = {
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
            "required": _TERMS,
            "properties": {t: {"type": "integer", "minimum": 0} for t in _TERMS},
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


def _message(error: jsonschema.ValidationError) -> str:
    v = error.validator
    if v == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return f"campo obrigatório ausente: {', '.join(missing)}"
    if v == "type":
        return f"tipo inválido (esperado {error.validator_value}): {error.instance!r}"
    if v in ("enum", "const"):
        return f"valor não permitido: {error.instance!r}"
    if v == "pattern":
        return f"formato inválido: {error.instance!r}"
    if v in ("minimum", "exclusiveMinimum"):
        return f"valor abaixo do mínimo {error.validator_value}: {error.instance!r}"
    if v == "maximum":
        return f"valor acima do máximo {error.validator_value}: {error.instance!r}"
    if v in ("minItems", "maxItems"):
        return "quantidade de itens inválida"
    if v == "propertyNames":
        return f"nome de campo inválido: {error.instance!r}"
    return error.message


def validate_against_schema(doc: Any, expected_format: str) -> None:
    schema = INSTANCE_SCHEMA if expected_format == INSTANCE_FORMAT else SOLUTION_SCHEMA
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
