"""One settings module, driven by environment variables with safe defaults (see docs/operations.md)."""

from __future__ import annotations

import base64
import hashlib
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str
from config.unfold import UNFOLD  # noqa: F401  (the admin's look and navigation)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# POSTFLOW_TESTING only switches static files; the development secrets below need DEBUG or the test
# runner itself, so the variable set in production can never enable a hard-coded key.
_UNDER_TEST_RUNNER = "pytest" in sys.modules
TESTING = env_bool("POSTFLOW_TESTING", _UNDER_TEST_RUNNER)
_DEV_FALLBACKS_ALLOWED = DEBUG or _UNDER_TEST_RUNNER

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not _DEV_FALLBACKS_ALLOWED:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdefghijkl"  # noqa: S105

# Fernet keys for access tokens at rest; the first encrypts, all decrypt (comma-separated for rotation).
TOKEN_ENCRYPTION_KEYS = env_list("TOKEN_ENCRYPTION_KEYS")
if not TOKEN_ENCRYPTION_KEYS:
    if not _DEV_FALLBACKS_ALLOWED:
        raise ImproperlyConfigured("TOKEN_ENCRYPTION_KEYS must be set when DEBUG is off.")
    TOKEN_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if _DEV_FALLBACKS_ALLOWED else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "unfold.apps.BasicAppConfig",  # the site is admin_dashboards.site.PostFlowAdminSite (below)
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.inlines",
    "unfold.contrib.import_export",
    "admin_dashboards.admin_app.PostFlowAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    "import_export",
    "django_tables2",
    "django_filters",
    "axes",
    "analytics",
    "admin_dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",  # SECURE_CSP below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.UserTimeZoneMiddleware",  # the user's zone (else TIME_ZONE) for pages and exports
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into the lockout page (config/lockout.py)
    "config.middleware.DatabaseUnavailableMiddleware",  # last, so it sees every view's exception
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",  # {{ csp_nonce }} for an inline <script>
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions let the web server and qcluster share the demo database.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a connection kept across a database restart is re-opened
    if not env_bool("POSTFLOW_PG_JIT", False):
        # PostgreSQL's JIT compiles mid-sized dashboard statements for longer than they run: at 1M posts the
        # content comparison took 816 ms with it and 470 ms without; the full roll-up rebuild is unchanged
        # (56 s vs 57 s). docs/operations.md, "Database".
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
# --- Caches: "default" is each process's own memory (per-session pages, sidebars, a process's copy of the
# dashboards' figures); "shared" is seen by every web worker and qcluster process, so a figure is computed
# once per roll-up for all of them and the warm-up job after each roll-up can fill it (docs/operations.md,
# "Caching"). The shared one is Redis when POSTFLOW_CACHE_REDIS_URL is set, else a table of the database.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
    "shared": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("POSTFLOW_CACHE_REDIS_URL")}
        if env_str("POSTFLOW_CACHE_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "postflow_shared_cache",
              "OPTIONS": {"MAX_ENTRIES": env_int("POSTFLOW_SHARED_CACHE_ENTRIES", 5000)}}
    ),
}
# DATABASE_URL, Q_REDIS_URL and POSTFLOW_CACHE_REDIS_URL carry passwords: never on a DEBUG page
# (config/error_reports.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.error_reports.PostFlowExceptionReporterFilter"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if _UNDER_TEST_RUNNER:
    # The suite creates users by the hundred, and PBKDF2's 1.5M iterations cost 0.46 s each on the 2-core
    # machine. Only pytest's own process (and the live servers it runs in threads) hashes this way; every
    # other process, the environment variable set or not, keeps Django's default hashers.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]  # one date format everywhere (config/formats/en/formats.py)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Login throttling (django-axes): see docs/operations.md "Login throttling" -----------------------------
# AxesStandaloneBackend first: it refuses a locked-out (username, IP) before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)  # failed logins per (username, IP) before the lockout
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))  # then the pair may try again
# Per pair, so one mistyping colleague behind the same office IP locks nobody else out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a good login forgets earlier failures
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"  # the admin login page with a clear message
AXES_CLIENT_IP_CALLABLE = "config.lockout.client_ip"  # X-Forwarded-For only from our own TLS proxy
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # PostgreSQL and SQLite alike

LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"  # a direct /admin/login/ ends on the admin, not /accounts/profile/

# --- Security: secure by default, relaxed only for local development (DEBUG) --------------------------
_SECURE = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _SECURE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _SECURE)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _SECURE and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _SECURE)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _SECURE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's built-in CSP; docs/operations.md "Content-Security-Policy"). Scripts only
# from our own static files or with the request's nonce; no inline event handlers. Two allowances for
# django-unfold: 'unsafe-eval' because its Alpine.js build compiles x-* attributes with new Function(), and
# inline styles because its templates and Alpine set style attributes (a nonce cannot cover those, and a
# nonce in style-src would switch 'unsafe-inline' off). Thumbnails come from the platforms' media hosts.
_MEDIA_SCHEMES = ["https:", "http:"] if env_bool("PLATFORM_ALLOW_INSECURE_URLS", False) else ["https:"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_EVAL, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", *_MEDIA_SCHEMES],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)  # our own proxy sets X-Forwarded-Proto and -For
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: console, with tokens redacted as a last line of defence ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "config.logging_filters.RedactTokensFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_q": {"level": env_str("Q_LOG_LEVEL", "INFO"), "propagate": True},
        # One line per platform request is useful when debugging a sync, noise otherwise.
        "platforms.http": {"level": env_str("PLATFORM_HTTP_LOG_LEVEL", "WARNING"), "propagate": True},
        # WeasyPrint logs each step of every PDF (and its stylesheet parse at start-up) at INFO.
        "weasyprint": {"level": "WARNING", "propagate": True},
        "fontTools": {"level": "WARNING", "propagate": True},
    },
}

# --- django-q2: ORM broker by default (SQLite or PostgreSQL), Redis when Q_REDIS_URL is set -----------
Q_CLUSTER = {
    "name": "postflow",
    "workers": env_int("Q_WORKERS", 2),
    "recycle": 200,
    # A task may run this long; `retry` must exceed it or the broker hands the task out twice.
    "timeout": env_int("Q_TASK_TIMEOUT", 1800),
    "retry": env_int("Q_TASK_RETRY", 2100),
    "max_attempts": env_int("Q_MAX_ATTEMPTS", 2),
    # A schedule missed while the cluster was down runs once, not once per missed slot.
    "catch_up": False,
    "save_limit": env_int("Q_SAVE_LIMIT", 1000),
    "ack_failures": True,
    "queue_limit": 50,
    "label": "Jobs",
    "orm": "default",
    "poll": 1,
    "sync": env_bool("Q_SYNC", False),
}
if env_str("Q_REDIS_URL"):
    Q_CLUSTER.pop("orm")
    Q_CLUSTER["redis"] = env_str("Q_REDIS_URL")

# --- PostFlow tunables (documented in docs/operations.md) ---------------------------------------------
# Plain http and private/loopback instance URLs are refused unless this is on (the demo and tests).
PLATFORM_ALLOW_INSECURE_URLS = env_bool("PLATFORM_ALLOW_INSECURE_URLS", False)
# Options for platforms.http.HttpPolicy (timeouts, attempts, the longest pause it may take for a rate limit).
PLATFORM_HTTP_OPTIONS = {
    "connect_timeout": float(env_int("PLATFORM_CONNECT_TIMEOUT", 5)),
    "read_timeout": float(env_int("PLATFORM_READ_TIMEOUT", 30)),
    "max_attempts": env_int("PLATFORM_MAX_ATTEMPTS", 4),
    "max_pause": float(env_int("PLATFORM_MAX_PAUSE_SECONDS", 300)),
    # Bounds on what a platform can cost us: the largest body read, one request's total time (retries
    # included), and a run's budget, below the task timeout so a run stores its work and resumes instead of
    # being killed mid-write.
    "max_response_bytes": env_int("PLATFORM_MAX_RESPONSE_BYTES", 10 * 1024 * 1024),
    "request_deadline": float(env_int("PLATFORM_REQUEST_DEADLINE_SECONDS", 60)),
    "run_budget_seconds": float(env_int("PLATFORM_RUN_BUDGET_SECONDS", 1500)),
    "max_requests": env_int("PLATFORM_RUN_MAX_REQUESTS", 5000),
}
if env_str("PLATFORM_MIN_INTERVAL"):
    # Seconds between requests for every platform; unset, each client keeps its own (Pixelfed: 1 s).
    PLATFORM_HTTP_OPTIONS["min_interval"] = float(env_str("PLATFORM_MIN_INTERVAL"))
# Facebook Login for Instagram professional accounts (docs/connecting-accounts.md): the Meta app's id and
# secret, and where the dialog and the Graph API are (the sandbox stands in for both in the demo and tests).
META_LOGIN = {
    "APP_ID": env_str("META_APP_ID", ""),
    "APP_SECRET": env_str("META_APP_SECRET", ""),
    "DIALOG_URL": env_str("META_DIALOG_URL", "https://www.facebook.com"),
    "GRAPH_URL": env_str("META_GRAPH_URL", "https://graph.facebook.com"),
}
POSTFLOW = {
    # Refresh tiers by post age: (max age in hours, minimum minutes between refreshes).
    "REFRESH_TIERS": [(48, 60), (24 * 30, 24 * 60), (None, 7 * 24 * 60)],
    # Engager lists (likers, sharers, comments) are re-read on this rhythm whatever the counts do, so a swapped
    # like (one unlike, one like: same count) is seen: (max age in hours, minimum minutes between re-reads).
    "ENGAGER_REREAD_TIERS": [(7 * 24, 24 * 60), (30 * 24, 7 * 24 * 60)],
    "REFRESH_MAX_POSTS_PER_ACCOUNT": env_int("POSTFLOW_REFRESH_MAX_POSTS", 500),
    "SYNC_MAX_POSTS": env_int("POSTFLOW_SYNC_MAX_POSTS", 5000),
    # A run renews its account lease and heartbeat as it makes progress; silent this long, the stale-run sweep
    # (every STALE_SWEEP_CRON) fails it. Must exceed the longest gap between heartbeats: a rate-limit pause
    # (PLATFORM_MAX_PAUSE_SECONDS) plus one request's timeouts. See docs/operations.md "Lost runs".
    "ACCOUNT_LEASE_SECONDS": env_int("POSTFLOW_LEASE_SECONDS", 600),
    "STALE_SWEEP_CRON": env_str("POSTFLOW_STALE_SWEEP_CRON", "*/2 * * * *"),
    # A queued run no worker started within this long lost its task (or no cluster runs): the sweep fails it.
    "QUEUED_RUN_MAX_WAIT_SECONDS": env_int("POSTFLOW_QUEUED_RUN_MAX_WAIT", 1800),
    # Resumes after a rate limit or a spent run budget: at most RESUME_CHAIN_MAX in a row; one that made no
    # progress waits RESUME_BACKOFF_SECONDS x 2^(n-1) more (n = resumes in a row without progress), capped.
    "RESUME_CHAIN_MAX": env_int("POSTFLOW_RESUME_CHAIN_MAX", 6),
    "RESUME_BACKOFF_SECONDS": env_int("POSTFLOW_RESUME_BACKOFF_SECONDS", 60),
    "RESUME_BACKOFF_MAX_SECONDS": env_int("POSTFLOW_RESUME_BACKOFF_MAX_SECONDS", 3600),
    # A job queued by hand that finds its account busy with another job waits this long and tries again,
    # up to LEASE_WAIT_MAX times, instead of ending `skipped` after the user was told "queued".
    "LEASE_WAIT_SECONDS": env_int("POSTFLOW_LEASE_WAIT_SECONDS", 60),
    "LEASE_WAIT_MAX": env_int("POSTFLOW_LEASE_WAIT_MAX", 10),
    # Edit histories owed (edited after the last fetch, or a fetch failed) fetched per sync or refresh run.
    "HISTORY_FETCH_MAX_PER_RUN": env_int("POSTFLOW_HISTORY_FETCH_MAX", 100),
    # Snapshot retention: keep every snapshot this many days, hourly ones up to the next, daily after.
    "SNAPSHOT_KEEP_ALL_DAYS": env_int("POSTFLOW_SNAPSHOT_KEEP_ALL_DAYS", 7),
    "SNAPSHOT_KEEP_HOURLY_DAYS": env_int("POSTFLOW_SNAPSHOT_KEEP_HOURLY_DAYS", 30),
    # Hourly hashtag roll-ups cover only the last this many local days (no page reads older hours, and at
    # 1M posts they would be one row per hashtag link); older hourly rows are dropped by a full rebuild.
    "HASHTAG_HOURLY_DAYS": env_int("POSTFLOW_HASHTAG_HOURLY_DAYS", 30),
    # Dashboard aggregates are cached per filter set and roll-up run for at most this long (0: never).
    "DASHBOARD_CACHE_SECONDS": env_int("POSTFLOW_DASHBOARD_CACHE_SECONDS", 300),
    # Pages computed from posts and events (fans, content, decay, best time, growth): kept per roll-up.
    "DASHBOARD_EVENT_CACHE_SECONDS": env_int("POSTFLOW_DASHBOARD_EVENT_CACHE_SECONDS", 3600),
    # The unified dashboard's whole page, per session: live parts (sync runs, badges) this old at most (0: off).
    "DASHBOARD_PAGE_CACHE_SECONDS": env_int("POSTFLOW_DASHBOARD_PAGE_CACHE_SECONDS", 10),
    # Every admin page's sidebar, per session and page: its badges (failing accounts, failed runs) this old at most.
    "SIDEBAR_CACHE_SECONDS": env_int("POSTFLOW_SIDEBAR_CACHE_SECONDS", 30),
    "ENGAGEMENT_REFRESH_CRON": env_str("POSTFLOW_ENGAGEMENT_REFRESH_CRON", "7 * * * *"),
    "POST_SYNC_CRON": env_str("POSTFLOW_POST_SYNC_CRON", "30 3 * * *"),
    "ROLLUP_CRON": env_str("POSTFLOW_ROLLUP_CRON", "15 * * * *"),
    "FAN_RANKINGS_CRON": env_str("POSTFLOW_FAN_RANKINGS_CRON", "40 * * * *"),
    "RETENTION_CRON": env_str("POSTFLOW_RETENTION_CRON", "45 2 * * *"),
    "ADMIN_REFRESH_PER_USER_PER_MINUTE": env_int("POSTFLOW_ADMIN_REFRESH_PER_MINUTE", 10),
    # Best time to post: a weekday-hour cell needs this many posts before it can be recommended.
    "BEST_TIME_MIN_POSTS": env_int("POSTFLOW_BEST_TIME_MIN_POSTS", 3),
    "EXPORT_ASYNC_THRESHOLD_ROWS": env_int("POSTFLOW_EXPORT_ASYNC_THRESHOLD", 20000),
    # Background export files (and their rows) are removed by the nightly retention after this many days.
    "EXPORT_RETENTION_DAYS": env_int("POSTFLOW_EXPORT_RETENTION_DAYS", 7),
    # A long-lived (Instagram) token that expires within this many days, or whose rotation failed, is shown
    # as a warning in the admin and raises the "Access token expiring" alert, so staff reconnect in time.
    "TOKEN_EXPIRY_WARNING_DAYS": env_int("POSTFLOW_TOKEN_EXPIRY_WARNING_DAYS", 7),
}

# Reports and alerts (docs/reports-and-alerts.md). Mail goes through Django's SMTP backend configured from
# the EMAIL_* environment variables (Django 6.1 reads them as MAILERS, the EMAIL_* settings are deprecated);
# under DEBUG without EMAIL_HOST it prints to the console instead.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "PostFlow Analytics <postflow@localhost>")
if DEBUG and not env_str("EMAIL_HOST", ""):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        },
    }
POSTFLOW_ALERTS = {
    "EVALUATE_CRON": env_str("POSTFLOW_ALERTS_CRON", "*/15 * * * *"),
}
POSTFLOW_REPORTS = {
    "DUE_CRON": env_str("POSTFLOW_REPORTS_CRON", "*/5 * * * *"),
    # Report addresses that are not staff users must be in one of these domains.
    "ALLOWED_RECIPIENT_DOMAINS": [d.lower() for d in env_list("POSTFLOW_REPORT_DOMAINS", ["example.com"])],
    "RETRY_BACKOFF_MINUTES": [5, 15, 60],  # then the slot's delivery stays failed
    "SENDING_STALE_MINUTES": 15,  # a claim older than this was lost with its worker: retry it
    "FAILURES_SHOWN_DAYS": 7,  # failed deliveries of slots this recent show in the dashboard's sync health
}
