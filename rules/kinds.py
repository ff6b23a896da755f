"""A premissa kind, declared once: its name, its pt-BR label and the fields a rule of that kind takes.

Each rule module that reads typed rules declares them beside its checker::

    KINDS = (RuleKind("room_block", "Bloqueio de sala", required=("room",), optional=(*DAYS, *WINDOW)),)

and everything else derives from `rules.catalogue.RULE_KINDS`: the instance's JSON Schema
(`rules.schema`), the parser (`rules.instance`), the web shell's kind choices and field checks
(`webapp.clinic.models.Rule`), the API and the admin. A kind picks its fields from `FIELDS`, the one
vocabulary every premissa shares; a field that is not there yet needs a column on the web shell's
Rule too (a test proves the two agree).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rules.timeutil import WEEKDAYS

# JSON Schema of the values every document shares.
TIME = {"type": "string", "pattern": r"^([01][0-9]|2[0-4]):[0-5][0-9]$"}
DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
WEEKDAY = {"enum": list(WEEKDAYS)}
ID = {"type": "string", "minLength": 1}
# No figure of hours means more than the week has (7 × 24).
WEEK_HOURS = 168
HOURS = {"type": "number", "minimum": 0, "maximum": WEEK_HOURS}

# The fields a premissa may have (besides id, kind and label), each with its JSON Schema.
FIELDS: dict[str, dict[str, Any]] = {
    "room": ID,
    "site": ID,
    "professional": ID,
    "professionals": {"type": "array", "items": ID},
    "date": DATE,
    "weekday": WEEKDAY,
    "except_dates": {"type": "array", "items": DATE},
    "start": TIME,
    "end": TIME,
    "value": {"type": "integer", "minimum": 1},
    "max_weekly_hours": HOURS,
    "max_daily_hours": HOURS,
    "min_weekly_hours": HOURS,
}

# Which days a rule holds: one date, one weekday, or (neither) every day; a standing rule may be lifted
# on some dates. And which time of those days: `start`/`end` (absent = the whole day).
DAYS = ("date", "weekday", "except_dates")
WINDOW = ("start", "end")


@dataclass(frozen=True)
class RuleKind:
    """One kind of typed premissa: `kind` as documents write it, `label` as the coordinator says it."""

    kind: str
    label: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = [f for f in self.required + self.optional if f not in FIELDS]
        if unknown:
            raise ValueError(f"rule kind {self.kind}: fields not in rules.kinds.FIELDS: {unknown}")

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional

    def json_schema(self) -> dict[str, Any]:
        """The `if kind == … then …` branch of the instance schema's rules."""
        return {
            "if": {"properties": {"kind": {"const": self.kind}}, "required": ["kind"]},
            "then": {"required": list(self.required), "properties": {f: FIELDS[f] for f in self.fields}},
        }
