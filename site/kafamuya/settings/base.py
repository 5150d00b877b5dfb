"""Settings shared by every environment. Secure by default: no secret, no debug here."""

from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

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
    "archive.researchers",
    "archive.audit",
    "media_pipeline",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    # The public read-only API (kafamuya.api): JSON only, as rest_framework is not an app here
    # (its browsable HTML renderer is not wanted).
    "wagtail.api.v2",
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
    # Staff accounts: a second factor (TOTP, with static emergency codes) and login throttling
    "kafamuya.staff",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.parameters.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kafamuya.staff.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kafamuya.staff.middleware.RequireStaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
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
# Set (e.g. "/_private/") when nginx serves private files from an `internal` location: the
# archive then answers checked requests with X-Accel-Redirect instead of streaming the bytes.
PRIVATE_MEDIA_ACCEL_PREFIX = env.get_str("PRIVATE_MEDIA_ACCEL_PREFIX")
MEDIA_ROOT = str(DATA_DIR / "media")
STATIC_URL = "/static/"
STATIC_ROOT = str(DATA_DIR / "static")
# Leaflet's JS, CSS and marker images, from the django-leaflet package (pinned in
# requirements.txt). Only its static files are used: the app itself would pull in GeoDjango.
STATICFILES_DIRS = [
    ("leaflet", Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet"),
]
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Uploads stream to disk, never whole into memory: a file over FILE_UPLOAD_MAX_MEMORY_SIZE is
# spooled to FILE_UPLOAD_TEMP_DIR, on the data disk rather than /tmp (often a RAM-backed tmpfs)
# and beside the local private store, so storing it is a rename. The first handler stops
# spooling a media upload once it passes MEDIA_MAX_UPLOAD_BYTES (media_pipeline.uploads).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MiB
FILE_UPLOAD_TEMP_DIR = env.get_str("FILE_UPLOAD_TEMP_DIR") or str(DATA_DIR / "uploads")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_HANDLERS = [
    "media_pipeline.uploads.MediaUploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The other fields of a form (not its files) are read into memory: Django's 2.5 MiB is plenty.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

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
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Researcher accounts, audit log and staff accounts: their own catalog.
    BASE_DIR / "archive" / "researchers" / "locale",
]
USE_I18N = True
TIME_ZONE = "Africa/Bamako"
USE_TZ = True

# --- Wagtail -----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Kafamuya"
# Staff avatars are initials drawn here: no hash of an e-mail address goes to a third party, and
# the admin works offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = env.get_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILMEDIA = {
    "MEDIA_MODEL": "media_pipeline.Media",
    # Refuses files over MEDIA_MAX_UPLOAD_BYTES; replacing a file never loses the stored one.
    "MEDIA_FORM_BASE": "media_pipeline.forms.MediaForm",
    "AUDIO_EXTENSIONS": ["aac", "flac", "m4a", "mp3", "oga", "ogg", "opus", "wav", "webm"],
    "VIDEO_EXTENSIONS": ["avi", "m4v", "mkv", "mov", "mp4", "mpeg", "mpg", "ogv", "webm"],
}
# The database (SQLite FTS5, PostgreSQL), or Elasticsearch/OpenSearch by URL: see search.py.
WAGTAILSEARCH_BACKENDS = build_search_backends()
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "webp", "bmp": "webp", "tiff": "webp"}
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Background work: Django's Tasks API with a database-backed queue ----------------------
# Named queues, by urgency: "urgent" (withdrawal purges, re-indexing after a redaction or a
# withdrawal, removal of superseded files) never waits behind "media" (encodes, which may take
# hours): each has its own worker processes. "default" holds the other short tasks and is run by
# the urgent workers.
TASK_QUEUES = ["default", "urgent", "media"]
TASKS = {"default": {
    "BACKEND": env.get_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    "QUEUES": TASK_QUEUES,
}}
# A worker that has not reported for this long counts as gone (see kafamuya.health).
WORKER_HEARTBEAT_SECONDS = env.get_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_AFTER_SECONDS = env.get_int("WORKER_STALE_AFTER_SECONDS", 60)

# --- Consent over time (archive.consent_watch, run daily by `manage.py consent_daily`) -------
# An item whose consent expired is hidden at once; after this many days without renewal it is
# purged as a withdrawal is.
CONSENT_EXPIRY_GRACE_DAYS = env.get_int("CONSENT_EXPIRY_GRACE_DAYS", 90)
# Archivists are e-mailed (once) this many days before a record's review date.
CONSENT_REVIEW_NOTICE_DAYS = env.get_int("CONSENT_REVIEW_NOTICE_DAYS", 30)

# --- Media pipeline ----------------------------------------------------------------------
# Empty means: the static ffmpeg that the imageio-ffmpeg package ships.
FFMPEG_BINARY = env.get_str("FFMPEG_BINARY")
# The largest media file accepted (admin upload, ingest_media): larger ones are refused before
# anything is stored. Longer ones are rejected by the pipeline's gate.
MEDIA_MAX_UPLOAD_BYTES = env.get_int("MEDIA_MAX_UPLOAD_BYTES", 4 * 1024**3)
MEDIA_MAX_DURATION_SECONDS = env.get_int("MEDIA_MAX_DURATION_SECONDS", 4 * 3600)
MEDIA_PIPELINE_WORK_DIR = env.get_str("MEDIA_PIPELINE_WORK_DIR") or str(DATA_DIR / "work")
MEDIA_PROCESS_ON_SAVE = True  # a new or changed media is queued for processing
# Seconds to wait before each new try when the file store is unreachable.
MEDIA_PIPELINE_RETRY_DELAYS = [60, 300, 1800]

# --- The actors' map ---------------------------------------------------------------------
# Leaflet draws the map (its JS and CSS come from the django-leaflet package, and load on the
# map page only); the background tiles come from this server. Markers and the list work without
# them.
MAP_TILE_URL = env.get_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.get_str(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)


def tile_csp_source(url: str) -> str:
    """The Content-Security-Policy source that lets the map page load tiles from `url`:
    its scheme and host (a `{s}` subdomain becomes `*`), or 'self' for tiles on this site."""
    parts = urlsplit(url.replace("{s}", "*"))
    if not parts.netloc:
        return "'self'"
    if parts.scheme not in {"http", "https"}:
        raise ImproperlyConfigured(f"Set MAP_TILE_URL to an http(s) URL (it is {url!r}).")
    return f"{parts.scheme}://{parts.netloc}"


MAP_TILE_CSP_SOURCE = tile_csp_source(MAP_TILE_URL)

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

# --- Accounts: staff second factor, login throttling, sessions, researchers ---------------
AUTHENTICATION_BACKENDS = [
    # First: refuses to authenticate a locked-out username+address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Anyone who may use the admin (staff, superusers, `wagtailadmin.access_admin`) must confirm
# a second factor before any page, admin or public, treats them as signed in (kafamuya.staff).
KAFAMUYA_REQUIRE_2FA = True
OTP_TOTP_ISSUER = "Kafamuya"
# django-axes: 5 failed sign-ins for one username from one address lock that pair for an hour.
# Username AND address, not either: Malian mobile networks put many people behind one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kafamuya.staff.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "archive.researchers.network.client_ip"
# How many proxies (nginx) stand in front of the application and append to X-Forwarded-For;
# 0 means REMOTE_ADDR is the client. Production sets 1 (see deploy/).
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)

# --- Edge cache (nginx proxy_cache in deploy/nginx) -----------------------------------------
# How long nginx may keep a page for anonymous visitors (X-Accel-Expires); 0: never. Pages that
# depend on who is asking are never kept, whatever this says (archive.caching).
EDGE_CACHE_SECONDS = env.get_int("EDGE_CACHE_SECONDS", 0)
# Where the proxy takes PURGE requests (e.g. https://127.0.0.1): publishing, unpublishing and a
# withdrawal purge the pages they change (wagtail.contrib.frontend_cache, archive.edge_cache).
EDGE_CACHE_PURGE_URL = env.get_str("EDGE_CACHE_PURGE_URL")
WAGTAILFRONTENDCACHE = ({"nginx": {
    "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
    "LOCATION": EDGE_CACHE_PURGE_URL,
}} if EDGE_CACHE_PURGE_URL else {})
# Sessions end 8 hours after sign-in whatever happens (SESSION_COOKIE_AGE), and a staff
# session also ends after this many seconds without a request.
STAFF_SESSION_IDLE_SECONDS = env.get_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
# Researcher applications accepted from one address in 24 hours.
RESEARCHER_APPLICATIONS_PER_ADDRESS_PER_DAY = 5
# django-axes announces itself at every start-up; keep start-up output to real problems.
LOGGING["loggers"]["axes.apps"] = {"level": "WARNING"}

# --- Transcripts: the largest file an import reads, and the most cues it keeps --------------
TRANSCRIPT_MAX_BYTES = env.get_int("TRANSCRIPT_MAX_BYTES", 20 * 1000 * 1000)
TRANSCRIPT_MAX_CUES = env.get_int("TRANSCRIPT_MAX_CUES", 200_000)
