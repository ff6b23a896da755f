"""One plain pt-BR sentence per change, in the coordinator's words."""
from __future__ import annotations

import datetime as dt
from typing import Any

from rules.timeutil import WEEKDAY_PT, fmt_date_pt

_WEEKDAY_PLURAL = {"mon": "segundas", "tue": "terças", "wed": "quartas", "thu": "quintas", "fri": "sextas",
                   "sat": "sábados", "sun": "domingos"}  # fmt: skip
_HOUR_FIELDS = {
    "max_weekly_hours": "no máximo {} h por semana",
    "max_daily_hours": "no máximo {} h por dia",
    "target_weekly_hours": "meta de {} h por semana",
    "min_weekly_hours": "no mínimo {} h por semana",
}


def _day(c: dict[str, Any], *, whole_week: str = "a semana toda") -> str:
    if "date" in c:
        return f"na {fmt_date_pt(dt.date.fromisoformat(c['date']))}" if dt.date.fromisoformat(c["date"]).weekday() < 5 else f"no {fmt_date_pt(dt.date.fromisoformat(c['date']))}"
    if "weekday" in c:
        return f"todas as {_WEEKDAY_PLURAL[c['weekday']]}" if c["weekday"] not in ("sat", "sun") else f"todos os {_WEEKDAY_PLURAL[c['weekday']]}"
    return whole_week


def _window(c: dict[str, Any]) -> str:
    return f", das {c['start']} às {c['end']}" if "start" in c and "end" in c else ", o dia todo"


def _alloc(a: dict[str, Any], names) -> str:
    day = dt.date.fromisoformat(a["date"])
    return f"{names.person_name(a['professional'])} em {names.room_label(a['room'])}, {fmt_date_pt(day)}, {a['start']}–{a['end']}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def explain_change(c: dict[str, Any], names) -> str:
    """A sentence for one (validated) change; `names` is a solver.prompts.names.Directory."""
    kind = c["kind"]
    if kind == "block_room":
        return f"Bloquear {names.room_label(c['room'])} {_day(c)}{_window(c)}."
    if kind == "unblock_room":
        what = names.room_label(c["room"]) if "room" in c else f"a premissa {c['rule']}"
        return f"Desbloquear {what} {_day(c, whole_week='em toda a semana')}."
    if kind == "close_site":
        return f"Fechar a unidade {names.site_name(c['site'])} {_day(c)} (feriado ou fechamento)."
    if kind == "mark_absent":
        return f"Marcar {names.person_name(c['professional'])} como ausente {_day(c)}{_window(c)}."
    if kind == "set_hour_limits":
        parts = []
        for f, text in _HOUR_FIELDS.items():
            if f in c:
                parts.append(text.format(_num(c[f])) if c[f] is not None else f"sem {text.split(' {}')[0]}")
        return f"Limites de horas de {names.person_name(c['professional'])}: {', '.join(parts)}."
    if kind == "set_availability":
        windows = []
        for w in c["availability"]:
            when = WEEKDAY_PT[w["weekday"]] if "weekday" in w else fmt_date_pt(dt.date.fromisoformat(w["date"]))
            windows.append(f"{when} {w['start']}–{w['end']}")
        listed = "; ".join(windows) if windows else "nenhum horário"
        return f"Disponibilidade de {names.person_name(c['professional'])} passa a ser: {listed}."
    if kind == "pin":
        return f"Fixar {_alloc(c, names)} (os próximos cálculos a mantêm)."
    if kind == "unpin":
        return f"Soltar a fixação de {_alloc(c, names)}."
    if kind == "move":
        target = {**c["from"], **c["to"]}
        return f"Mover {_alloc(c['from'], names)} para {names.room_label(target['room'])}, {fmt_date_pt(dt.date.fromisoformat(target['date']))}, {target['start']}–{target['end']}."
    if kind == "swap":
        a, b = c["a"], c["b"]
        return (
            f"Trocar {names.person_name(a['professional'])} e {names.person_name(b['professional'])}: "
            f"{names.person_name(b['professional'])} fica com {_alloc(a, names).split(' em ', 1)[1]} e "
            f"{names.person_name(a['professional'])} com {_alloc(b, names).split(' em ', 1)[1]}."
        )
    if kind == "add_saturday_entry":
        return f"Lançar na escala de sábado: {_alloc(c, names)}."
    if kind == "resolve":
        if c["minimal_change"]:
            return "Refazer a semana mexendo o mínimo na agenda atual."
        return "Refazer a semana do zero, sem se prender à agenda atual."
    return f"Mudança {kind}."
