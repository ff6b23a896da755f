"""Schemathesis against the committed docs/openapi.yaml, as a coordinator: for every operation (publishing
excluded: it writes to Google), generated valid and invalid requests never get a 5xx, every answer's
status is documented and its body conforms to the schema.

Bounded so it stays in the suite: a fixed seed (AGENDADOR_FUZZ_SEED changes it), few examples per
operation (AGENDADOR_FUZZ_EXAMPLES), the app called in-process (WSGI, no network).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.webapp.conftest import WEEK

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": int(os.environ.get("AGENDADOR_FUZZ_SEED", "20261207")),
        "suppress-health-check": ["all"],
        "generation": {"max-examples": int(os.environ.get("AGENDADOR_FUZZ_EXAMPLES", "6")), "database": "none"},
        "phases": {"stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_path(COMMITTED, config=CONFIG).exclude(path_regex="publish")


@pytest.fixture
def coordinator_token(coordinator, solved_version):
    """The tiny clinic with a solved draft and an interpreted prompt, so small ids find something."""
    from rest_framework.authtoken.models import Token

    from webapp.schedules.prompts import do_interpret_prompt

    do_interpret_prompt("bloqueie a sala 1 na quarta à tarde", WEEK, user=coordinator)
    return Token.objects.create(user=coordinator).key


@pytest.fixture
def app():
    """The WSGI app in-process, inside the test's transaction: like Django's test client, it must not close
    the database connection at the end of each request (PostgreSQL would lose the test's data)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@pytest.mark.django_db
def test_every_operation_answers_as_documented(case, app, coordinator_token):
    # identity: the transport does not undo GZipMiddleware
    headers = {"Authorization": f"Token {coordinator_token}", "Accept-Encoding": "identity"}
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)
