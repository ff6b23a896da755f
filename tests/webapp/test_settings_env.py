import datetime as dt

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


def test_settings_refuse_to_start_without_a_secret_in_production():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "webapp.settings", "DEBUG": "0", "PATH": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


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
