# One image for web (gunicorn), worker and beat; settings come from the environment (.env.example).

# The dashboard, built once (frontend/dist); Django serves it at / (webapp.dashboard, whitenoise).
FROM node:20-slim AS dashboard
WORKDIR /build
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# pg_dump / pg_restore of the server's major version (compose runs postgres:16; Debian's own client is 15, which
# refuses a newer server), for `manage.py backup` and `manage.py restore` — from the PostgreSQL project's apt repository.
ARG PG_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl gnupg \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL https://www.postgresql.org/media/keys/ACCC4CF8.asc -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
    && . /etc/os-release \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
       > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} \
    && apt-get purge -y curl gnupg && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
COPY rules ./rules
COPY solver ./solver
COPY webapp ./webapp
COPY manage.py ./
COPY --from=dashboard /build/dist ./frontend/dist
# Editable, so package data (locale catalogues, JSON schemas) is read from the source tree.
RUN pip install -e . \
    && useradd --create-home --uid 1000 agendador \
    && mkdir -p /app/var && chown agendador /app/var

USER agendador
# The static files of the admin and the API docs; the compose `proxy` serves them from a shared volume.
# DEBUG=1 only for this step: production settings (DEBUG=0) refuse to start without a real SECRET_KEY and
# ALLOWED_HOSTS, which the image must not contain; collectstatic needs neither.
RUN DEBUG=1 python manage.py collectstatic --noinput -v0

EXPOSE 8000
CMD ["gunicorn", "webapp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
