import json
import statistics
import time

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Mede o mapa de viabilidade (GET /api/versions/{id}/feasibility/) pedido inteiro, no processo: "
        "na versão mais recente da semana (sem versão, cria um rascunho guloso)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--picks", type=int, default=25, help="quantos cartões medir")

    def handle(self, *args, picks, **options):
        from django.contrib.auth.models import User
        from rest_framework.test import APIClient

        from rules.instance import parse_instance
        from rules.schedule import allocation_to_dict
        from solver.domain import build_domain
        from solver.greedy import greedy_schedule
        from webapp.clinic.models import Site
        from webapp.schedules import actions, adapter
        from webapp.schedules.models import ScheduleVersion

        if not Site.objects.exists():
            raise CommandError("sem clínica cadastrada: rode load_demo antes")
        version = ScheduleVersion.objects.order_by("-week_start", "-number").first()
        if version is None:
            from solver.generate import DEFAULT_WEEK_START

            instance = parse_instance(adapter.build_instance(DEFAULT_WEEK_START))
            week = greedy_schedule(instance, build_domain(instance))
            version = actions.do_create_version(DEFAULT_WEEK_START, [allocation_to_dict(a) for a in week], source="solver")
        allocations = adapter.version_allocations(version)
        user = User.objects.filter(is_superuser=True).first() or User.objects.get(username="coordenador")
        client = APIClient()
        client.force_authenticate(user)
        step = max(1, len(allocations) // picks)
        warm = allocations[0]  # the first request pays for imports and cold caches: not counted
        client.get(f"/api/versions/{version.pk}/feasibility/", {k: warm[k] for k in ("professional", "room", "date", "start", "end")},
                   HTTP_HOST="127.0.0.1")  # fmt: skip
        timings, sizes = [], []
        for a in allocations[::step][:picks]:
            query = {k: a[k] for k in ("professional", "room", "date", "start", "end")}
            t0 = time.perf_counter()
            response = client.get(f"/api/versions/{version.pk}/feasibility/", query, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{response.status_code}: {response.content[:300]!r}")
            sizes.append(len(response.content))
        self.stdout.write(json.dumps({
            "version": version.pk, "allocations": len(allocations), "picks": len(timings),
            "median_ms": round(statistics.median(timings), 1), "p90_ms": round(statistics.quantiles(timings, n=10)[-1], 1),
            "max_ms": round(max(timings), 1),
            "median_bytes": statistics.median(sizes),
        }))  # fmt: skip
