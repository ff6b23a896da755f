"""docker-compose.yml and the Dockerfile, checked without a Docker engine."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# The Compose Specification's schema, vendored from github.com/compose-spec/compose-spec (schema/compose-spec.json).
SCHEMA = Path(__file__).with_name("compose-spec.json")
APP_SERVICES = ("web", "worker-interactive", "worker-batch", "beat")  # built from our image, configured by webapp
# What the official images read (postgres: the server and the nightly pg_dump).
IMAGE_KEYS = {"postgres": {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "PGPASSWORD", "PGDATA"}}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def known_keys() -> set[str]:
    """Every environment key the code reads: the settings' env readers, GOOGLE_* in webapp/gcal/config.py, and
    direct os.environ reads anywhere in webapp/."""
    keys = {"DJANGO_SETTINGS_MODULE"}
    for path in (ROOT / "webapp").rglob("*.py"):
        text = path.read_text()
        keys |= set(re.findall(r"\benv_\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", text))
        keys |= set(re.findall(r"environ(?:\.get)?[(\[]\s*\"([A-Z][A-Z0-9_]*)\"", text))
        if path.name == "config.py" and path.parent.name == "gcal":
            keys |= set(re.findall(r"\b(?:text|number)\(\s*\"(GOOGLE_[A-Z0-9_]*)\"", text))
    return keys


def environment_of(service: dict) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def test_it_conforms_to_the_compose_specification(compose):
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors)


def test_the_schema_check_catches_a_broken_file(compose):
    broken = {**compose, "services": {**compose["services"], "web": {**compose["services"]["web"], "restart": 3,
                                                                    "healthcheck": {"test": 1, "intervall": "5s"}}}}
    assert list(jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).iter_errors(broken))


def test_every_app_service_env_key_is_known_to_the_settings(compose):
    known = known_keys()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "GOOGLE_API_ROOT_URL"} <= known  # the scan finds them
    for name in APP_SERVICES:
        service = compose["services"][name]
        unknown = set(environment_of(service)) - known
        assert not unknown, f"{name}: unknown environment keys {sorted(unknown)}"
        assert service.get("env_file") == ".env"
    example = {line.split("=", 1)[0].strip() for line in (ROOT / ".env.example").read_text().splitlines()
               if re.match(r"\s*#?\s*[A-Z][A-Z0-9_]*=", line)}  # fmt: skip
    example = {key.lstrip("# ").strip() for key in example}
    assert not example - known - {"POSTGRES_PASSWORD"}, sorted(example - known)  # POSTGRES_PASSWORD: compose's own
    for name, service in compose["services"].items():
        if name not in APP_SERVICES and service.get("image", "").startswith("postgres:"):
            assert set(environment_of(service)) <= IMAGE_KEYS["postgres"], name


def test_the_known_keys_scan_can_tell_an_unknown_key():
    assert "AGENDADOR_NO_SUCH_SETTING" not in known_keys()


def test_health_checks_on_web_workers_postgres_and_redis(compose):
    services = compose["services"]
    for name in ("web", "worker-interactive", "worker-batch", "postgres", "redis"):
        check = services[name].get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), f"{name} has no health check"
    assert "healthcheck" in services["web"]["healthcheck"]["test"] and "/health/" in services["web"]["healthcheck"]["test"][-1]
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == depends["redis"]["condition"] == "service_healthy", name


def test_one_worker_per_queue(compose):
    from django.conf import settings

    queues = {}
    for name in ("worker-interactive", "worker-batch"):
        argv = shlex.split(compose["services"][name]["command"])
        # Solves yield the CPU to the web server (a board read never waits behind CP-SAT on 2 cores).
        assert argv[:3] == ["nice", "-n", "10"], name
        argv = argv[3:]
        assert argv[:4] == ["celery", "-A", "webapp", "worker"]
        queues[argv[argv.index("-Q") + 1]] = name
        assert "--concurrency=1" in argv, name
    assert set(queues) == {q.name for q in settings.CELERY_TASK_QUEUES} == {"interactive", "batch"}
    assert "worker" not in compose["services"]  # a worker without -Q would take both queues


def dockerfile_stages() -> list[dict]:
    stages: list[dict] = []
    for raw in re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text()).splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        if instruction.upper() == "FROM":
            parts = rest.split()
            name = parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else None
            stages.append({"image": parts[0], "name": name, "lines": []})
        else:
            stages[-1]["lines"].append((instruction.upper(), rest.strip()))
    return stages


def test_the_image_builds_the_dashboard_in_a_node_stage():
    stages = dockerfile_stages()
    node = [s for s in stages[:-1] if s["image"].startswith("node:")]
    assert node, "no Node stage"
    stage = node[0]
    runs = [rest for instruction, rest in stage["lines"] if instruction == "RUN"]
    assert any("npm ci" in r for r in runs) and any("npm run build" in r for r in runs)
    assert "build" in json.loads((ROOT / "frontend" / "package.json").read_text())["scripts"]
    final = stages[-1]
    copies = [rest for instruction, rest in final["lines"] if instruction == "COPY" and f"--from={stage['name']}" in rest]
    assert copies and any("dist" in c for c in copies), "the final image does not take the built dashboard"
    assert final["image"].startswith("python:")
