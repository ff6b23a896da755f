"""manage.py backup / restore on a real PostgreSQL database: a scratch database with versions, pins, runs,
publish runs, prompt history and change history is dumped, dropped, recreated and restored, and every table's
rows (and every sequence) come back equal, compared by checksums of the rows' contents.

The commands run as subprocesses against their own scratch database (never the suite's), so this runs the same
under SQLite and under .ci/run's PostgreSQL; it needs pg_dump/pg_restore and the server on DATABASE_URL's host
(or 127.0.0.1:5432)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="pg_dump/pg_restore não estão instalados (cliente do PostgreSQL)",
)


def build_database() -> None:
    """Run inside a subprocess whose DATABASE_URL is the scratch database: migrate and fill it."""
    import copy

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from webapp.clinic.models import Pin, Professional, Room
    from webapp.clinic.roles import do_create_user
    from webapp.gcal.models import PublishRun
    from webapp.schedules import actions
    from webapp.schedules.adapter import import_instance
    from webapp.schedules.prompts import do_interpret_prompt

    from tests.webapp.conftest import TINY, WEEK

    import_instance(copy.deepcopy(TINY))
    coord = do_create_user("coord", "senha-de-teste", "coordenador")
    run = actions.do_start_solve("weekly", WEEK, user=coord, enqueue=False)
    version = actions.do_run_solve(run.pk).version
    actions.do_approve_version(version, coord, accept_inconsistencies=True)
    actions.do_mark_version_published(version)
    PublishRun.objects.create(version=version, requested_by=coord, status=PublishRun.DONE, inserts=3,
                              errors=[{"calendar": "ana@example.com", "mensagem": "ção"}])  # fmt: skip
    do_interpret_prompt("a Ana não vem sexta", WEEK, base_version=version, user=coord)
    room = Room.objects.get(code="sav-1")
    room.name = "Sala 1 — reformada"
    room.save()
    Pin.objects.create(professional=Professional.objects.get(code="p-bia"), room=Room.objects.get(code="lou-1"),
                       date=WEEK, start="08:00", end="10:00", source="swap", created_by=coord)  # fmt: skip


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


def _url_for(dbname: str) -> str:
    return urlparse(_server_url())._replace(path=f"/{dbname}").geturl()


def _connect(dbname: str):
    import psycopg

    return psycopg.connect(_url_for(dbname), autocommit=True)


def checksums(dbname: str) -> dict[str, tuple]:
    """Each public table's row count and md5 of its rows' text, and each sequence's last value."""
    from psycopg import sql

    out: dict[str, tuple] = {}
    with _connect(dbname) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        for table in tables:
            query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t")
            out[table] = tuple(conn.execute(query.format(sql.Identifier(table))).fetchone())
        for name, value in conn.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"):
            out[f"sequence:{name}"] = (value,)
    return out


def manage(dbname: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": _url_for(dbname), "SOLVER_ENGINE": "webapp.schedules.fake_engine:solve_document"}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def scratch_db():
    name = f"agendador_backup_test_{os.getpid()}"
    with _connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_row_after_the_database_is_dropped(scratch_db, tmp_path):
    env = {**os.environ, "DATABASE_URL": _url_for(scratch_db), "SOLVER_ENGINE": "webapp.schedules.fake_engine:solve_document"}
    code = "from tests.webapp.test_backup_restore import build_database; build_database()"
    built = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    before = checksums(scratch_db)
    # What the test promises to cover is really there.
    for table in ("schedules_scheduleversion", "schedules_allocation", "schedules_solverun", "clinic_pin",
                  "gcal_publishrun", "schedules_prompthistory", "clinic_historicalroom", "auth_user"):  # fmt: skip
        assert before[table][0] > 0, table

    out = manage(scratch_db, "backup", "--dir", str(tmp_path), "--keep", "3")
    assert "Backup gravado em" in out.stdout
    (dump,) = tmp_path.glob("agendador-*.dump")

    # Without --yes nothing happens, and the refusal names the file.
    refused = manage(scratch_db, "restore", str(dump), check=False)
    assert refused.returncode != 0
    assert str(dump) in refused.stderr and "--yes" in refused.stderr
    assert checksums(scratch_db) == before

    with _connect("postgres") as conn:
        conn.execute(f'DROP DATABASE "{scratch_db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{scratch_db}"')
    assert checksums(scratch_db) == {}

    restored = manage(scratch_db, "restore", str(dump), "--yes")
    assert "restaurado" in restored.stdout
    after = checksums(scratch_db)
    assert after.keys() == before.keys()
    assert {t: v for t, v in after.items() if v != before[t]} == {}


def test_the_backup_keeps_only_the_newest_files(scratch_db, tmp_path):
    manage(scratch_db, "migrate", "--noinput")
    old = [tmp_path / f"agendador-2025010{d}-020000.dump" for d in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"old")
    unrelated = tmp_path / "notas.txt"
    unrelated.write_text("fica")
    out = manage(scratch_db, "backup", "--dir", str(tmp_path), "--keep", "2")
    kept = sorted(p.name for p in tmp_path.glob("agendador-*.dump"))
    assert len(kept) == 2 and kept[0] == old[2].name  # the newest old one and the new backup
    assert "agendador-20250101-020000.dump" in out.stdout
    assert unrelated.exists()


def test_restore_refuses_a_file_that_is_not_a_backup(scratch_db, tmp_path):
    manage(scratch_db, "migrate", "--noinput")
    before = checksums(scratch_db)
    bogus = tmp_path / "agendador-20250101-020000.dump"
    bogus.write_text("isto não é um backup")
    result = manage(scratch_db, "restore", str(bogus), "--yes", check=False)
    assert result.returncode != 0
    assert "não é um backup do pg_dump" in result.stderr and str(bogus) in result.stderr
    missing = manage(scratch_db, "restore", str(tmp_path / "nada.dump"), "--yes", check=False)
    assert missing.returncode != 0 and "Arquivo de backup não encontrado" in missing.stderr
    assert checksums(scratch_db) == before
