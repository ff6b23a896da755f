from django.core.management.base import BaseCommand
from django.db import transaction

from webapp.clinic.models import Professional
from webapp.clinic.roles import COORDINATOR, PROFESSIONAL, VIEWER, do_create_user
from webapp.schedules import adapter


class Command(BaseCommand):
    help = "Carrega a clínica de demonstração (Savassi + Lourdes) e cria os usuários de demonstração."

    def add_arguments(self, parser):
        parser.add_argument("--size", default="m", help="tamanho da clínica gerada (s, m, l, xl)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--password", default="agendador", help="senha dos usuários de demonstração")
        parser.add_argument("--if-empty", action="store_true", help="não faz nada se já houver unidades cadastradas")

    @transaction.atomic
    def handle(self, *args, size, seed, password, if_empty, **options):
        from solver.generate import generate
        from webapp.clinic.models import Site

        if if_empty and Site.objects.exists():
            self.stdout.write("Já há dados cadastrados; a clínica de demonstração não foi recarregada.")
            return

        doc = generate(size, seed)
        adapter.import_instance(doc)
        from django.contrib.auth.models import User

        users = [("coordenador", COORDINATOR, None), ("visualizador", VIEWER, None)]
        first = Professional.objects.order_by("code").first()
        if first is not None:
            users.append(("profissional", PROFESSIONAL, first))
        for username, role, professional in users:
            if not User.objects.filter(username=username).exists():
                do_create_user(username, password, role, professional=professional)
        self.stdout.write(
            f"Clínica de demonstração carregada: semana de {doc['week_start']}, {len(doc['rooms'])} salas, "
            f"{len(doc['professionals'])} profissionais, {len(doc.get('rules', []))} premissas."
        )
        self.stdout.write(f"week_start={doc['week_start']}")
