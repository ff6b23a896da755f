"""The Google layer stays plain Python (no Django, DRF or Celery); only the Django-facing modules wrap it."""
from __future__ import annotations

import ast
import pathlib

import webapp.gcal

FORBIDDEN = ("django", "rest_framework", "celery")
PLAIN = ("bench", "config", "events", "fake_server", "publisher", "readback", "service", "transport")
# The Django app around it: models, actions, API, admin, tasks, start-up checks, the management command.
DJANGO_FACING = ("actions", "admin", "apps", "models", "serializers", "startup", "tasks", "urls", "views")
PACKAGE = pathlib.Path(webapp.gcal.__file__).parent


def _imports(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return imported | {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}


def test_every_module_is_either_plain_or_django_facing():
    assert {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"} == set(PLAIN) | set(DJANGO_FACING)


def test_the_plain_modules_import_no_web_framework():
    for name in PLAIN:
        imported = _imports(PACKAGE / f"{name}.py")
        assert not [m for m in imported if m.split(".")[0] in FORBIDDEN], name
        assert not [m for m in imported if m in {f"webapp.gcal.{d}" for d in DJANGO_FACING}], name

