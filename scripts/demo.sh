#!/usr/bin/env bash
# The embedded default: SQLite, jobs solved beside the web server (no Redis), a generated Savassi + Lourdes
# clinic, one solved week, a local fake Google Calendar to publish to, and the server at http://127.0.0.1:8000
# (admin, API, Swagger UI).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

export DATABASE_URL=${DEMO_DATABASE_URL:-sqlite:///$PWD/var/agendador.sqlite3}
export REDIS_URL=                 # the embedded default: Celery eager ...
export JOBS_IN_BACKGROUND_THREAD=1 # ... with solves in a background thread, so their progress is watchable
export DEBUG=${DEBUG:-1}
week=${DEMO_WEEK:-2026-12-07}     # the week solver.generate builds (8 Dec is a Belo Horizonte holiday)

# Publishing goes to a fake Google Calendar on loopback (never to Google): its events survive restarts in
# var/fake-google.json and are listed at its /_fake/ page.
google_port=${DEMO_GOOGLE_PORT:-8765}
export GOOGLE_AUTH_MODE=fake
export GOOGLE_API_ROOT_URL=http://127.0.0.1:$google_port/
export GOOGLE_PUBLISH_REQUESTS_PER_USER_PER_SECOND=0  # the fake has no quota; everything is one user there
mkdir -p var
$PY -m webapp.gcal.fake_server --port "$google_port" --state-file "${DEMO_GOOGLE_STATE:-var/fake-google.json}" >var/fake-google.log 2>&1 &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true' EXIT
$PY - "$google_port" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2).close()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("O Google Agenda simulado não subiu: veja var/fake-google.log")
PY
if ! kill -0 "$fake_pid" 2>/dev/null; then
  echo "Aviso: a porta $google_port já estava em uso; a publicação vai para o que responde lá (DEMO_GOOGLE_PORT muda a porta)." >&2
fi

$PY manage.py migrate --noinput -v0
$PY manage.py load_demo --if-empty --size "${DEMO_SIZE:-m}"
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

addr=${DEMO_ADDR:-127.0.0.1:8000}
cat <<MSG

  Agendador em http://$addr   (o painel: quadro da semana, simulação, pedidos por escrito)
    login de coordenação:  coordenador / agendador   (também: visualizador, profissional)
    administração:         http://$addr/admin/
    API navegável:         http://$addr/api/
    documentação (Swagger): http://$addr/api/docs/
    semana resolvida:      http://$addr/api/versions/?week_start=$week
    aprovar e publicar:    POST /api/versions/<id>/approve/ e depois POST /api/versions/<id>/publish/
    Google Agenda simulado: http://127.0.0.1:$google_port/_fake/   (publicações: /api/publish-runs/)

MSG
# Not exec: the EXIT trap stops the fake Google when the server stops.
$PY manage.py runserver "$addr" --noreload
