"""Settings come only from the environment (see .env.example); webapp.env refuses bad values."""
from __future__ import annotations

import datetime as dt
import ipaddress
from importlib.util import find_spec
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from webapp.env import (
    check_secret_key,
    check_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    env_time,
    env_weekday,
)
from webapp.logs import configure_logging

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", True)
# PRODUCTION=1 (docker-compose.yml sets it) forbids DEBUG; with DEBUG off the keys below must be real.
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG precisa ser 0 em produção (PRODUCTION=1): com DEBUG ligado, qualquer erro mostra código e configurações."
    )
SECRET_KEY = env_str("SECRET_KEY")
if not DEBUG:
    check_secret_key("SECRET_KEY", SECRET_KEY)
elif not SECRET_KEY:
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS é obrigatório com DEBUG=0: os nomes do site separados por vírgula.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    check_url("CSRF_TRUSTED_ORIGINS", _origin, ("http", "https"))
CSRF_FAILURE_VIEW = "webapp.api.fallbacks.csrf_failure"
HTTPS = env_bool("HTTPS", False)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (the compose `proxy` does).
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000, minimum=0)
# Cookies: the session is never readable by scripts; the CSRF cookie is (the dashboard sends it back as
# X-CSRFToken). Neither goes along on cross-site requests. A session lasts a working day.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12, minimum=1) * 3600
# Headers (SecurityMiddleware, XFrameOptionsMiddleware, webapp.security.ContentSecurityPolicyMiddleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The dashboard is one module script and one stylesheet from /static/; React positions cards with inline
# style attributes (hence 'unsafe-inline' for styles only); Redoc starts a worker from a blob.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc from the package: the docs work offline
    "axes",
    "django_prometheus",
    "simple_history",  # who changed sites, rooms, professionals, premissas and pins, and when
    "webapp.clinic",
    "webapp.schedules",
    "webapp.dashboard",
]
# The Google Calendar part (webapp/gcal) joins as an app once it has one.
if find_spec("webapp.gcal") is not None and find_spec("webapp.gcal.apps") is not None:
    INSTALLED_APPS.append("webapp.gcal")

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # first and last: times the whole request
    "webapp.logs.RequestLogMiddleware",  # one JSON line per request, with its X-Request-ID
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # a week's board is one big JSON document
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # the history's "who"
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "webapp.security.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out admin login into the lockout page
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# --- Metrics at /metrics (webapp.metrics): for a bearer of METRICS_TOKEN, or from METRICS_ALLOWED_IPS
# (addresses or networks, comma-separated). Neither set: /metrics answers 403 to everyone.
METRICS_TOKEN = env_str("METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 24:
    raise ImproperlyConfigured("METRICS_TOKEN é curto demais: use ao menos 24 caracteres aleatórios.")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", [])
try:
    METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network(item, strict=False) for item in METRICS_ALLOWED_IPS]
except ValueError as exc:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS precisa listar endereços ou redes IP: {exc}.") from None
PROMETHEUS_EXPORT_MIGRATIONS = False

# --- Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one user from one address,
# that pair is locked for LOGIN_LOCKOUT_MINUTES (dashboard, token and admin logins alike).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "webapp.security.lockout_response"
# Behind PROXY_COUNT reverse proxies (compose: 1, nginx) the client's address is in X-Forwarded-For.
PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

ROOT_URLCONF = "webapp.urls"
LOGIN_URL = "/api/auth/login/"
LOGIN_REDIRECT_URL = "/api/"
WSGI_APPLICATION = "webapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "webapp" / "templates"],  # overrides of packages' templates (Redoc without a CDN)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'agendador.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL não é uma URL de banco de dados válida: {exc}") from None
# django-prometheus's wrappers of the same backends count queries, errors and connections.
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "pt-br"
TIME_ZONE = env_str("TIME_ZONE", "America/Sao_Paulo")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE precisa ser um fuso da IANA, como America/Sao_Paulo; recebido {TIME_ZONE!r}.") from None
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "webapp" / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# The dashboard's build (frontend/dist, made by `npm run build`): its index.html is served at `/` by
# webapp.dashboard, its hashed assets under /static/dashboard/ (Vite's `base`).
DASHBOARD_DIR = Path(env_str("DASHBOARD_DIR", str(BASE_DIR / "frontend" / "dist")))
STATICFILES_DIRS = [("dashboard", DASHBOARD_DIR)] if DASHBOARD_DIR.is_dir() else []
# Served by whitenoise straight from the build, so `make demo` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["webapp.api.permissions.RolePermission"],
    "DEFAULT_SCHEMA_CLASS": "webapp.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "webapp.api.pagination.Pagination",
    "PAGE_SIZE": 200,
    "EXCEPTION_HANDLER": "webapp.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Agendador API",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": "Salas, profissionais, premissas, versões da agenda, execuções do solver.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PinSourceEnum": "webapp.clinic.models.Pin.SOURCE_CHOICES",
        "VersionSourceEnum": "webapp.schedules.models.ScheduleVersion.SOURCE_CHOICES",
        "VersionStatusEnum": "webapp.schedules.models.ScheduleVersion.STATUS_CHOICES",
        "RunStatusEnum": "webapp.schedules.models.SolveRun.STATUS_CHOICES",
        "RunKindEnum": "webapp.schedules.models.SolveRun.KIND_CHOICES",
    },
}

# --- Redis, cache and Celery
REDIS_URL = check_url("REDIS_URL", env_str("REDIS_URL"), ("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "agendador"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False  # a killed solve is failed by the reaper, not re-run
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queues by urgency: what a coordinator waits for (what-ifs, prompt runs) never queues behind the weekly
# generation or a publish. Compose runs one worker per queue (-Q interactive / -Q batch); a worker started
# without -Q consumes both. A solve run's queue follows its kind (webapp.schedules.actions.QUEUE_OF_RUN_KIND).
CELERY_TASK_QUEUES = (Queue("interactive"), Queue("batch"))
CELERY_TASK_DEFAULT_QUEUE = "interactive"
CELERY_TASK_ROUTES = {
    "webapp.schedules.tasks.run_solve": {"queue": "interactive"},
    "webapp.schedules.tasks.reap_stale_runs": {"queue": "interactive"},
    "webapp.schedules.tasks.generate_week": {"queue": "batch"},
    "webapp.schedules.tasks.confirm_day": {"queue": "batch"},
    "webapp.gcal.tasks.publish_version": {"queue": "batch"},
}
# GET /health/ fails when no worker has beaten for this long (webapp.health; workers beat every 15 s).
WORKER_HEARTBEAT_MAX_SECONDS = env_int("WORKER_HEARTBEAT_MAX_SECONDS", 90, minimum=30)
# Without Redis the embedded default can still run a solve beside the web server so its progress is
# watchable; tests leave it off and run jobs inline.
JOBS_IN_BACKGROUND_THREAD = env_bool("JOBS_IN_BACKGROUND_THREAD", False)

GENERATE_WEEK_DAY = env_weekday("GENERATE_WEEK_DAY", "thu")
GENERATE_WEEK_TIME = env_time("GENERATE_WEEK_TIME", "18:00")
CONFIRM_DAY_TIME = env_time("CONFIRM_DAY_TIME", "18:00")
SOLVE_TIME_LIMIT = env_float("SOLVE_TIME_LIMIT", 60.0, minimum=1.0)
SOLVE_WORKERS = env_int("SOLVE_WORKERS", 2, minimum=1)
# A run still "running" this long after its time limit lost its worker.
STALE_RUN_GRACE_SECONDS = env_int("STALE_RUN_GRACE_SECONDS", 120, minimum=1)
# The one entry point into the solver (the adapter imports it); tests may point it at a fake.
SOLVER_ENGINE = env_str("SOLVER_ENGINE", "solver.engine:solve_document")

_DAY_NUMBER = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
CELERY_BEAT_SCHEDULE = {
    "generate-week": {
        "task": "webapp.schedules.tasks.generate_week",
        "schedule": crontab(
            day_of_week=_DAY_NUMBER[GENERATE_WEEK_DAY], hour=GENERATE_WEEK_TIME.hour, minute=GENERATE_WEEK_TIME.minute
        ),
    },
    "confirm-day": {
        "task": "webapp.schedules.tasks.confirm_day",
        "schedule": crontab(
            hour=CONFIRM_DAY_TIME.hour, minute=CONFIRM_DAY_TIME.minute
        ),
    },
    "reap-stale-runs": {"task": "webapp.schedules.tasks.reap_stale_runs", "schedule": 60.0},
}

# --- Google Calendar (webapp/gcal reads its own keys; these are the ones the shell may need)
GOOGLE_AUTH_MODE = env_str("GOOGLE_AUTH_MODE", "service_account")
GOOGLE_API_ROOT_URL = env_str("GOOGLE_API_ROOT_URL")
GOOGLE_SERVICE_ACCOUNT_FILE = env_str("GOOGLE_SERVICE_ACCOUNT_FILE")
GOOGLE_OAUTH_CLIENT_FILE = env_str("GOOGLE_OAUTH_CLIENT_FILE")
GOOGLE_TOKEN_ENCRYPTION_KEY = env_str("GOOGLE_TOKEN_ENCRYPTION_KEY")

LOGGING = configure_logging(env_str("LOG_LEVEL", "INFO"))

# --- Prompts (issue 8): who interprets a prompt, and the limits around it. Documented in .env.example.
PROMPT_INTERPRETER = env_str("PROMPT_INTERPRETER", "offline")
if PROMPT_INTERPRETER not in ("offline", "openai", "command"):
    raise ImproperlyConfigured(f"PROMPT_INTERPRETER must be offline, openai or command, got {PROMPT_INTERPRETER!r}")
PROMPT_OPENAI_BASE_URL = env_str("PROMPT_OPENAI_BASE_URL")
PROMPT_OPENAI_MODEL = env_str("PROMPT_OPENAI_MODEL")
PROMPT_OPENAI_API_KEY = env_str("PROMPT_OPENAI_API_KEY")
PROMPT_COMMAND = env_str("PROMPT_COMMAND")
PROMPT_TIMEOUT_SECONDS = env_float("PROMPT_TIMEOUT_SECONDS", 30.0, minimum=1.0)
PROMPT_MAX_CHARS = env_int("PROMPT_MAX_CHARS", 1000, minimum=10)
PROMPT_MAX_OUTPUT_BYTES = env_int("PROMPT_MAX_OUTPUT_BYTES", 200_000, minimum=1000)
PROMPT_RATE = env_str("PROMPT_RATE", "30/hour")
if not __import__("re").fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", PROMPT_RATE):
    raise ImproperlyConfigured(f"PROMPT_RATE must look like 30/hour (per s, min, hour or day), got {PROMPT_RATE!r}")
PROMPT_MAX_CONCURRENT_RUNS = env_int("PROMPT_MAX_CONCURRENT_RUNS", 2, minimum=1)
