"""Typed readers for settings from the environment; a bad value stops start-up with its name."""
from __future__ import annotations

import datetime as dt
import os

from django.core.exceptions import ImproperlyConfigured

from rules.timeutil import WEEKDAYS

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    value = _raw(name)
    if value in (None, ""):
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_weekday(name: str, default: str) -> str:
    value = (_raw(name) or default).lower()
    if value not in WEEKDAYS:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(WEEKDAYS)}, got {value!r}")
    return value


def env_time(name: str, default: str) -> dt.time:
    value = _raw(name) or default
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a time HH:MM, got {value!r}") from None
