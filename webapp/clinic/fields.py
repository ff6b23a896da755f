"""Wall-clock times and hour figures stored exactly as format v1 writes them."""
from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from rules.timeutil import DEFAULT_GRAIN_MINUTES, WEEKDAY_PT, WEEKDAYS

GRAIN_MINUTES = DEFAULT_GRAIN_MINUTES  # the clinic stores every time on the instance format's default grid
WEEKDAY_CHOICES = [(day, WEEKDAY_PT[day]) for day in WEEKDAYS]
_HHMM = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])$")


def to_minutes(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def validate_hhmm(value: str) -> None:
    match = _HHMM.match(value or "")
    if not match or to_minutes(value) > 24 * 60:
        raise ValidationError("Horário inválido: use HH:MM, entre 00:00 e 24:00.")
    if to_minutes(value) % GRAIN_MINUTES:
        raise ValidationError(f"O horário precisa estar na grade de {GRAIN_MINUTES} minutos.")


def validate_whole_minutes(value: Decimal) -> None:
    if value is not None and (value * 60) % 1:
        raise ValidationError("As horas precisam corresponder a um número inteiro de minutos.")


class HourMinuteField(models.CharField):
    """"HH:MM" on the grain; 24:00 is allowed so a window can end at midnight."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("validators", [validate_hhmm])
        kwargs.setdefault("help_text", "HH:MM")
        super().__init__(*args, **kwargs)


def hours_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=[validate_whole_minutes], **kwargs
    )


def check_interval(start: str | None, end: str | None, *, required: bool = True) -> None:
    if not start and not end and not required:
        return
    if not start or not end:
        raise ValidationError({"end" if start else "start": "Início e fim precisam vir juntos."})
    if _HHMM.match(start) and _HHMM.match(end) and to_minutes(end) <= to_minutes(start):
        raise ValidationError({"end": "O fim precisa ser depois do início."})


HOUR_FIGURES = ("min_weekly_hours", "target_weekly_hours", "max_weekly_hours", "max_daily_hours")


def check_hour_figures(figures: dict) -> None:
    """A professional's hour figures: none negative, a week within 168 h and a day within 24 h, and
    minimum <= target <= maximum (the solver would otherwise get a week nobody can satisfy)."""
    errors = {}
    for name in HOUR_FIGURES:
        value = figures.get(name)
        limit = 24 if name == "max_daily_hours" else 168
        if value is not None and not 0 <= value <= limit:
            errors[name] = f"Use um número de horas entre 0 e {limit}."
    low, target, high = (figures.get(n) for n in HOUR_FIGURES[:3])
    if not errors:
        if high is not None and low is not None and low > high:
            errors["min_weekly_hours"] = "O mínimo de horas na semana passa do máximo."
        elif target is not None and high is not None and target > high:
            errors["target_weekly_hours"] = "A meta de horas na semana passa do máximo."
        elif target is not None and low is not None and target < low:
            errors["target_weekly_hours"] = "A meta de horas na semana fica abaixo do mínimo."
    if errors:
        raise ValidationError(errors)
