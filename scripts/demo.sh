#!/usr/bin/env bash
# The embedded default: SQLite, jobs solved beside the web server (no Redis), a generated Savassi + Lourdes
# clinic, one solved week, and the server at http://127.0.0.1:8000 (admin, API, Swagger UI).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

export DATABASE_URL=${DEMO_DATABASE_URL:-sqlite:///$PWD/var/agendador.sqlite3}
export REDIS_URL=                 # the embedded default: Celery eager ...
export JOBS_IN_BACKGROUND_THREAD=1 # ... with solves in a background thread, so their progress is watchable
export DEBUG=${DEBUG:-1}
week=${DEMO_WEEK:-2026-12-07}     # the week solver.generate builds (8 Dec is a Belo Horizonte holiday)

$PY manage.py migrate --noinput -v0
$PY manage.py load_demo --if-empty
$PY manage.py solve_week "$week" --time-limit "${DEMO_TIME_LIMIT:-20}" --if-missing

if [[ "${DEMO_CLI:-0}" == 1 ]]; then
  # The solver alone on the command line: the same clinic as JSON, solved, checked and drawn.
  out=${DEMO_DIR:-out/demo}
  mkdir -p "$out"
  .venv/bin/agendador generate --size m --seed 1 -o "$out/instance.json"
  .venv/bin/agendador solve "$out/instance.json" -o "$out/solution.json" --time-limit "${DEMO_TIME_LIMIT:-20}"
  .venv/bin/agendador check "$out/instance.json" "$out/solution.json"
  .venv/bin/agendador plot "$out/instance.json" "$out/solution.json" -o "$out/week.svg"
fi

cat <<MSG

  Agendador em http://127.0.0.1:8000
    login de coordenação:  coordenador / agendador   (também: visualizador, profissional)
    administração:         http://127.0.0.1:8000/admin/
    API navegável:         http://127.0.0.1:8000/api/
    documentação (Swagger): http://127.0.0.1:8000/api/docs/
    semana resolvida:      http://127.0.0.1:8000/api/versions/?week_start=$week

MSG
exec $PY manage.py runserver "${DEMO_ADDR:-127.0.0.1:8000}" --noreload
