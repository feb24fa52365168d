"""Settings shared by every environment; values come from environment variables only."""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "bontot.core",
    "bontot.organizations",
    "bontot.members",
    "bontot.criteria",
    "bontot.facts",
    "bontot.assessments",
    "bontot.decisions",
    "bontot.documents",
    "bontot.bundle",
    "bontot.demo",
    "bontot.accounts",
    "bontot.dashboards",
    "bontot.notifications",
    "bontot.spreadsheets",
    "bontot.showcase",
    "bontot.statistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (`login_not_required`).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: answers a locked-out login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username before the password check
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bontot" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bontot.accounts.context_processors.navigation",
                "bontot.notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiles a statement whose estimated cost is high: the statistics' COUNTs over a city
    # (140,000 rows) spent 2.1 s compiling for 0.5 s of work (bench/RESULTS.md). Off for every session.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "bontot.accounts.validators.MinimumLengthValidator"},  # the message in Vietnamese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]  # one language: no LocaleMiddleware, the browser cannot switch it
LOCALE_PATHS = [BASE_DIR / "bontot" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "bontot" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after a period without activity (each request moves the expiry forward).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Repeated failed logins lock the username out for a while (django-axes).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
# By username, not by address: a ward office shares one address, and locking it would lock out everyone.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # the choice above, on purpose (docs/decisions.md)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Background work (django-tasks): the database queue by default (`manage.py db_worker`); Redis at scale.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "bontot@localhost")
SITE_URL = env_str("SITE_URL", "")  # prefixed to the paths in e-mails, e.g. https://bontot.example.vn
# From this day of the month, a cell secretary with no regular meeting logged this month is reminded.
MEETING_REMINDER_DAY = env_int("MEETING_REMINDER_DAY", 20, minimum=1)

# Uploaded files (evidence of self-assessments): stored under MEDIA_ROOT, served only by access-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # never served directly: every download goes through an access_* check
EVIDENCE_MAX_MB = env_int("EVIDENCE_MAX_MB", 10, minimum=1)
# Excel uploads (bontot/spreadsheets): larger files are refused before they are read; pending uploads wait
# between preview and confirmation under MEDIA_ROOT/spreadsheets-pending (never served).
SPREADSHEET_MAX_MB = env_int("SPREADSHEET_MAX_MB", 5, minimum=1)
SPREADSHEET_MAX_ROWS = env_int("SPREADSHEET_MAX_ROWS", 10000, minimum=1)
# Photos of exemplary stories (showcase): size in MB and the largest side in pixels.
SHOWCASE_PHOTO_MAX_MB = env_int("SHOWCASE_PHOTO_MAX_MB", 5, minimum=1)
SHOWCASE_PHOTO_MAX_PX = env_int("SHOWCASE_PHOTO_MAX_PX", 6000, minimum=100)
# Page margins of official documents in mm, "top,bottom,left,right" (Hướng dẫn 36-HD/VPTW: left 30, right 15).
DOCUMENT_MARGINS_MM = env_str("DOCUMENT_MARGINS_MM", "20,20,30,15")
# HTXSNV cap (DOMAIN.md): at most this percentage of the members rated "Hoàn thành tốt nhiệm vụ" and above
# (EXCELLENT_CAP_BASE=good_and_above, the default) or of those rated HTTNV alone (good), over the whole
# grassroots organisation. Going over needs the decider's recorded reason.
EXCELLENT_CAP_PERCENT = env_int("EXCELLENT_CAP_PERCENT", 20, minimum=1)
EXCELLENT_CAP_BASE = env_str("EXCELLENT_CAP_BASE", "good_and_above")
if EXCELLENT_CAP_BASE not in ("good_and_above", "good"):
    raise ImproperlyConfigured("EXCELLENT_CAP_BASE phải là good_and_above hoặc good.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
