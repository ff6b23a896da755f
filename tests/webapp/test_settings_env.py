import datetime as dt
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from webapp.env import env_bool, env_float, env_int, env_list, env_str, env_time, env_weekday


def test_it_reads_typed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "12")
    monkeypatch.setenv("X_FLOAT", "2.5")
    monkeypatch.setenv("X_LIST", "a.example, b.example ,")
    monkeypatch.setenv("X_DAY", "FRI")
    monkeypatch.setenv("X_TIME", "07:30")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 12
    assert env_float("X_FLOAT", 0) == 2.5
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env_weekday("X_DAY", "thu") == "fri"
    assert env_time("X_TIME", "18:00") == dt.time(7, 30)


def test_it_uses_defaults_when_absent(monkeypatch):
    monkeypatch.delenv("X_ABSENT", raising=False)
    assert env_str("X_ABSENT", "d") == "d"
    assert env_weekday("X_ABSENT", "thu") == "thu"
    assert env_time("X_ABSENT", "18:00") == dt.time(18, 0)


@pytest.mark.parametrize(
    "reader, value",
    [
        (lambda: env_bool("X_BAD"), "maybe"),
        (lambda: env_int("X_BAD", 1), "twelve"),
        (lambda: env_int("X_BAD", 1, minimum=1), "0"),
        (lambda: env_float("X_BAD", 1.0), "-3"),
        (lambda: env_weekday("X_BAD", "thu"), "quinta"),
        (lambda: env_time("X_BAD", "18:00"), "6pm"),
    ],
)
def test_it_refuses_bad_values(monkeypatch, reader, value):
    monkeypatch.setenv("X_BAD", value)
    with pytest.raises(ImproperlyConfigured, match="X_BAD"):
        reader()


PRODUCTION_ENV = {
    "DEBUG": "0",
    "PRODUCTION": "1",
    "SECRET_KEY": "k7Qp2vX9sL4mN8rT1wY6zB3cF5hJ0dG2aE9uI4oP7sD1fG6hJ3kL8zX5cV0bN2mQ",
    "ALLOWED_HOSTS": "agendador.example.com",
}


def _start(**env) -> subprocess.CompletedProcess:
    """Django set up in a fresh interpreter with only these settings in the environment."""
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                               "print(settings.SECURE_HSTS_SECONDS if settings.HTTPS else 'http')"],
        env={"DJANGO_SETTINGS_MODULE": "webapp.settings", "PATH": "", **env},
        capture_output=True,
        text=True,
    )  # fmt: skip


def test_production_settings_start_when_every_key_is_right():
    assert _start(**PRODUCTION_ENV).stdout.strip() == "http"
    assert _start(**PRODUCTION_ENV, HTTPS="1").stdout.strip() == "31536000"  # HSTS only over HTTPS


@pytest.mark.parametrize(
    "change, key",
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "change-me-to-a-long-random-string"}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"}, "SECRET_KEY"),
        ({"SECRET_KEY": "curta-demais-0123456789"}, "SECRET_KEY"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY"),
        ({"DEBUG": "1"}, "DEBUG"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"DATABASE_URL": "banco-de-dados"}, "DATABASE_URL"),
        ({"CSRF_TRUSTED_ORIGINS": "agendador.example.com"}, "CSRF_TRUSTED_ORIGINS"),
        ({"TIME_ZONE": "Brasil/Belo_Horizonte"}, "TIME_ZONE"),
        ({"SOLVE_TIME_LIMIT": "muito"}, "SOLVE_TIME_LIMIT"),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT"),
        ({"HTTPS": "talvez"}, "HTTPS"),
        ({"METRICS_TOKEN": "curto"}, "METRICS_TOKEN"),
        ({"METRICS_ALLOWED_IPS": "prometheus.local"}, "METRICS_ALLOWED_IPS"),
    ],
)
def test_production_settings_refuse_to_start_naming_the_key_in_portuguese(change, key):
    result = _start(**{**PRODUCTION_ENV, **change})
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last and key in last
    assert any(word in last for word in ("precisa", "obrigatóri", "curt", "exemplo", "não é")), last


def test_the_beat_schedule_has_the_two_jobs(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["generate-week"]["task"] == "webapp.schedules.tasks.generate_week"
    assert schedule["confirm-day"]["task"] == "webapp.schedules.tasks.confirm_day"
    weekly = schedule["generate-week"]["schedule"]
    assert weekly.day_of_week == {4} and weekly.hour == {18} and weekly.minute == {0}


def test_env_example_documents_every_setting():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    read = set(re.findall(r'env_\w+\("([A-Z_]+)"', (root / "webapp" / "settings.py").read_text()))
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", (root / ".env.example").read_text(), re.M))
    assert read - documented == set()
    assert {"GOOGLE_AUTH_MODE", "GOOGLE_API_ROOT_URL", "GOOGLE_SERVICE_ACCOUNT_FILE", "GOOGLE_OAUTH_CLIENT_FILE", "GOOGLE_TOKEN_ENCRYPTION_KEY"} <= documented
