"""Exit 0 when this deployment can work, 1 (saying why) when not: the compose health checks run it.

Without --url the checks run here (database, Redis, a worker's heartbeat: webapp.health); with --url the
web server is asked over HTTP (GET /health/), as its first ALLOWED_HOSTS name so the host check passes.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from webapp.health import check_health


class Command(BaseCommand):
    help = "Confere banco de dados, Redis e o sinal de vida dos workers (ou GET /health/ com --url)."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="Pergunta ao servidor web, ex.: http://127.0.0.1:8000/health/")
        parser.add_argument("--timeout", type=float, default=5.0)

    def handle(self, *args, url=None, timeout=5.0, **options):
        report = _ask(url, timeout) if url else check_health()
        self.stdout.write(json.dumps(report, ensure_ascii=False))
        if report.get("status") != "ok":
            raise CommandError("Saúde: falhou " + ", ".join(k for k, c in report.get("checks", {}).items() if not c["ok"]))


def _ask(url: str, timeout: float) -> dict:
    host = next((h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "localhost")
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https" if settings.HTTPS else "http"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as exc:  # 503: the body still says which check failed
        try:
            return json.loads(exc.read())
        except ValueError:
            return {"status": "fail", "checks": {"web": {"ok": False, "error": f"HTTP {exc.code}"}}}
    except (urllib.error.URLError, OSError) as exc:
        return {"status": "fail", "checks": {"web": {"ok": False, "error": str(getattr(exc, "reason", exc))}}}
