"""Production: everything secret or site-specific comes from the environment, and the
process refuses to start without it. `manage.py check --deploy` reports nothing here."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env.require_str("SECRET_KEY", "a long random string (e.g. `openssl rand -hex 40`).")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    env.require_str("ALLOWED_HOSTS", "the site's host names, comma-separated.")
env.require_str("DATABASE_URL", "the production database, e.g. postgres://user@host/kafamuya.")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = env.require_str(
    "WAGTAILADMIN_BASE_URL", "the public address of the site, e.g. https://archive.example.org."
)

SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx appends the client's address to X-Forwarded-For (deploy/nginx): login throttling and
# the researcher form's rate limit count that address, not the proxy's.
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 1)
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "archive@localhost")
