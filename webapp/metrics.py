"""Prometheus metrics at /metrics, for a scraper holding METRICS_TOKEN or calling from METRICS_ALLOWED_IPS.

Two parts: django-prometheus's request and database metrics of this process (all gunicorn workers together
when PROMETHEUS_MULTIPROC_DIR is set), and the domain's figures read from the database at scrape time
(solves, publications, prompts), with the Celery queue's depth and the workers' heartbeat from Redis.
Reading the stored records makes the domain figures the same whichever process or host answers, with no
shared state between the web and the workers.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
import time

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Sum
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST


RECENT_RUNS = 200


class DomainCollector:
    def collect(self):
        from webapp.schedules.models import PromptHistory, SolveRun

        runs = GaugeMetricFamily(
            "agendador_solve_runs", "Execuções do solver guardadas, por tipo, situação e resultado.",
            labels=["kind", "status", "solver_status"],
        )  # fmt: skip
        for row in SolveRun.objects.values("kind", "status", "solver_status").annotate(n=Count("id")).order_by():
            runs.add_metric([row["kind"], row["status"], row["solver_status"] or "none"], row["n"])
        yield runs

        duration = SummaryMetricFamily(
            "agendador_solve_duration_seconds", "Duração das execuções terminadas, por tipo.", labels=["kind"]
        )
        took = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        finished = SolveRun.objects.filter(started_at__isnull=False, finished_at__isnull=False)
        for row in finished.values("kind").annotate(n=Count("id"), total=Sum(took)).order_by():
            duration.add_metric([row["kind"]], count_value=row["n"], sum_value=row["total"].total_seconds())
        yield duration

        # How long a coordinator waits for a first valid week (the what-if's promise), over the recent runs.
        first = SummaryMetricFamily(
            "agendador_solve_first_solution_seconds",
            f"Segundos até a primeira agenda válida, nas últimas {RECENT_RUNS} execuções concluídas de cada tipo.",
            labels=["kind"],
        )
        for kind, _ in SolveRun.KIND_CHOICES:
            recent = SolveRun.objects.filter(kind=kind, status=SolveRun.DONE).order_by("-finished_at")[:RECENT_RUNS]
            seconds = [
                s["first_solution_seconds"] for s in recent.values_list("stats", flat=True)
                if isinstance(s, dict) and isinstance(s.get("first_solution_seconds"), (int, float))
            ]  # fmt: skip
            if seconds:
                first.add_metric([kind], count_value=len(seconds), sum_value=sum(seconds))
        yield first

        gap = GaugeMetricFamily("agendador_solve_last_gap", "Gap da última execução concluída, por tipo.", labels=["kind"])
        for kind, _ in SolveRun.KIND_CHOICES:
            last = SolveRun.objects.filter(kind=kind, status=SolveRun.DONE, gap__isnull=False).order_by("-finished_at").first()
            if last is not None:
                gap.add_metric([kind], last.gap)
        yield gap

        prompts = GaugeMetricFamily(
            "agendador_prompts", "Prompts interpretados, por resultado e decisão.", labels=["status", "decision"]
        )
        for row in PromptHistory.objects.values("status", "decision").annotate(n=Count("id")).order_by():
            prompts.add_metric([row["status"], row["decision"] or "pending"], row["n"])
        yield prompts

        yield from _publish_metrics()
        yield from _queue_metrics()


def _publish_metrics():
    try:
        from webapp.gcal.models import PublishRun
    except ImportError:  # the Google part is optional
        return
    runs = GaugeMetricFamily("agendador_publish_runs", "Publicações no Google Agenda, por situação.", labels=["status"])
    for row in PublishRun.objects.values("status").annotate(n=Count("id")).order_by():
        runs.add_metric([row["status"]], row["n"])
    yield runs
    totals = PublishRun.objects.aggregate(
        inserts=Sum("inserts"), patches=Sum("patches"), deletes=Sum("deletes"), retries=Sum("retries")
    )
    writes = GaugeMetricFamily("agendador_publish_writes", "Eventos escritos no Google, por operação.", labels=["operation"])
    for operation in ("inserts", "patches", "deletes"):
        writes.add_metric([operation], totals[operation] or 0)
    yield writes
    yield GaugeMetricFamily("agendador_publish_retries", "Novas tentativas contra o Google.", value=totals["retries"] or 0)


def _queue_metrics():
    if not settings.REDIS_URL:
        return
    from django.core.cache import cache

    from webapp.health import HEARTBEAT_KEY

    try:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
        depth = sum(client.llen(queue.name) for queue in settings.CELERY_TASK_QUEUES)  # interactive + batch
    except Exception:
        depth = float("nan")
    yield GaugeMetricFamily("agendador_queue_depth", "Tarefas esperando na fila do Celery.", value=depth)
    beat = cache.get(HEARTBEAT_KEY)
    age = time.time() - beat["at"] if beat else float("inf")
    yield GaugeMetricFamily("agendador_worker_heartbeat_age_seconds", "Segundos desde o último sinal de um worker.", value=age)


DOMAIN = CollectorRegistry(auto_describe=False)
DOMAIN.register(DomainCollector())


def _process_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)


@require_safe
@never_cache
def metrics(request):
    if not allowed(request):
        return HttpResponse(
            "Métricas só com o token (Authorization: Bearer METRICS_TOKEN) ou de um endereço em METRICS_ALLOWED_IPS.",
            status=403, content_type="text/plain; charset=utf-8",
        )  # fmt: skip
    body = generate_latest(_process_registry()) + generate_latest(DOMAIN)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
