"""Settings shared by every environment. Secure by default: no secret, no debug here."""

from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO

from . import env
from .search import build_search_backends
from .storage import build_storages

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/kafamuya
BASE_DIR = PROJECT_DIR.parent.parent  # the repository root
DATA_DIR = Path(env.get_str("KAFAMUYA_DATA_DIR") or BASE_DIR / "data")

DEBUG = False
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "kafamuya",
    "kafamuya.pages",
    "archive",
    "media_pipeline",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "kafamuya.urls"
WSGI_APPLICATION = "kafamuya.wsgi.application"

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
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database: SQLite under DATA_DIR unless DATABASE_URL says otherwise -------------------
DATABASE_URL = env.get_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process and the task worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Files -------------------------------------------------------------------------------
STORAGES = build_storages(DATA_DIR)
MEDIA_URL = "/media/"
MEDIA_ROOT = str(DATA_DIR / "media")
STATIC_URL = "/static/"
STATIC_ROOT = str(DATA_DIR / "static")
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- Languages: French first, then English and Bambara -----------------------------------
# Django ships no locale data for Bambara; the project's catalog in locale/bm makes
# check_for_language("bm") true, and this entry gives Django its name and direction.
LANG_INFO.setdefault(
    "bm", {"bidi": False, "code": "bm", "name": "Bambara", "name_local": "Bamanankan"}
)
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English"), ("bm", "Bamanankan")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Wagtail's admin has no Bambara translation; archivists work in French or English.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Africa/Bamako"
USE_TZ = True

# --- Wagtail -----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Kafamuya"
WAGTAILADMIN_BASE_URL = env.get_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILMEDIA = {"MEDIA_MODEL": "media_pipeline.Media", "AUDIO_EXTENSIONS": [
    "aac", "flac", "m4a", "mp3", "oga", "ogg", "opus", "wav", "webm",
], "VIDEO_EXTENSIONS": ["avi", "m4v", "mkv", "mov", "mp4", "mpeg", "mpg", "ogv", "webm"]}
# The database (SQLite FTS5, PostgreSQL), or Elasticsearch/OpenSearch by URL: see search.py.
WAGTAILSEARCH_BACKENDS = build_search_backends()
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp", "bmp": "webp", "tiff": "webp"}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Background work: Django's Tasks API with a database-backed queue ----------------------
TASKS = {"default": {"BACKEND": env.get_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A worker that has not reported for this long counts as gone (see kafamuya.health).
WORKER_HEARTBEAT_SECONDS = 10
WORKER_STALE_AFTER_SECONDS = env.get_int("WORKER_STALE_AFTER_SECONDS", 60)

# --- Media tools -------------------------------------------------------------------------
# Empty means: the static ffmpeg that the imageio-ffmpeg package ships.
FFMPEG_BINARY = env.get_str("FFMPEG_BINARY")

# --- Security ----------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public site runs no inline script; the Wagtail admin needs its own policy, so it is
# excluded here and keeps Django's frame and referrer protections.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
