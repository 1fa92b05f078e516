"""Settings for the cluster portal.

Every value that differs between environments comes from an environment variable, read
through the small typed helpers below; a malformed value stops start-up with a clear error
instead of being silently replaced by a default.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn postgres://user:pass@host:port/name or sqlite:///path into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.db is relative to the project, sqlite:////abs/path.db is absolute.
        path = unquote(parts.path[1:]) if parts.path.startswith("/") else unquote(parts.path)
        if not path:
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file name")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / path}
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL must name a database: postgres://host/name")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # Persistent connections: a new connection per request costs more than the view.
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported (use postgres:// or sqlite:///)"
    )


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"
# Former keys, newest first, during a key rotation: signed links already sent (unsubscribe,
# newsletter preferences, tracking, press downloads) and sessions keep working. Personal
# links (core.links) do not depend on the key at all.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# Links in emails. Unset, it follows PORT, the port `make run` serves on, so mail sent from
# the quick start on another port still points to it; production sets it.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, got {SITE_URL!r}")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [SITE_URL])

CLUSTER_NAME = env_str("CLUSTER_NAME", "Cluster Numérique Occitanie")

# Memberships and dues: the month a membership year starts (1 = calendar year), and the days
# around the end of a period at which unpaid dues are reminded (negative = before the end).
MEMBERSHIP_YEAR_START_MONTH = env_int("MEMBERSHIP_YEAR_START_MONTH", 1)
if not 1 <= MEMBERSHIP_YEAR_START_MONTH <= 12:
    raise ImproperlyConfigured(
        f"MEMBERSHIP_YEAR_START_MONTH must be 1 to 12, got {MEMBERSHIP_YEAR_START_MONTH}"
    )
# A new member's first dues are prorated to the months left in the membership year; when
# they join in its last MEMBERSHIP_EARLY_START_MONTHS months (0: never), the next year starts
# at once instead, for its full dues (members.selectors.memberships.membership_first_period).
MEMBERSHIP_EARLY_START_MONTHS = env_int("MEMBERSHIP_EARLY_START_MONTHS", 0)
if not 0 <= MEMBERSHIP_EARLY_START_MONTHS <= 11:
    raise ImproperlyConfigured(
        f"MEMBERSHIP_EARLY_START_MONTHS must be 0 to 11, got {MEMBERSHIP_EARLY_START_MONTHS}"
    )
try:
    DUES_REMINDER_OFFSETS = sorted(
        int(days) for days in env_list("DUES_REMINDER_OFFSETS", ["-30", "-7", "15"])
    )
except ValueError:
    raise ImproperlyConfigured(
        "DUES_REMINDER_OFFSETS must be comma-separated integers such as -30,-7,15"
    ) from None

CONTACT_EMAIL = env_str("CONTACT_EMAIL", "contact@cluster.localhost")

# Newsletter sending: messages per SMTP connection, pace (0 = as fast as the server takes
# them), sender (empty: DEFAULT_FROM_EMAIL), and how long a send may stand still before
# the beat task restarts it.
# Requests for an introduction an organization may have waiting for an answer at once.
COLLABORATION_PENDING_INTRODUCTIONS_MAX = env_int("COLLABORATION_PENDING_INTRODUCTIONS_MAX", 5)
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)
NEWSLETTER_RATE_PER_SECOND = env_int("NEWSLETTER_RATE_PER_SECOND", 0)
NEWSLETTER_FROM_EMAIL = env_str("NEWSLETTER_FROM_EMAIL", "")
NEWSLETTER_REPLY_TO = env_str("NEWSLETTER_REPLY_TO", CONTACT_EMAIL)
# A send marks each message as it leaves, so a minute without one means its worker died;
# restarting a live send is harmless (its advisory lock stops the second sender). With the
# sweep every SWEEP_INTERVAL_SECONDS, a dead worker's send goes on within two minutes.
NEWSLETTER_STALLED_MINUTES = env_int("NEWSLETTER_STALLED_MINUTES", 1)

# Storage limitation (GDPR art. 5(1)(e)): days after which the daily retention task deletes
# or anonymises personal data (portal.services.retention). Prospects follow the CNIL's
# guidance (three years without contact); tracking follows its 13 months for trackers.
RETENTION_PROSPECT_DAYS = env_int("RETENTION_PROSPECT_DAYS", 3 * 365)
RETENTION_PENDING_SIGNUP_DAYS = env_int("RETENTION_PENDING_SIGNUP_DAYS", 30)
RETENTION_REJECTED_APPLICATION_DAYS = env_int("RETENTION_REJECTED_APPLICATION_DAYS", 365)
RETENTION_SENT_EMAIL_DAYS = env_int("RETENTION_SENT_EMAIL_DAYS", 2 * 365)
RETENTION_TRACKING_DAYS = env_int("RETENTION_TRACKING_DAYS", 395)
for _name in (
    "RETENTION_PROSPECT_DAYS",
    "RETENTION_PENDING_SIGNUP_DAYS",
    "RETENTION_REJECTED_APPLICATION_DAYS",
    "RETENTION_SENT_EMAIL_DAYS",
    "RETENTION_TRACKING_DAYS",
):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be a number of days of at least 1")
# An email the mail server did not take is tried again by the sweeper, waiting as long
# again as it has been failing (between the first and the longest wait), for as long as
# the retry window lasts; then staff see it given up (core/email.py).
EMAIL_RETRY_WINDOW_SECONDS = env_int("EMAIL_RETRY_WINDOW_SECONDS", 24 * 3600)
EMAIL_RETRY_FIRST_DELAY_SECONDS = env_int("EMAIL_RETRY_FIRST_DELAY_SECONDS", 60)
EMAIL_RETRY_MAX_DELAY_SECONDS = env_int("EMAIL_RETRY_MAX_DELAY_SECONDS", 3600)
# How often the sweepers run (the outbox, email retries, long jobs whose lease ran out).
SWEEP_INTERVAL_SECONDS = env_int("SWEEP_INTERVAL_SECONDS", 60)
# A running import renews its lease in PostgreSQL as it goes; a job whose lease ran out
# (its worker died) is restarted by the next sweep. With the defaults: within 2 minutes.
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", 60)
# Slows every imported row down by so many milliseconds: only for the tests that kill a
# worker in the middle of an import. Always 0 in production.
IMPORT_ROW_DELAY_MS = env_int("IMPORT_ROW_DELAY_MS", 0)
# A report's build renews its lease at each step the same way; the sweeper queues again a
# build whose lease ran out. A step (a section's figures, one PDF) takes seconds at most.
REPORT_BUILD_LEASE_SECONDS = env_int("REPORT_BUILD_LEASE_SECONDS", 120)
# Slows each step of a report's build down: only for the test that kills a worker mid-build.
REPORT_BUILD_STEP_DELAY_MS = env_int("REPORT_BUILD_STEP_DELAY_MS", 0)

INSTALLED_APPS = [
    "core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The sitemap's XML templates (portal/sitemaps.py).
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "csp",
    "core",
    "members",
    "events",
    "communications",
    "surveys",
    "collaboration",
    # The directory shared across the network of clusters.
    "network",
    "community",
    "reports",
    "webhooks",
    "api",
    "portal",
    # After the project's apps, so that templates/ninja/ overrides its documentation page.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /api/ only: problem details for every error, ETags, and the audit log of writes.
    "api.middleware.ApiMiddleware",
    # Before anything reads the request: control characters and broken bodies get a 400.
    "core.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "cluster_portal.urls"
WSGI_APPLICATION = "cluster_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite:///db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:after_login"

# django-allauth: email is the login, nobody signs up on their own (invitation only).
ACCOUNT_ADAPTER = "core.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Don't email addresses that have no account (signup is closed; it would only invite spam).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{CLUSTER_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_ADAPTER = "core.adapters.SealingMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = CLUSTER_NAME
# Animators see every member's data: their accounts need a second factor in production.
# In the quick start (debug on) the demo staff login works with a password alone.
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", not DEBUG)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Documents served only through permission checks (core.storage.PrivateStorage).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to process memory while Redis is unreachable (core/cache.py).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
            # A Redis that hangs must not hang the page: give up after a second.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages served whole to anonymous visitors (core/pagecache.py). A change shows at once
# in the portal's own cache; browsers and a proxy in front may keep a page for max-age, and
# serve it a little longer while they fetch the new one. The cache keeps a page at most
# PUBLIC_PAGE_CACHE_SECONDS, for what time alone changes (an event that has ended).
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 30)
PUBLIC_PAGE_STALE_WHILE_REVALIDATE = env_int("PUBLIC_PAGE_STALE_WHILE_REVALIDATE", 60)
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 5 * 60)

# Celery: with REDIS_URL a real worker and beat do the work; without it (the quick start)
# tasks run in-process when they are enqueued, so nothing else has to be started.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 14 * 60)
CELERY_TASK_ACKS_LATE = True
# How long Redis keeps a task a worker took but did not acknowledge before handing it to
# another worker. It is not what brings back the work of a dead worker: long jobs hold a
# lease in PostgreSQL and the sweeper restarts them within two minutes, and emails are
# retried from SentEmail, whatever Redis remembers. It only has to be longer than anything
# a worker legitimately holds unacknowledged, or live work would be handed out twice: a
# task running up to its hard time limit, and a retry waiting its countdown (at most
# Celery's retry_backoff_max, 10 minutes). Hence the time limit plus five minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 5 * 60),
    # A request that hands a task over must not hang while Redis is down: one quick retry,
    # then the task waits in the outbox (core/outbox.py) and the sweeper hands it over.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
    "socket_connect_timeout": 1,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "sessions-clear": {"task": "core.tasks.sessions_clear", "schedule": 24 * 3600},
    "personal-links-purge": {"task": "core.tasks.personal_links_purge", "schedule": 24 * 3600},
    # Work whose hand-over to Redis failed (Redis down at commit) is handed again within a
    # minute of Redis coming back (core/outbox.py).
    # Emails the mail server refused are tried again from the same sweep (core/email.py).
    "outbox-sweep": {"task": "core.tasks.outbox_sweep", "schedule": SWEEP_INTERVAL_SECONDS},
    # Imports whose worker died (their lease ran out) start again (members/services/imports).
    "imports-resume-stalled": {
        "task": "members.tasks.imports_resume_stalled",
        "schedule": SWEEP_INTERVAL_SECONDS,
    },
    # Once a morning; a missed day is caught up by the next run (see dues_reminders_send).
    "dues-reminders": {
        "task": "members.tasks.dues_reminders_send",
        "schedule": crontab(hour=8, minute=0),
    },
    # Every office hour rather than once: a worker down at 9 does not skip a day's
    # reminders, and each registration is reminded once (see registration_reminders_queue).
    "event-reminders": {
        "task": "events.tasks.registration_reminders_queue",
        "schedule": crontab(hour="9-18", minute=0),
    },
    # Partner clusters change their calendars rarely; every few hours keeps ours fresh.
    "partner-calendars-import": {
        "task": "events.tasks.partner_calendars_import",
        "schedule": crontab(hour="*/4", minute=20),
    },
    # Reports whose build stopped with its worker are built again.
    "reports-builds-resume-stalled": {
        "task": "reports.tasks.report_builds_resume_stalled",
        "schedule": SWEEP_INTERVAL_SECONDS,
    },
    # Yesterday's messages of the working groups' discussions, once a morning; each person
    # gets a group's digest once a day whatever the runs (email_send_once keys).
    "discussion-digests": {
        "task": "community.tasks.discussion_digests_queue",
        "schedule": crontab(hour=7, minute=15),
    },
    # The API's audit log past its retention, and tokens long dead, once a night.
    "api-audit-purge": {
        "task": "api.tasks.api_audit_purge",
        "schedule": crontab(hour=3, minute=40),
    },
    # Scheduled newsletters leave within a minute of their time.
    "newsletters-send-due": {
        "task": "communications.tasks.newsletters_send_due",
        "schedule": 60,
    },
    # Sends are idempotent: restarting one that stood still for NEWSLETTER_STALLED_MINUTES
    # (its worker gone for good) sends only what is left.
    "newsletters-resume-stalled": {
        "task": "communications.tasks.newsletters_resume_stalled",
        "schedule": SWEEP_INTERVAL_SECONDS,
    },
    # Invitations of surveys that opened, then reminders; each occasion is emailed once per
    # person, so an hourly run catches up after a worker outage without doubles.
    "survey-emails": {
        "task": "surveys.tasks.surveys_emails_due",
        "schedule": crontab(hour="8-18", minute=30),
    },
    # Early each morning, before anyone opens the plan; run again the same day, it updates
    # that day's measurement rather than adding one.
    # Personal data past its retention period; a day late changes nothing.
    "retention-apply": {
        "task": "portal.tasks.retention_apply",
        "schedule": crontab(hour=3, minute=15),
    },
    "indicators-snapshot": {
        "task": "communications.tasks.indicators_snapshot",
        "schedule": crontab(hour=5, minute=30),
    },
    # Daily, so a worker down on a period's first day catches up; the drafts and the
    # animators' to-do are made once per period.
    "reports-drafts-create": {
        "task": "reports.tasks.reports_drafts_create",
        "schedule": crontab(hour=6, minute=10),
    },
    # Monday morning: each subscriber's digest of the week's matching needs and offers; run
    # twice, nobody gets two (DigestSending, one per person and week).
    "collaboration-digests": {
        "task": "collaboration.tasks.digests_queue",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    # Early January: every member organization's statement of the year just ended.
    "statements-build": {
        "task": "reports.tasks.statements_build",
        "schedule": crontab(month_of_year=1, day_of_month=2, hour=4, minute=0),
    },
    # Opportunities leave the board the day after their expiry: the queries follow the date,
    # but the stored public pages only change with their topic, so it changes each night.
    "opportunities-board-refresh": {
        "task": "collaboration.tasks.opportunities_board_refresh",
        "schedule": crontab(hour=0, minute=5),
    },
    # A news item featured until a date leaves the stored home page the next night.
    "news-home-refresh": {
        "task": "communications.tasks.news_home_refresh",
        "schedule": crontab(hour=0, minute=6),
    },
    # Webhook messages whose wait before the next try is over (long waits, lost countdowns).
    "webhooks-due": {
        "task": "webhooks.tasks.webhook_messages_due_sweep",
        "schedule": SWEEP_INTERVAL_SECONDS,
    },
    "webhooks-log-purge": {
        "task": "webhooks.tasks.webhook_messages_purge",
        "schedule": crontab(hour=3, minute=40),
    },
    # Network of clusters: partner clusters' directory feeds, one task each.
    "partner-directories-import": {
        "task": "network.tasks.partner_directories_import",
        "schedule": crontab(hour="*/4", minute=40),
    },
}

# Partner feeds (calendars and directories) are fetched from addresses staff type in: by
# default never from this machine or the internal network (loopback, private, link-local,
# reserved addresses).
PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = env_bool("PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS", False)

# Webhooks are POSTed to addresses staff type in: the same rule as partner feeds.
WEBHOOKS_ALLOW_PRIVATE_HOSTS = env_bool("WEBHOOKS_ALLOW_PRIVATE_HOSTS", False)
# How long the delivery log (with the personal data the messages carry) is kept.
WEBHOOKS_LOG_DAYS = env_int("WEBHOOKS_LOG_DAYS", 90)

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cluster <no-reply@cluster.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security baseline. Cookies are secure whenever the site is served over HTTPS (debug off).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
# gunicorn sits behind a TLS-terminating proxy that sets this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The header in which that proxy puts the visitor's address (for example X-Real-IP), used by
# per-client limits such as the one on /join/. Empty: REMOTE_ADDR, right without a proxy.
# Only set it when the proxy overwrites the header or appends to it (its last entry is
# read): clients can send it too.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
# Web addresses typed without a scheme are https (Django 6's default, opted into now).
FORMS_URLFIELD_ASSUME_HTTPS = True
# Django's widget templates, with the common widgets written in Python (core/renderers.py).
FORM_RENDERER = "core.renderers.WidgetRenderer"
# /healthz is probed over plain HTTP from inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs each rendering step of every PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# The open API (api/): how long a token may last at most, and how many requests a minute
# each token may make (a fixed window in the shared cache; over it, 429).
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# How long the audit log of the API's writes is kept; tokens expired or revoked for longer
# than that (their audit entries already gone) are deleted too (api.tasks.api_audit_purge).
API_AUDIT_RETENTION_DAYS = env_int("API_AUDIT_RETENTION_DAYS", 365)
# A new token's default lifetime in the forms of the back-office and the member space.
API_TOKEN_DEFAULT_DAYS = 90
