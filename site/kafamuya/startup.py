"""Start-up guard: a configuration mistake ends in one line saying what to set, not a traceback.

Used by manage.py and the WSGI entry point. It reads the settings before Django does anything
else (so a missing SECRET_KEY is reported as such), and turns a database that cannot be reached
into a sentence naming DATABASE_URL.
"""

import sys
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured


class StartupError(SystemExit):
    """Ends the process with a one-line, actionable message on stderr."""

    def __init__(self, message: str) -> None:
        print(f"kafamuya: {message}", file=sys.stderr)
        super().__init__(2)


def redacted_url(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def load_settings() -> None:
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it imports and validates the settings
    except ImproperlyConfigured as exc:
        raise StartupError(str(exc)) from None


def database_error_message(exc: Exception) -> str:
    from django.conf import settings

    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (
        f"cannot use the database at {redacted_url(settings.DATABASE_URL)} ({reason}). "
        "Set DATABASE_URL to a reachable database."
    )


def run_command_line(argv: Sequence[str]) -> None:
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    load_settings()
    try:
        execute_from_command_line(list(argv))
    except ImproperlyConfigured as exc:
        raise StartupError(str(exc)) from None
    except OperationalError as exc:
        raise StartupError(database_error_message(exc)) from None
