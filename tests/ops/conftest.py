"""Operations tests: real Celery workers (subprocesses) on a private Redis, against the test PostgreSQL database.

Every process a test starts (redis-server, workers) is stopped by its fixture's finalizer. The private Redis
keeps these workers away from any other worker on the machine's shared broker.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.webapp.conftest import (  # noqa: F401 (fixtures)
    FAKE_ENGINE,
    TINY,
    _user,
    anonymous,
    as_coordinator,
    clinic,
    client_for,
    coordinator,
    eager_jobs,
    fake_engine,
    fresh_cache,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

needs_workers = pytest.mark.skipif(
    not (POSTGRES and REDIS_SERVER),
    reason="needs DATABASE_URL on PostgreSQL and a redis-server binary (workers are separate processes)",
)


def pytest_configure(config):
    config.addinivalue_line("markers", "real_worker: runs Celery jobs on a real worker and broker (REDIS_URL)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of our own on a free loopback port, without persistence; stop() and start() keep the port."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert wait_for(self.answers, timeout=10), "the private redis-server did not start"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def on_private_broker(private_redis, settings):
    """This process enqueues on the private Redis and keeps progress there (as the web process would)."""
    from webapp import celery_app

    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)

    def repoint(url):
        from kombu import pools

        pools.reset()  # close and forget every connection and producer pool; the next send opens new ones
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        celery_app.conf.broker_url = url

    repoint(private_redis.url)
    celery_app.conf.task_always_eager = False
    settings.REDIS_URL = private_redis.url
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": private_redis.url,
                    "KEY_PREFIX": "agendador"}
    }  # fmt: skip
    yield private_redis
    repoint(saved[0])
    celery_app.conf.task_always_eager = saved[1]


class Worker:
    """A `celery worker` subprocess (solo pool, one task at a time) whose output goes to a file."""

    def __init__(self, name: str, queues: str | None, env: dict[str, str], log_path: Path, loglevel: str = "INFO"):
        self.name, self.log_path = name, log_path
        command = [sys.executable, "-m", "celery", "-A", "webapp", "worker", "--pool=solo", "--concurrency=1",
                   "--prefetch-multiplier=1", f"--loglevel={loglevel}", "-n", f"{name}@%h", "--without-gossip",
                   "--without-mingle"]  # fmt: skip
        if queues:
            command += ["-Q", queues]
        self._log = open(log_path, "wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def events(self) -> list[dict]:
        """The structlog JSON lines this worker wrote (Celery may prefix them with its own log header)."""
        found = []
        for line in self.text().splitlines():
            start = line.find('{"')
            if start < 0:
                continue
            try:
                found.append(json.loads(line[start:]))
            except ValueError:
                continue
        return found

    def ready(self) -> bool:
        return " ready." in self.text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@pytest.fixture
def start_worker(on_private_broker, tmp_path):
    """start_worker(name, queues, **env) → a ready Worker on the private broker and the test database."""
    from django.db import connection

    workers: list[Worker] = []
    db_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]

    def start(name: str, queues: str | None = None, loglevel: str = "INFO", **extra: str) -> Worker:
        env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": on_private_broker.url, "SOLVER_ENGINE": FAKE_ENGINE,
               "DEBUG": "1", "PRODUCTION": "0", **extra}  # fmt: skip
        worker = Worker(name, queues, env, tmp_path / f"{name}.log", loglevel)
        workers.append(worker)
        assert wait_for(lambda: worker.ready() or worker.process.poll() is not None, timeout=60)
        assert worker.ready(), f"worker {name} did not start:\n{worker.text()[-3000:]}"
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def real_clinic(transactional_db):
    """The tiny clinic, committed (workers in other processes read it)."""
    from webapp.schedules.adapter import import_instance

    import_instance(copy.deepcopy(TINY))


@pytest.fixture
def coordinator_client(real_clinic):
    return client_for(_user("coord", "coordenador"))


def events_of(workers, event: str, **match) -> list[dict]:
    """Lines named `event` (with these field values) across the workers' logs."""
    return [
        line for worker in workers for line in worker.events()
        if line.get("event") == event and all(line.get(k) == v for k, v in match.items())
    ]  # fmt: skip
