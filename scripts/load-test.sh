#!/usr/bin/env bash
# Load test (issue 11), loopback only: LOAD_USERS people reading boards and diffs while LOAD_WHAT_IFS
# coordinators keep what-ifs solving, against the production shape — gunicorn (3 workers) on PostgreSQL, a
# real Celery worker on Redis. Prints p50/p95/p99 and errors per request kind; results in var/load/.
#   LOAD_USERS=20 LOAD_WHAT_IFS=2 LOAD_SECONDS=60 LOAD_THINK=0.5-1.5 LOAD_REVALIDATE=1 bash scripts/load-test.sh
# LOAD_THINK=0 reads without pause; LOAD_REVALIDATE=0 never sends If-None-Match; LOAD_WORKER_NICE (default 10)
# is the solve worker's CPU niceness, as docker-compose.yml sets it (0 to compare); LOAD_WEB_WORKERS gunicorn's
# processes (3, as in compose).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[[ -x .venv/bin/locust ]] || .venv/bin/pip install --quiet "locust>=2.32,<3"

db=${LOAD_DATABASE:-agendador_load}
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db
export REDIS_URL=${LOAD_REDIS_URL:-redis://127.0.0.1:6379/3}
export DEBUG=0 SECRET_KEY=$($PY -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=127.0.0.1
export LOG_LEVEL=WARNING SOLVE_WORKERS=${LOAD_SOLVE_WORKERS:-1}  # as in docker-compose.yml: one core per solve
export LOGIN_FAILURE_LIMIT=1000
users=${LOAD_USERS:-20}
what_ifs=${LOAD_WHAT_IFS:-2}
out=var/load
mkdir -p "$out"

psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
redis-cli -u "$REDIS_URL" flushdb >/dev/null
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo --size "${LOAD_SIZE:-m}" >/dev/null
$PY manage.py solve_week "${LOAD_WEEK:-2026-12-07}" --time-limit 10 >/dev/null 2>&1
$PY manage.py collectstatic --noinput -v0 2>/dev/null || true

port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/gunicorn webapp.wsgi:application --bind 127.0.0.1:$port --workers "${LOAD_WEB_WORKERS:-3}" --log-level warning >"$out/gunicorn.log" 2>&1 &
web=$!
nice -n "${LOAD_WORKER_NICE:-10}" .venv/bin/celery -A webapp worker -Q interactive,batch --concurrency "$what_ifs" \
  --loglevel WARNING >"$out/worker.log" 2>&1 &
worker=$!
trap 'kill $web $worker 2>/dev/null; wait 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/auth/session/" >/dev/null && break; sleep 0.2; done

LOAD_WHAT_IFS=$what_ifs .venv/bin/locust -f scripts/load/locustfile.py --headless --only-summary --reset-stats \
  -u $((users + what_ifs)) -r $((users + what_ifs)) -t "${LOAD_SECONDS:-60}s" \
  --host "http://127.0.0.1:$port" --csv "$out/load" 2>&1 | grep -v "^\[" | tee "$out/summary.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
