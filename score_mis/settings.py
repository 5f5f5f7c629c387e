"""Settings for SCORE MIS, read from environment variables with strict parsing."""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Without DEBUG the secret must come from the environment. Management commands such as migrate need
# none, so it may stay empty here; serving refuses to start without it (score_mis/startup.py).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-true"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation requires.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "partners",
    "enterprises",
    "trainings",
    "improvements",
    "reporting",
    "demo",
    "dataexchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "score_mis.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "score_mis.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "score_mis.saving.AlreadySavedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "reporting.middleware.FinishedJobNoticeMiddleware",
]

ROOT_URLCONF = "score_mis.urls"

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
                "django.template.context_processors.i18n",
                "score_mis.menu.menu",
            ],
            "libraries": {
                "page_tags": "score_mis.page_tags",
                "bilingual": "score_mis.bilingual_tags",
                "wording": "score_mis.wording_tags",
            },
        },
    },
]

WSGI_APPLICATION = "score_mis.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions plus a busy
    # timeout make concurrent writers wait for each other instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling a report's aggregate costs seconds (5.4 s of 9.3 s for the reporting rates at 480,000
    # enterprises) and saves milliseconds: off for this application's sessions, whatever postgresql.conf says.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Numbers are grouped by thousands in Chinese as in English (score_mis/formats/zh_Hans/formats.py).
FORMAT_MODULE_PATH = ["score_mis.formats"]
# Text that people write (the results framework's names, notes and narratives) is kept in both languages:
# `<field>_en` and `<field>_zh_hans` columns, registered in <app>/translation.py. An empty value falls back
# to the other language; pages mark such text (score_mis/bilingual_tags.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans")}
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are private (never served at MEDIA_URL). After its access check, the photo view hands the file over by
# "django" (streams it: development), "x-accel" (nginx sends PHOTO_X_ACCEL_LOCATION + file name from an internal
# location) or "storage-url" (redirect to the storage's URL, e.g. a short-lived signed URL of S3 storage).
PHOTO_SERVE_MODE = os.environ.get("PHOTO_SERVE_MODE", "django")
if PHOTO_SERVE_MODE not in {"django", "x-accel", "storage-url"}:
    raise ImproperlyConfigured(f"PHOTO_SERVE_MODE must be django, x-accel or storage-url, not {PHOTO_SERVE_MODE!r}.")
PHOTO_X_ACCEL_LOCATION = os.environ.get("PHOTO_X_ACCEL_LOCATION", "/protected-media/")
# With "storage-url" the browser loads photos from the object store: its origin (scheme and host of the signed URLs)
# is allowed as an image source by the Content-Security-Policy below.
PHOTO_STORAGE_ORIGIN = os.environ.get("PHOTO_STORAGE_ORIGIN", "")
if PHOTO_SERVE_MODE == "storage-url" and not PHOTO_STORAGE_ORIGIN:
    raise ImproperlyConfigured(
        "PHOTO_SERVE_MODE=storage-url needs PHOTO_STORAGE_ORIGIN, e.g. https://bucket.example.com."
    )
# Uploads live on the local disk, or in S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set
# (needs `pip install django-storages[s3]`; credentials come from the usual AWS_* variables). Signed URLs
# live PHOTO_URL_SECONDS and are handed out only after the photo view's access check ("storage-url").
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("PHOTO_URL_SECONDS", 300),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The largest request body accepted, checked before it is read (score_mis/middleware.py): a form with two 10 MB
# photos fits. The proxy in front must allow the same (nginx: client_max_body_size 25m).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_MB", 25) * 1024 * 1024

# Content-Security-Policy (django-csp 4): scripts and styles come from this site's static files only; no inline
# script anywhere. The report pages' shared <style> carries the request's nonce; data: images are Bootstrap's icons
# and the photos embedded in frozen report documents.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *([PHOTO_STORAGE_ORIGIN] if PHOTO_STORAGE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Background tasks (Django's Tasks API through django-tasks). "database": the tasks wait in the database and
# `manage.py db_worker` runs them (`make run` starts one beside the server); "rq": RQ on Redis at REDIS_URL, run by
# `manage.py rqworker`, for deployments on several machines.
TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env_int("TASK_TIMEOUT_SECONDS", 30 * 60)}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
# The dashboard and the committee report count their figures inside the request while that takes at most this many
# seconds for the reader's rows; past it, a background task counts them and the page shows the latest count.
FIGURES_IN_REQUEST_SECONDS = float(os.environ.get("FIGURES_IN_REQUEST_SECONDS", "0.3"))
# A count in the request for rows never counted before is given up after this many seconds, and left to a task.
FIGURES_IN_REQUEST_GIVE_UP_SECONDS = float(os.environ.get("FIGURES_IN_REQUEST_GIVE_UP_SECONDS", "1"))
# A finished job's file (a report's PDF or workbook) can be downloaded by the user who asked for it for this long.
JOB_RESULT_HOURS = env_int("JOB_RESULT_HOURS", 24)

# E-mail (notifications): printed on the console unless EMAIL_HOST names an SMTP server. Links in e-mails start
# with SITE_URL.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SCORE MIS <score-mis@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-import-export is used as a library by dataexchange (not installed as an app: no admin
# buttons, no `import`/`export` commands that would bypass dataexchange.services.spreadsheet_import).
IMPORT_EXPORT_USE_TRANSACTIONS = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins for one username from one address lock that pair out for 30 minutes.
# No lost update: a save based on an outdated version is refused (score_mis/versions.py).
CONCURRENCY_CALLBACK = "score_mis.versions.refuse_stale_save"
CONCURRENCY_AUTO_CREATE_TRIGGERS = False  # versions are counted by the application, not triggers

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

# E-mail (invitations): printed on the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SCORE MIS <score-mis@localhost>")
# An invitation's link to choose a password works once, for this many days (Django's password-reset tokens).
INVITATION_DAYS = env_int("INVITATION_DAYS", 3)
PASSWORD_RESET_TIMEOUT = INVITATION_DAYS * 24 * 60 * 60

# A session lasts one working day.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 9 * 60 * 60)

# The REST API (dataexchange/api/): personal tokens or the browser session, read-only, one throttle per token.
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "2000/hour")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_THROTTLE_RATE must look like 2000/hour (per second, minute, hour or day), not {API_THROTTLE_RATE!r}."
    )
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dataexchange.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["dataexchange.api.auth.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "dataexchange.api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "dataexchange.api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SCORE MIS API",
    "DESCRIPTION": "The SCORE China programme data you may see, its programme figures and results, and writes "
    "for what coordinators record.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dataexchange.api.schema.document_errors",
        "dataexchange.api.schema.label_fields_in_chinese",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CertificationStatusEnum": "trainings.models.Certification.Status",
        "RoundStatusEnum": "trainings.models.TrainingRound.Status",
        "EnrollmentStatusEnum": "trainings.models.Enrollment.Status",
        "ImprovementStatusEnum": "improvements.models.Improvement.Status",
        "RoundKindEnum": "trainings.models.TrainingRound.Kind",
        "ActivityKindEnum": "trainings.models.Activity.Kind",
        "MeasurementStageEnum": "enterprises.models.Measurement.Stage",
        "PhotoStageEnum": "improvements.models.Photo.Stage",
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Submitting the domain to the browsers' HSTS preload list is the operator's decision.
SILENCED_SYSTEM_CHECKS = [] if env_bool("SECURE_HSTS_PRELOAD", False) else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step and every CSS property it does not know: only its errors matter.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}
