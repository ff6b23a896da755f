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
    raise ImproperlyConfigured(f"{name} precisa ser um booleano (1/0, true/false); recebido {value!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} precisa ser um número inteiro; recebido {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} precisa ser pelo menos {minimum}; recebido {number}.")
    return number


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    value = _raw(name)
    if value in (None, ""):
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} precisa ser um número; recebido {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} precisa ser pelo menos {minimum}; recebido {number}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_weekday(name: str, default: str) -> str:
    value = (_raw(name) or default).lower()
    if value not in WEEKDAYS:
        raise ImproperlyConfigured(f"{name} precisa ser um de {', '.join(WEEKDAYS)}; recebido {value!r}.")
    return value


def env_time(name: str, default: str) -> dt.time:
    value = _raw(name) or default
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} precisa ser um horário HH:MM; recebido {value!r}.") from None


# Defaults that must never sign a production session: the dev fallback and the .env.example placeholder.
KNOWN_SECRET_KEYS = {"dev-only-insecure-key-do-not-use-in-production", "change-me-to-a-long-random-string"}
SECRET_KEY_HINT = "gere uma com: python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def check_secret_key(name: str, value: str | None) -> str:
    """A production secret: present, not a known default, at least 50 characters, not one repeated."""
    if not value:
        raise ImproperlyConfigured(f"{name} é obrigatória com DEBUG=0; {SECRET_KEY_HINT}.")
    if value in KNOWN_SECRET_KEYS or value.startswith("django-insecure"):
        raise ImproperlyConfigured(f"{name} ainda é um valor de exemplo; {SECRET_KEY_HINT}.")
    if len(value) < 50 or len(set(value)) < 5:
        raise ImproperlyConfigured(
            f"{name} é curta ou repetitiva demais ({len(value)} caracteres; use ao menos 50 aleatórios); {SECRET_KEY_HINT}."
        )
    return value


def check_url(name: str, value: str | None, schemes: tuple[str, ...]) -> str | None:
    """An optional URL whose scheme must be one of `schemes` (e.g. redis://)."""
    if value and not value.startswith(tuple(f"{s}://" for s in schemes)):
        raise ImproperlyConfigured(
            f"{name} precisa começar com {' ou '.join(f'{s}://' for s in schemes)}; recebido {value!r}."
        )
    return value
