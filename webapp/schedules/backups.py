"""Backups of the PostgreSQL database with pg_dump / pg_restore (custom format), for `manage.py backup` and
`manage.py restore`. The compose `backup` service writes the same files (agendador-<date>.dump) into the same
kind of directory, so either restores with `manage.py restore`."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import connections

PREFIX = "agendador-"
SUFFIX = ".dump"
DEFAULT_KEEP = 14
LOCAL_TZ = ZoneInfo("America/Sao_Paulo")


class BackupError(Exception):
    """A pt-BR message for the coordinator or the operator."""


def default_directory() -> Path:
    from django.conf import settings

    return Path(os.environ.get("BACKUP_DIR") or Path(settings.BASE_DIR) / "var" / "backups")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} não foi encontrado no PATH. Instale o cliente do PostgreSQL (pacote postgresql-client) "
            "na mesma versão do servidor."
        )
    return path


def _database(alias: str = "default") -> tuple[list[str], dict[str, str], str]:
    """pg_* connection arguments, environment and database name of a Django database."""
    conn = connections[alias]
    if conn.vendor != "postgresql":
        raise BackupError(
            "O backup usa pg_dump e só funciona com PostgreSQL; este banco é "
            f"{conn.vendor} (defina DATABASE_URL=postgres://…)."
        )
    s = conn.settings_dict
    args = []
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env, str(s["NAME"])


def backup_files(directory: Path) -> list[Path]:
    """The backups in a directory, oldest first (their names sort by date)."""
    return sorted(p for p in directory.glob(f"{PREFIX}*{SUFFIX}") if p.is_file())


def make_backup(directory: Path, *, keep: int = DEFAULT_KEEP, now: dt.datetime | None = None) -> tuple[Path, list[Path]]:
    """Dump the database into `directory` and keep only the newest `keep` backups; returns (file, removed)."""
    if keep < 1:
        raise BackupError("--keep precisa ser pelo menos 1 (quantos backups manter).")
    pg_dump = _tool("pg_dump")
    args, env, name = _database()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Não foi possível criar o diretório de backups {directory}: {exc.strerror}.") from None
    stamp = (now or dt.datetime.now(LOCAL_TZ)).astimezone(LOCAL_TZ).strftime("%Y%m%d-%H%M%S")
    target = directory / f"{PREFIX}{stamp}{SUFFIX}"
    partial = target.with_suffix(".partial")
    result = subprocess.run(
        [pg_dump, *args, "--format=custom", "--no-owner", "--file", str(partial), name],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"O pg_dump falhou (código {result.returncode}): {result.stderr.strip()}")
    partial.replace(target)  # a failed dump never looks like a backup
    files = backup_files(directory)
    removed = files[: max(0, len(files) - keep)]
    for old in removed:
        old.unlink()
    return target, removed


def check_backup_file(path: Path) -> None:
    """Refuse a missing file or one pg_restore cannot read, naming it."""
    if not path.is_file():
        raise BackupError(f"Arquivo de backup não encontrado: {path}.")
    result = subprocess.run([_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            f"O arquivo {path} não é um backup do pg_dump em formato custom (-Fc): {result.stderr.strip()}"
        )


def restore_backup(path: Path) -> str:
    """Replace the database's contents with a backup, all or nothing; returns the database name."""
    check_backup_file(path)
    pg_restore = _tool("pg_restore")
    args, env, name = _database()
    connections.close_all()
    result = subprocess.run(
        [pg_restore, *args, "--dbname", name, "--clean", "--if-exists", "--no-owner",
         "--single-transaction", "--exit-on-error", str(path)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(
            f"O pg_restore falhou (código {result.returncode}); nada foi alterado no banco {name}: "
            f"{result.stderr.strip()}"
        )
    return name
