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
