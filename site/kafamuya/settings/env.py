"""Typed access to the environment variables that configure the archive.

Every variable read here is listed in the README's settings table. A missing or malformed
value raises ImproperlyConfigured with one sentence saying what to set; `manage.py` turns that
into a single line on stderr (see kafamuya.startup).
"""

import os

from django.core.exceptions import ImproperlyConfigured


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def require_str(name: str, why: str) -> str:
    value = get_str(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}: {why}")
    return value


def get_bool(name: str, default: bool) -> bool:
    raw = get_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Set {name} to true or false (it is {raw!r}).")


def get_int(name: str, default: int) -> int:
    raw = get_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Set {name} to a whole number (it is {raw!r}).") from None


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list: `a.example, b.example`."""
    raw = get_str(name)
    if not raw:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]
