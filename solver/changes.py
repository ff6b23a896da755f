"""The changes language: one typed, versioned JSON form for what-if scenarios, board edits and prompts.

A changes document says "starting from this week's instance, change these premissas / pins":

    {"format": "agendador.changes/1",
     "changes": [{"kind": "block_room", "room": "sav-2", "date": "2026-12-08", "start": "13:00", "end": "17:00"},
                 {"kind": "move", "from": {...allocation...}, "to": {"room": "sav-3"}},
                 {"kind": "resolve", "minimal_change": true}]}

In an instance document, `previous` stands for the schedule the changes speak about (the version
being edited); `move`, `swap`, `pin` and `add_saturday_entry` act on it and on `pins`, so the edited
schedule is `previous` after `apply_changes`. Plain Python: no Django, no solver.
"""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import jsonschema

from rules.errors import DocumentError
from rules.timeutil import DEFAULT_GRAIN_MINUTES, WEEKDAYS, fmt_date_pt, parse_date, parse_time

CHANGES_FORMAT = "agendador.changes/1"

KINDS = (
    "block_room",
    "unblock_room",
    "mark_absent",
    "set_hour_limits",
    "set_availability",
    "pin",
    "unpin",
    "move",
    "swap",
    "add_saturday_entry",
    "close_site",
    "resolve",
)
# How a coordinator names each kind (pt-BR), e.g. in a change that could not be adopted.
KIND_LABELS = {
    "block_room": "bloqueio de sala",
    "unblock_room": "desbloqueio de sala",
    "mark_absent": "ausência",
    "set_hour_limits": "limites de horas",
    "set_availability": "disponibilidade",
    "pin": "fixação",
    "unpin": "remoção de fixação",
    "move": "movimentação",
    "swap": "troca",
    "add_saturday_entry": "escala de sábado",
    "close_site": "fechamento de unidade",
    "resolve": "recálculo",
}
# The kinds that edit a schedule directly (what a board edit may send).
ALLOCATION_KINDS = frozenset({"pin", "unpin", "move", "swap", "add_saturday_entry"})
HOUR_FIELDS = ("min_weekly_hours", "target_weekly_hours", "max_weekly_hours", "max_daily_hours")
# The most hours a figure can mean: a week has 168 hours, a day 24.
HOUR_CEILINGS = {"min_weekly_hours": 168, "target_weekly_hours": 168, "max_weekly_hours": 168, "max_daily_hours": 24}

_TIME = {"type": "string", "pattern": r"^([01][0-9]|2[0-4]):[0-5][0-9]$"}
_DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_WEEKDAY = {"enum": list(WEEKDAYS)}
_ID = {"type": "string", "minLength": 1}
_NOTE = {"type": "string"}
_ALLOCATION = {
    "type": "object",
    "required": ["professional", "room", "date", "start", "end"],
    "properties": {"professional": _ID, "room": _ID, "date": _DATE, "start": _TIME, "end": _TIME},
}
_ALLOCATION_FIELDS = {"professional": _ID, "room": _ID, "date": _DATE, "start": _TIME, "end": _TIME}


def _change(kind: str, required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["kind", *required],
        "properties": {"kind": {"const": kind}, "note": _NOTE, **properties},
        "additionalProperties": False,
    }


CHANGE_SCHEMAS: dict[str, dict[str, Any]] = {
    "block_room": _change(
        "block_room",
        ["room"],
        {"room": _ID, "date": _DATE, "weekday": _WEEKDAY, "start": _TIME, "end": _TIME, "label": {"type": "string"}},
    ),
    "unblock_room": _change("unblock_room", [], {"room": _ID, "rule": _ID, "date": _DATE}),
    "mark_absent": _change(
        "mark_absent",
        ["professional"],
        {"professional": _ID, "date": _DATE, "start": _TIME, "end": _TIME, "label": {"type": "string"}},
    ),
    "set_hour_limits": _change(
        "set_hour_limits",
        ["professional"],
        {"professional": _ID, **{f: {"type": ["number", "null"], "minimum": 0} for f in HOUR_FIELDS}},
    ),
    "set_availability": _change(
        "set_availability",
        ["professional", "availability"],
        {
            "professional": _ID,
            "availability": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["start", "end"],
                    "properties": {"weekday": _WEEKDAY, "date": _DATE, "start": _TIME, "end": _TIME},
                    "additionalProperties": False,
                },
            },
        },
    ),
    "pin": _change(
        "pin",
        list(_ALLOCATION_FIELDS),
        {**_ALLOCATION_FIELDS, "source": {"enum": ["manual", "saturday", "swap", "board", "prompt"]}},
    ),
    "unpin": _change("unpin", list(_ALLOCATION_FIELDS), _ALLOCATION_FIELDS),
    "move": _change(
        "move",
        ["from", "to"],
        {
            "from": _ALLOCATION,
            "to": {
                "type": "object",
                "properties": {"room": _ID, "date": _DATE, "start": _TIME, "end": _TIME},
                "additionalProperties": False,
            },
        },
    ),
    "swap": _change("swap", ["a", "b"], {"a": _ALLOCATION, "b": _ALLOCATION}),
    "add_saturday_entry": _change("add_saturday_entry", list(_ALLOCATION_FIELDS), _ALLOCATION_FIELDS),
    "close_site": _change("close_site", ["site", "date"], {"site": _ID, "date": _DATE, "label": {"type": "string"}}),
    "resolve": _change(
        "resolve",
        ["minimal_change"],
        # max_changed_minutes: minutes moved beyond those the changes force (0 = strict freeze).
        {"minimal_change": {"type": "boolean"}, "max_changed_minutes": {"type": "integer", "minimum": 0}},
    ),
}

CHANGES_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://agendador.local/schemas/changes-1.json",
    "title": "Agendador changes, format 1",
    "type": "object",
    "required": ["format", "changes"],
    "properties": {
        "format": {"const": CHANGES_FORMAT},
        "changes": {"type": "array", "items": {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": list(KINDS)}}}},
    },
    "additionalProperties": False,
}

# The published schema: the document and, per kind, the fields of each change.
JSON_SCHEMA: dict[str, Any] = {
    **CHANGES_SCHEMA,
    "properties": {
        "format": {"const": CHANGES_FORMAT},
        "changes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": list(KINDS)}},
                "allOf": [
                    {"if": {"properties": {"kind": {"const": kind}}}, "then": schema}
                    for kind, schema in CHANGE_SCHEMAS.items()
                ],
            },
        },
    },
}

_MESSAGES = {
    "required": "campo obrigatório ausente",
    "additionalProperties": "campo não permitido",
    "enum": "valor não permitido",
    "const": "valor não permitido",
    "pattern": "formato inválido",
    "type": "tipo inválido",
    "minimum": "valor abaixo do mínimo",
    "minLength": "valor vazio",
}


def _path(prefix: str, error: jsonschema.ValidationError) -> str:
    out = prefix
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        if missing:
            out = f"{out}.{missing[0]}" if out else missing[0]
    elif error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            out = f"{out}.{extra[0]}" if out else extra[0]
    return out


def _check_schema(doc: Any, schema: dict[str, Any], prefix: str) -> None:
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: -len(list(e.absolute_path))
    )
    if errors:
        best = errors[0]
        message = _MESSAGES.get(best.validator, best.message)
        if best.validator in ("enum", "const", "pattern", "type", "minimum"):
            message = f"{message}: {best.instance!r}"
        raise DocumentError(_path(prefix, best), message)


def _check_structure(changes_doc: Any) -> list[dict[str, Any]]:
    if not isinstance(changes_doc, dict):
        raise DocumentError("", "o documento de mudanças precisa ser um objeto JSON")
    _check_schema(changes_doc, CHANGES_SCHEMA, "")
    for i, change in enumerate(changes_doc["changes"]):
        _check_schema(change, CHANGE_SCHEMAS[change["kind"]], f"changes[{i}]")
    resolves = [i for i, c in enumerate(changes_doc["changes"]) if c["kind"] == "resolve"]
    if len(resolves) > 1:
        raise DocumentError(f"changes[{resolves[1]}]", "só pode haver um pedido de recálculo")
    return changes_doc["changes"]


class _Applier:
    """Applies changes one by one to a copy of an instance document, checking each against it."""

    def __init__(self, instance_doc: dict[str, Any]):
        self.doc = copy.deepcopy(instance_doc)
        self.grain = self.doc.get("grain_minutes", DEFAULT_GRAIN_MINUTES)
        self.week_start = parse_date(self.doc.get("week_start"), "week_start")
        self.doc.setdefault("rules", [])
        self.doc.setdefault("pins", [])
        self.doc.setdefault("previous", [])
        self._index()
        self.path = ""

    def _index(self) -> None:
        self.rooms = {r["id"]: r for r in self.doc.get("rooms", [])}
        self.sites = {s["id"]: s for s in self.doc.get("sites", [])}
        self.professionals = {p["id"]: p for p in self.doc.get("professionals", [])}

    # --- checks, each naming the field it judges

    def room(self, value: str, field: str) -> str:
        if value not in self.rooms:
            raise DocumentError(f"{self.path}.{field}", f"sala desconhecida: {value}")
        return value

    def professional(self, value: str, field: str) -> str:
        if value not in self.professionals:
            raise DocumentError(f"{self.path}.{field}", f"profissional desconhecido: {value}")
        return value

    def date(self, value: str, field: str) -> dt.date:
        day = parse_date(value, f"{self.path}.{field}")
        if not self.week_start <= day < self.week_start + dt.timedelta(days=7):
            raise DocumentError(f"{self.path}.{field}", f"a data {value} está fora da semana de {self.week_start:%d/%m/%Y}")
        return day

    def interval(self, obj: dict[str, Any], prefix: str, *, required: bool = True) -> None:
        if "start" not in obj and "end" not in obj and not required:
            return
        for key in ("start", "end"):
            if key not in obj:
                raise DocumentError(f"{prefix}.{key}", "início e fim precisam vir juntos")
        start = parse_time(obj["start"], f"{prefix}.start")
        end = parse_time(obj["end"], f"{prefix}.end", allow_24=True)
        for key, minutes in (("start", start), ("end", end)):
            if minutes % self.grain:
                raise DocumentError(f"{prefix}.{key}", f"o horário {obj[key]} não está na grade de {self.grain} minutos")
        if end <= start:
            raise DocumentError(f"{prefix}.end", "o fim precisa ser depois do início")

    def hours(self, value: float | None, field: str) -> None:
        if value is None:
            return
        ceiling = HOUR_CEILINGS[field]
        if not 0 <= value <= ceiling:
            raise DocumentError(f"{self.path}.{field}", f"{value} h é impossível: o limite vai de 0 a {ceiling} h")
        if abs(value * 60 - round(value * 60)) > 1e-9:
            raise DocumentError(f"{self.path}.{field}", "as horas precisam corresponder a um número inteiro de minutos")

    def allocation(self, obj: dict[str, Any], prefix: str) -> dict[str, Any]:
        saved, self.path = self.path, prefix
        try:
            self.professional(obj["professional"], "professional")
            self.room(obj["room"], "room")
            self.date(obj["date"], "date")
            self.interval(obj, prefix)
        finally:
            self.path = saved
        return {k: obj[k] for k in ("professional", "room", "date", "start", "end")}

    def new_rule_id(self, kind: str) -> str:
        taken = {r["id"] for r in self.doc["rules"]}
        n = 1
        while f"mudanca-{n}" in taken:
            n += 1
        return f"mudanca-{n}"

    # --- schedule bookkeeping

    @staticmethod
    def _key(a: dict[str, Any]) -> tuple:
        return (a["professional"], a["room"], a["date"], a["start"], a["end"])

    def find(self, alloc: dict[str, Any], field: str) -> None:
        key = self._key(alloc)
        if not any(self._key(a) == key for a in self.doc["previous"] + self.doc["pins"]):
            raise DocumentError(f"{self.path}.{field}", "alocação não encontrada na agenda")

    def remove(self, alloc: dict[str, Any]) -> None:
        key = self._key(alloc)
        self.doc["previous"] = [a for a in self.doc["previous"] if self._key(a) != key]
        self.doc["pins"] = [a for a in self.doc["pins"] if self._key(a) != key]

    def add(self, alloc: dict[str, Any], source: str) -> None:
        key = self._key(alloc)
        if not any(self._key(a) == key for a in self.doc["pins"]):
            self.doc["pins"].append({**alloc, "source": source})
        if not any(self._key(a) == key for a in self.doc["previous"]):
            self.doc["previous"].append(dict(alloc))

    # --- one method per kind

    def block_room(self, c: dict[str, Any]) -> None:
        room = self.room(c["room"], "room")
        if "date" in c and "weekday" in c:
            raise DocumentError(f"{self.path}.weekday", "informe data ou dia da semana, não os dois")
        rule = {"id": self.new_rule_id("room_block"), "kind": "room_block", "room": room}
        if "date" in c:
            self.date(c["date"], "date")
            rule["date"] = c["date"]
        if "weekday" in c:
            rule["weekday"] = c["weekday"]
        self.interval(c, self.path, required=False)
        if "start" in c:
            rule["start"], rule["end"] = c["start"], c["end"]
        rule["label"] = c.get("label") or f"{self.rooms[room].get('name', room)} bloqueada (simulação)"
        self.doc["rules"].append(rule)

    def unblock_room(self, c: dict[str, Any]) -> None:
        if "rule" not in c and "room" not in c:
            raise DocumentError(f"{self.path}.room", "informe a sala ou a premissa de bloqueio")
        if "room" in c:
            self.room(c["room"], "room")
        day = self.date(c["date"], "date") if "date" in c else None
        blocks = self.doc["rules"]
        hits = [
            r
            for r in blocks
            if r["kind"] == "room_block"
            and ("rule" not in c or r["id"] == c["rule"])
            and ("room" not in c or r["room"] == c["room"])
            and (day is None or _applies_on(r, day))
        ]
        if not hits:
            field = "rule" if "rule" in c else "room"
            raise DocumentError(f"{self.path}.{field}", "nenhum bloqueio de sala corresponde a esta mudança")
        if day is None:
            self.doc["rules"] = [r for r in blocks if not any(r is h for h in hits)]
            return
        # One day of a standing rule (weekday or whole week) is lifted on that day only; a dated rule goes.
        kept = []
        for rule in blocks:
            if not any(rule is h for h in hits):
                kept.append(rule)
            elif "date" not in rule:
                kept.append({**rule, "except_dates": sorted({*rule.get("except_dates", []), day.isoformat()})})
        self.doc["rules"] = kept

    def mark_absent(self, c: dict[str, Any]) -> None:
        prof = self.professional(c["professional"], "professional")
        if "date" in c:
            days = [self.date(c["date"], "date")]
        else:  # absent this week: one rule per date, so approving it never reaches other weeks
            days = [self.week_start + dt.timedelta(days=i) for i in range(7)]
        self.interval(c, self.path, required=False)
        when = f" em {fmt_date_pt(days[0])}" if "date" in c else " na semana"
        label = c.get("label") or f"{self.professionals[prof].get('name', prof)} ausente{when} (simulação)"
        for day in days:
            rule = {"id": self.new_rule_id("unavailable"), "kind": "unavailable", "professional": prof,
                    "date": day.isoformat()}  # fmt: skip
            if "start" in c:
                rule["start"], rule["end"] = c["start"], c["end"]
            rule["label"] = label
            self.doc["rules"].append(rule)

    def set_hour_limits(self, c: dict[str, Any]) -> None:
        prof = self.professional(c["professional"], "professional")
        given = [f for f in HOUR_FIELDS if f in c]
        if not given:
            raise DocumentError(f"{self.path}.max_weekly_hours", "informe ao menos um limite de horas")
        person = self.professionals[prof]
        for f in given:
            self.hours(c[f], f)
        figures = {**{f: person.get(f) for f in HOUR_FIELDS}, **{f: c[f] for f in given}}
        low, high = figures["min_weekly_hours"], figures["max_weekly_hours"]
        if low is not None and high is not None and low > high:
            field = "min_weekly_hours" if "min_weekly_hours" in given else "max_weekly_hours"
            raise DocumentError(
                f"{self.path}.{field}", f"o mínimo semanal ({low} h) não pode passar do máximo semanal ({high} h)"
            )
        for f in given:
            if c[f] is None:
                person.pop(f, None)
            else:
                person[f] = c[f]
        # "Set" means these figures hold: a personal hours_limit on the same figure would override a raise.
        for rule in self.doc["rules"]:
            if rule["kind"] == "hours_limit" and rule.get("professional") == prof:
                for f in given:
                    rule.pop(f, None)
        self.doc["rules"] = [
            r
            for r in self.doc["rules"]
            if not (
                r["kind"] == "hours_limit"
                and r.get("professional") == prof
                and not any(f in r for f in ("max_weekly_hours", "max_daily_hours", "min_weekly_hours"))
            )
        ]

    def set_availability(self, c: dict[str, Any]) -> None:
        prof = self.professional(c["professional"], "professional")
        windows = []
        for j, w in enumerate(c["availability"]):
            prefix = f"{self.path}.availability[{j}]"
            if ("weekday" in w) == ("date" in w):
                raise DocumentError(prefix, "informe exatamente um entre weekday e date")
            if "date" in w:
                saved, self.path = self.path, prefix
                self.date(w["date"], "date")
                self.path = saved
            self.interval(w, prefix)
            day = w.get("weekday") or w.get("date")
            start, end = parse_time(w["start"], prefix), parse_time(w["end"], prefix, allow_24=True)
            for k, other in enumerate(windows):
                if (other.get("weekday") or other.get("date")) == day and start < parse_time(other["end"], prefix, allow_24=True) and parse_time(other["start"], prefix) < end:
                    raise DocumentError(
                        f"{prefix}.start",
                        f"a janela {w['start']}–{w['end']} de {day} se sobrepõe à janela {other['start']}–{other['end']} "
                        f"(availability[{k}])",
                    )
            windows.append(dict(w))
        self.professionals[prof]["availability"] = windows

    def pin(self, c: dict[str, Any]) -> None:
        self.add(self.allocation(c, self.path), c.get("source", "manual"))

    def unpin(self, c: dict[str, Any]) -> None:
        alloc = self.allocation(c, self.path)
        key = self._key(alloc)
        if not any(self._key(p) == key for p in self.doc["pins"]):
            raise DocumentError(self.path, "esta alocação não está fixada")
        self.doc["pins"] = [p for p in self.doc["pins"] if self._key(p) != key]

    def move(self, c: dict[str, Any]) -> None:
        source = self.allocation(c["from"], f"{self.path}.from")
        self.find(source, "from")
        target = {**source, **c["to"]}
        target = self.allocation(target, f"{self.path}.to")
        if self._key(target) == self._key(source):
            raise DocumentError(f"{self.path}.to", "o destino é igual à origem")
        self.remove(source)
        self.add(target, "board")

    def swap(self, c: dict[str, Any]) -> None:
        a = self.allocation(c["a"], f"{self.path}.a")
        b = self.allocation(c["b"], f"{self.path}.b")
        self.find(a, "a")
        self.find(b, "b")
        if a["professional"] == b["professional"]:
            raise DocumentError(f"{self.path}.b.professional", "a troca precisa envolver dois profissionais diferentes")
        self.remove(a)
        self.remove(b)
        self.add({**a, "professional": b["professional"]}, "swap")
        self.add({**b, "professional": a["professional"]}, "swap")

    def add_saturday_entry(self, c: dict[str, Any]) -> None:
        alloc = self.allocation(c, self.path)
        if dt.date.fromisoformat(alloc["date"]).weekday() != 5:
            raise DocumentError(f"{self.path}.date", "a escala de sábado precisa cair num sábado")
        self.add(alloc, "saturday")

    def close_site(self, c: dict[str, Any]) -> None:
        if c["site"] not in self.sites:
            raise DocumentError(f"{self.path}.site", f"unidade desconhecida: {c['site']}")
        day = self.date(c["date"], "date")
        site = self.sites[c["site"]]
        self.doc["rules"].append(
            {
                "id": self.new_rule_id("site_closed"),
                "kind": "site_closed",
                "site": c["site"],
                "date": c["date"],
                "label": c.get("label") or f"{site.get('name', c['site'])} fechada em {fmt_date_pt(day)} (simulação)",
            }
        )

    def resolve(self, c: dict[str, Any]) -> None:
        pass  # applied last, see apply_changes


def _applies_on(rule: dict[str, Any], day: dt.date) -> bool:
    if day.isoformat() in rule.get("except_dates", []):
        return False
    if "date" in rule:
        return rule["date"] == day.isoformat()
    if "weekday" in rule:
        return rule["weekday"] == WEEKDAYS[day.weekday()]
    return True


def apply_changes(instance_doc: dict[str, Any], changes_doc: dict[str, Any]) -> dict[str, Any]:
    """Return a new instance document with the changes applied; the input is never mutated.

    Raises `DocumentError` naming the change and field (e.g. ``changes[2].room``) when a change
    does not fit the instance.
    """
    changes = _check_structure(changes_doc)
    applier = _Applier(instance_doc)
    for i, change in enumerate(changes):
        applier.path = f"changes[{i}]"
        getattr(applier, change["kind"])(change)
    directive = resolve_directive(changes_doc)
    if directive is not None and not directive["minimal_change"]:
        applier.doc["previous"] = []
    return applier.doc


def apply_what_fits(
    instance_doc: dict[str, Any], changes_doc: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[int, DocumentError]]]:
    """Apply each change that still fits the instance, in order; return the new document and the refusals.

    Approval re-applies a scenario to today's data, which may have moved since the what-if ran (a rule
    deactivated, an allocation gone): a change that no longer fits is returned with its position and
    reason instead of stopping the others. `resolve` changes nothing here (it only steers a solve).
    """
    changes = _check_structure(changes_doc)
    applier = _Applier(instance_doc)
    refused: list[tuple[int, DocumentError]] = []
    for i, change in enumerate(changes):
        saved = copy.deepcopy(applier.doc)  # a refused change leaves nothing half-applied
        applier.path = f"changes[{i}]"
        try:
            getattr(applier, change["kind"])(change)
        except DocumentError as exc:
            applier.doc = saved
            applier._index()
            refused.append((i, exc))
    return applier.doc, refused


def validate_changes(instance_doc: dict[str, Any], changes_doc: dict[str, Any]) -> None:
    """Raise `DocumentError` (field named, message in pt-BR) if the changes do not fit the instance."""
    apply_changes(instance_doc, changes_doc)


def resolve_directive(changes_doc: dict[str, Any]) -> dict[str, Any] | None:
    """The `resolve` change of a (valid) document, or None when it asks for no re-solve."""
    return next((c for c in changes_doc.get("changes", []) if c.get("kind") == "resolve"), None)


def only_allocation_changes(changes_doc: dict[str, Any]) -> bool:
    """True when every change edits the schedule directly (what a board edit may send)."""
    return all(c.get("kind") in ALLOCATION_KINDS for c in changes_doc.get("changes", []))


def changes_document(*changes: dict[str, Any]) -> dict[str, Any]:
    return {"format": CHANGES_FORMAT, "changes": list(changes)}


__all__ = [
    "ALLOCATION_KINDS",
    "CHANGES_FORMAT",
    "CHANGES_SCHEMA",
    "CHANGE_SCHEMAS",
    "JSON_SCHEMA",
    "KINDS",
    "KIND_LABELS",
    "apply_changes",
    "apply_what_fits",
    "changes_document",
    "only_allocation_changes",
    "resolve_directive",
    "validate_changes",
]
