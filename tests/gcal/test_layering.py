"""webapp/gcal stays plain Python: no Django, DRF or Celery imports (the Django layer will wrap it)."""
from __future__ import annotations

import ast
import pathlib

import webapp.gcal

FORBIDDEN = ("django", "rest_framework", "celery")


def test_the_gcal_modules_import_no_web_framework():
    package = pathlib.Path(webapp.gcal.__file__).parent
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        assert not [m for m in imported if m.split(".")[0] in FORBIDDEN], path.name
