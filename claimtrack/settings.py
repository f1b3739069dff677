"""ClaimTrack settings: the one settings module.

Every value comes from an environment variable with a safe local default; ``.env.example`` lists them
all. A malformed value stops start-up with a message naming the variable. With ``DATABASE_URL`` or
``CELERY_BROKER_URL`` unset, the embedded PostgreSQL / Redis of ``claimtrack.embedded`` are used.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false/1/0/yes/no), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- Database and broker --------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
EMBEDDED_SERVICES = not DATABASE_URL or not CELERY_BROKER_URL
if EMBEDDED_SERVICES:
    from claimtrack import embedded

    _services = embedded.ensure_running(register=True)
    if not DATABASE_URL:
        DATABASE_URL = embedded.database_url(_services)
    if not CELERY_BROKER_URL:
        CELERY_BROKER_URL = _services.broker_url

try:
    import dj_database_url

    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0))
except Exception as exc:  # dj-database-url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
if _db.get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres:// or postgresql://)")
_db.setdefault("OPTIONS", {})
_db["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "redis+socket://", "memory://")):
    raise ImproperlyConfigured("CELERY_BROKER_URL must be a redis://, rediss:// or redis+socket:// URL")

# Local use: the embedded servers are in play, so this is a developer's machine, not a deployment.
# Processes started by ``manage.py runstack`` or by the tests get the embedded URLs in their environment
# and CLAIMTRACK_LOCAL=1, so they behave as local too.
LOCAL = env_bool("CLAIMTRACK_LOCAL", EMBEDDED_SERVICES)

# --- Core -----------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not LOCAL and not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off and DATABASE_URL is set")
    SECRET_KEY = "local-only-insecure-key-not-for-deployments"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "claimtrack",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "claimtrack.urls"
WSGI_APPLICATION = "claimtrack.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "claimtrack" / "templates"],
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

# --- Auth, i18n, static ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / ".local" / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "/admin/login/"

# --- Security (production values when DEBUG is off; see README "Deploying") ----------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL and not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not LOCAL and not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not LOCAL and not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024, minimum=1024)

# --- Celery ---------------------------------------------------------------------------------------
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process whose resident memory has passed this many kilobytes is replaced after its task.
# spaCy's vocabulary keeps every word it has seen: about 50 MB more per 1,000 articles full of new names
# (docs/benchmarks/extract.md). A new process reloads the model in a few seconds. 0 turns this off.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 1_500_000, minimum=0) or None
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360, minimum=1)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# A job held by a worker that died (SIGKILL, OOM, power loss) is handed back to another worker once it
# has been unacknowledged for this many seconds; kombu sweeps for such jobs every
# CELERY_UNACKED_RESTORE_INTERVAL seconds. kombu's defaults (one hour, a sweep every ~100 s) lose a run
# for an hour. The price of a short timeout: a job still running (or waiting in a worker's prefetch)
# after it is also handed to a second worker, so every task is safe to run twice and a corroboration
# run is guarded by a heartbeat lease (see docs/operations.md).
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 20, minimum=5)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 2, minimum=1),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
# Enqueuing from a web request never waits longer than this for the broker; a job that could not be
# sent stays recorded in PostgreSQL and the outbox sweeper sends it later.
CELERY_PUBLISH_TIMEOUT = env_float("CELERY_PUBLISH_TIMEOUT", 1.0)
# Retries of transient failures: exponential backoff with full jitter, capped below the visibility
# timeout (a retry waiting in a worker longer than that would be handed out twice).
CELERY_RETRY_BACKOFF_BASE = env_float("CELERY_RETRY_BACKOFF_BASE", 2.0)
CELERY_RETRY_BACKOFF_MAX = env_int("CELERY_RETRY_BACKOFF_MAX", CELERY_VISIBILITY_TIMEOUT // 2, minimum=1)
CELERY_TASK_MAX_RETRIES = env_int("CELERY_TASK_MAX_RETRIES", 5, minimum=0)
if CELERY_RETRY_BACKOFF_MAX >= CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured("CELERY_RETRY_BACKOFF_MAX must be below CELERY_VISIBILITY_TIMEOUT")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE

# --- REST framework -------------------------------------------------------------------------------
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 256 * 1024, minimum=1024)
API_THROTTLE_USER = env_str("API_THROTTLE_USER", "1200/minute")
API_THROTTLE_ANON = env_str("API_THROTTLE_ANON", "60/minute")
for _name, _rate in (("API_THROTTLE_USER", API_THROTTLE_USER), ("API_THROTTLE_ANON", API_THROTTLE_ANON)):
    _count, _, _period = _rate.partition("/")
    if not _count.isdigit() or not _period or _period[0] not in "smhd":
        raise ImproperlyConfigured(f"{_name} must look like 100/minute (s, m, h or d), got {_rate!r}")
# Throttle counters live in Redis so that every gunicorn worker counts against the same budget.
API_THROTTLE_CACHE = "throttle"


def _throttle_cache(broker_url: str) -> dict:
    if broker_url.startswith("memory://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    # redis-py spells a unix socket unix://; kombu spells it redis+socket://.
    # Database 1 of the embedded Redis: the broker's queues in database 0 are never touched.
    location = (
        "unix://" + broker_url.removeprefix("redis+socket://") + "?db=1" if "+socket" in broker_url else broker_url
    )
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location, "KEY_PREFIX": "throttle"}


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    API_THROTTLE_CACHE: _throttle_cache(CELERY_BROKER_URL),
}
CSRF_FAILURE_VIEW = "claimtrack.api.csrf_failure"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "claimtrack.schema.ClaimTrackAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["claimtrack.api.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "claimtrack.api.Cursor",
    "DEFAULT_THROTTLE_CLASSES": ["claimtrack.api.PerUserThrottle", "claimtrack.api.PerAnonThrottle"],
    "EXCEPTION_HANDLER": "claimtrack.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ClaimTrack API",
    "DESCRIPTION": "Fact-check claim tracker: articles, claims, evidence, verdicts, ClaimReview. "
    'Every error has the body {"error": {"code", "message", "fields"}}.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: the docs work offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "VerdictStatusEnum": "claims.models.VerdictStatus",
        "RunStatusEnum": "claims.models.RunStatus",
        "FetchStatusEnum": "sources.models.FetchStatus",
        "ConnectorKindEnum": "sources.models.ConnectorKind",
        "DecisionEnum": "claims.models.Decision",
        "WebhookEventEnum": "claims.models.WebhookEvent",
    },
}

# --- ClaimTrack -----------------------------------------------------------------------------------
CLAIMTRACK_ORGANIZATION_NAME = env_str("CLAIMTRACK_ORGANIZATION_NAME", "ClaimTrack Demo Desk")
CLAIMTRACK_ORGANIZATION_URL = env_str("CLAIMTRACK_ORGANIZATION_URL", "https://claimtrack.example.org/")
CLAIMTRACK_PUBLIC_BASE_URL = env_str("CLAIMTRACK_PUBLIC_BASE_URL", "http://localhost:8000")

# Outbound HTTP (sources/fetching/)
FETCH_USER_AGENT = env_str(
    "FETCH_USER_AGENT",
    "ClaimTrack/0.1 (+https://claimtrack.example.org/bot; ops@claimtrack.example.org) bot",
)
FETCH_CONNECT_TIMEOUT = env_float("FETCH_CONNECT_TIMEOUT", 5.0)
FETCH_READ_TIMEOUT = env_float("FETCH_READ_TIMEOUT", 10.0)
FETCH_TOTAL_TIMEOUT = env_float("FETCH_TOTAL_TIMEOUT", 30.0)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)
# Retries of transient failures inside one fetch (connection errors, 429, 5xx), exponential backoff + jitter.
FETCH_RETRIES = env_int("FETCH_RETRIES", 2, minimum=0)
FETCH_BACKOFF_BASE = env_float("FETCH_BACKOFF_BASE", 0.5)
# A Retry-After longer than this is not slept on: the error goes back to the caller (job retried later).
FETCH_RETRY_AFTER_CAP = env_float("FETCH_RETRY_AFTER_CAP", 30.0)
# Per origin, per process: simultaneous requests, and seconds between two requests.
FETCH_HOST_CONCURRENCY = env_int("FETCH_HOST_CONCURRENCY", 2, minimum=1)
FETCH_POLITENESS_DELAY = env_float("FETCH_POLITENESS_DELAY", 1.0)
# Hosts allowed even though they resolve to internal addresses (tests' fixture server). Never in prod.
FETCH_ALLOWED_INTERNAL_HOSTS = env_list("FETCH_ALLOWED_INTERNAL_HOSTS", [])

# Corroboration runs (claims/corroboration/)
# A running run refreshes its heartbeat every lease/4 seconds; a run whose heartbeat is older than the
# lease is taken over by the next delivery of its job (its worker died).
CORROBORATION_RUN_LEASE = env_int("CORROBORATION_RUN_LEASE", 10, minimum=2)
CORROBORATION_RUN_MAX_ATTEMPTS = env_int("CORROBORATION_RUN_MAX_ATTEMPTS", 5, minimum=1)
# The date window searched around the date of the article a claim first appeared in.
CORROBORATION_WINDOW_DAYS_BEFORE = env_int("CORROBORATION_WINDOW_DAYS_BEFORE", 365, minimum=0)
CORROBORATION_WINDOW_DAYS_AFTER = env_int("CORROBORATION_WINDOW_DAYS_AFTER", 30, minimum=0)
CORROBORATION_EVIDENCE_LIMIT = env_int("CORROBORATION_EVIDENCE_LIMIT", 20, minimum=1)
if CORROBORATION_RUN_LEASE >= CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured("CORROBORATION_RUN_LEASE must be below CELERY_VISIBILITY_TIMEOUT")

# Periodic jobs (claimtrack/schedule.py), in seconds; editors can change them later in the admin.
SCHEDULE_FEEDS_POLL_SECONDS = env_int("SCHEDULE_FEEDS_POLL_SECONDS", 15 * 60, minimum=10)
SCHEDULE_OPEN_CLAIMS_SECONDS = env_int("SCHEDULE_OPEN_CLAIMS_SECONDS", 6 * 3600, minimum=10)
SCHEDULE_PUBLISHED_VERDICTS_SECONDS = env_int("SCHEDULE_PUBLISHED_VERDICTS_SECONDS", 24 * 3600, minimum=10)
SCHEDULE_OUTBOX_SECONDS = env_int("SCHEDULE_OUTBOX_SECONDS", 30, minimum=5)
SCHEDULE_WEBHOOKS_RESUME_SECONDS = env_int("SCHEDULE_WEBHOOKS_RESUME_SECONDS", 60, minimum=10)
SCHEDULE_ARCHIVE_RESUME_SECONDS = env_int("SCHEDULE_ARCHIVE_RESUME_SECONDS", 15 * 60, minimum=10)

# Semantic search (sources/embeddings.py): all-MiniLM-L6-v2 embeddings stored in pgvector. An optional
# extra (requirements/embeddings.txt); see docs/ranking.md for why it is off by default.
EMBEDDINGS_ENABLED = env_bool("EMBEDDINGS_ENABLED", False)
# Threads PyTorch may use to embed text in one process. 1: processes (one per core) are the unit of
# parallelism, and two threads per process made query embeddings 30x slower at p95 on a busy machine
# (docs/benchmarks/rank.md).
EMBEDDINGS_THREADS = env_int("EMBEDDINGS_THREADS", 1, minimum=1)
# How extraction scores check-worthiness (claims/extraction, numbers in docs/extraction.md): "cues", the
# lexical model (the default, fast); "embeddings", the cues averaged with a classifier over sentence
# embeddings; "finetuned", a fine-tuned sentence model built into EXTRACTION_MODEL_DIR. The last two
# score higher on real news, extract about 5x slower and need the embeddings extra.
EXTRACTION_SCORERS = ("cues", "embeddings", "finetuned")
EXTRACTION_SCORER = env_str("EXTRACTION_SCORER", "cues")
EXTRACTION_MODEL_DIR = env_str("EXTRACTION_MODEL_DIR")
if EXTRACTION_SCORER not in EXTRACTION_SCORERS:
    raise ImproperlyConfigured(
        f"EXTRACTION_SCORER must be one of {', '.join(EXTRACTION_SCORERS)}, got {EXTRACTION_SCORER!r}"
    )
if EXTRACTION_SCORER == "finetuned" and not (EXTRACTION_MODEL_DIR and Path(EXTRACTION_MODEL_DIR).is_dir()):
    raise ImproperlyConfigured(
        f"EXTRACTION_SCORER=finetuned needs EXTRACTION_MODEL_DIR, a directory: {EXTRACTION_MODEL_DIR!r}"
    )

# Connector keys
GOOGLE_FACTCHECK_API_KEY = env_str("GOOGLE_FACTCHECK_API_KEY")

# Wayback Machine: Save Page Now 2 and the availability API (sources/services/archive.py)
WAYBACK_SAVE_URL = env_str("WAYBACK_SAVE_URL", "https://web.archive.org/save")
WAYBACK_AVAILABLE_URL = env_str("WAYBACK_AVAILABLE_URL", "https://archive.org/wayback/available")
WAYBACK_WEB_URL = env_str("WAYBACK_WEB_URL", "https://web.archive.org/web")
WAYBACK_ACCESS_KEY = env_str("WAYBACK_ACCESS_KEY")
WAYBACK_SECRET_KEY = env_str("WAYBACK_SECRET_KEY")
# SPN2 keeps a job's status for about an hour; its docs poll every ~5 s.
WAYBACK_POLL_INTERVAL = env_float("WAYBACK_POLL_INTERVAL", 5.0)
WAYBACK_MAX_POLLS = env_int("WAYBACK_MAX_POLLS", 60, minimum=1)
WAYBACK_MAX_ATTEMPTS = env_int("WAYBACK_MAX_ATTEMPTS", 5, minimum=1)
WAYBACK_RETRY_BASE_SECONDS = env_float("WAYBACK_RETRY_BASE_SECONDS", 60.0)
WAYBACK_RETRY_MAX_SECONDS = env_float("WAYBACK_RETRY_MAX_SECONDS", 3600.0)

# Imported ClaimReviews: minimum pg_trgm similarity for "already checked by ..." (claims/services/external_reviews.py)
EXTERNAL_REVIEW_MATCH_THRESHOLD = env_float("EXTERNAL_REVIEW_MATCH_THRESHOLD", 0.3)

# Webhooks (claims/services/webhooks.py): exponential backoff between attempts, capped
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 10, minimum=1)
WEBHOOK_RETRY_BASE_SECONDS = env_float("WEBHOOK_RETRY_BASE_SECONDS", 30.0)
WEBHOOK_RETRY_MAX_SECONDS = env_float("WEBHOOK_RETRY_MAX_SECONDS", 6 * 3600.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "claimtrack@localhost")
