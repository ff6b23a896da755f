"""The OpenAPI schema is served, documented in Swagger UI, and committed as docs/openapi.yaml."""
from pathlib import Path

from django.core.management import call_command

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def test_the_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert COMMITTED.read_text() == generated.read_text(), (
        "docs/openapi.yaml is stale: run `.venv/bin/python manage.py spectacular --file docs/openapi.yaml`"
    )


def test_schema_and_docs_need_a_login(anonymous, as_viewer):
    assert anonymous.get("/api/schema/").status_code in (401, 403)
    assert anonymous.get("/api/docs/").status_code in (401, 403)
    assert as_viewer.get("/api/schema/").status_code == 200
    assert as_viewer.get("/api/docs/").status_code == 200
