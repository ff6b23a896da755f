"""GET /health/ and manage.py healthcheck: the database, Redis (when configured) and a worker's heartbeat."""
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.webapp.conftest import REAL_SERVICES
from webapp import health

NO_REDIS = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture(autouse=True)
def own_heartbeat_key(monkeypatch, request):
    """Under .ci/run the cache is the real Redis: each test reads and writes a heartbeat of its own."""
    monkeypatch.setattr(health, "HEARTBEAT_KEY", f"worker-heartbeat-test:{request.node.name}")
    yield
    from django.core.cache import cache

    cache.delete(health.HEARTBEAT_KEY)


@pytest.fixture
def without_redis(client, db, settings):
    settings.REDIS_URL = None
    return client.get("/health/")


def test_it_answers_200_without_a_login(without_redis):
    assert without_redis.status_code == 200


def test_without_redis_it_checks_the_database_and_says_ok(without_redis):
    assert without_redis.json()["status"] == "ok" and without_redis.json()["checks"]["database"]["ok"] is True


def test_without_redis_it_checks_no_redis(without_redis):
    assert "redis" not in without_redis.json()["checks"]  # the embedded default has no Redis and no workers


def test_it_is_never_cached(without_redis):
    assert without_redis["Cache-Control"].startswith("max-age=0")


def test_it_fails_when_the_database_does_not_answer(client, db, monkeypatch):
    def broken():
        raise ConnectionError("down")

    monkeypatch.setattr(health, "_database", broken)
    answer = client.get("/health/")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"] == {"ok": False, "error": "ConnectionError", "ms": pytest.approx(0, abs=50)}


def test_it_fails_when_redis_does_not_answer(client, db, settings):
    settings.REDIS_URL = NO_REDIS
    health.beat_once("celery@w1")
    checks = client.get("/health/").json()["checks"]
    assert checks["redis"]["ok"] is False and checks["worker"]["ok"] is True


def test_it_fails_without_a_worker_heartbeat(client, db, settings, monkeypatch):
    settings.REDIS_URL = NO_REDIS
    monkeypatch.setattr(health, "_redis", lambda: None)
    answer = client.get("/health/")
    assert answer.status_code == 503 and answer.json()["checks"]["worker"]["error"] == "Nenhum worker deu sinal de vida."


def test_a_fresh_heartbeat_is_healthy_and_a_stale_one_is_not(client, db, settings, monkeypatch):
    settings.REDIS_URL = NO_REDIS
    monkeypatch.setattr(health, "_redis", lambda: None)
    health.beat_once("celery@w1")
    answer = client.get("/health/")
    assert answer.status_code == 200 and answer.json()["checks"]["worker"]["worker"] == "celery@w1"
    later = time.time() + settings.WORKER_HEARTBEAT_MAX_SECONDS + 1
    monkeypatch.setattr(health.time, "time", lambda: later)
    answer = client.get("/health/")
    assert answer.status_code == 503 and "último sinal" in answer.json()["checks"]["worker"]["error"]


def test_the_heartbeat_thread_beats_at_once(db):
    from django.core.cache import cache

    stop = health.start_heartbeat("celery@thread")
    try:
        deadline = time.monotonic() + 5
        while (cache.get(health.HEARTBEAT_KEY) or {}).get("worker") != "celery@thread" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert cache.get(health.HEARTBEAT_KEY)["worker"] == "celery@thread"
    finally:
        stop.set()


def test_the_command_exits_non_zero_naming_the_failed_check(db, settings, capsys):
    settings.REDIS_URL = None
    call_command("healthcheck")
    assert '"status": "ok"' in capsys.readouterr().out
    settings.REDIS_URL = NO_REDIS
    with pytest.raises(CommandError, match="redis"):
        call_command("healthcheck")


def test_the_command_asks_the_web_server_over_http(db, live_server, settings):
    settings.REDIS_URL = None
    settings.ALLOWED_HOSTS = ["agendador.example.com"]  # the command sends this name as Host
    call_command("healthcheck", url=f"{live_server.url}/health/")
    with pytest.raises(CommandError, match="web"):
        call_command("healthcheck", url="http://127.0.0.1:1/health/", timeout=1)


@pytest.mark.skipif(not REAL_SERVICES, reason="needs REDIS_URL and AGENDADOR_REAL_SERVICES=1 (.ci/run)")
def test_a_real_redis_and_heartbeat_are_healthy(client, db):
    health.beat_once("celery@ci")
    answer = client.get("/health/")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["checks"]["redis"]["ok"] and answer.json()["checks"]["worker"]["worker"] == "celery@ci"


def test_compose_health_checks_run_the_command():
    from pathlib import Path

    import yaml

    compose = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["web"]["healthcheck"]["test"][1:5] == ["python", "manage.py", "healthcheck", "--url"]
    for worker in ("worker-interactive", "worker-batch"):
        assert services[worker]["healthcheck"]["test"][1:] == ["python", "manage.py", "healthcheck"]
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"
