"""Moments of a recording: in URLs (`?t=SECONDS`, read here; `#t=SECONDS`, read by the player
script, as W3C media fragments write it) and on screen (`1:05`, `1:02:03`).

A link with `?t=90#player` works without JavaScript: the page comes back with its media
sources ending in `#t=90`, a media fragment that browsers honour when playback starts.
"""

import math
import re

from django.http import QueryDict

# npt times of media fragments: seconds (`90`, `90.5`) or a clock (`1:30`, `1:02:03.5`).
_CLOCK = re.compile(r"(?:(\d+):)?([0-5]?\d):([0-5]?\d(?:\.\d+)?)")
MOMENT_PARAMETER = "t"
_SECONDS = re.compile(r"\d+(?:\.\d+)?")
MAX_SECONDS = 24 * 3600  # longer than any recording the pipeline accepts


def parse_moment(value: str | None) -> float | None:
    """Seconds from `90`, `90.5`, `1:30` or `1:02:03`; None for anything else."""
    value = (value or "").strip()
    if _SECONDS.fullmatch(value):
        seconds = float(value)
    elif match := _CLOCK.fullmatch(value):
        hours, minutes, rest = match.groups()
        seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(rest)
    else:
        return None
    return seconds if seconds <= MAX_SECONDS else None


def moment_value(seconds: float) -> str:
    """`seconds` as a URL writes it: `90`, `1.2` (to the tenth, no trailing zeros)."""
    return f"{round(seconds, 1):g}"


def moment_query(query: QueryDict, seconds: float) -> str:
    """The query string of the current page (its other parameters kept) starting at `seconds`."""
    changed = query.copy()
    changed[MOMENT_PARAMETER] = moment_value(seconds)
    return "?" + changed.urlencode()


def clock(seconds: float) -> str:
    """`0:05`, `12:30`, `1:02:03`: whole seconds, rounded down, as players show time."""
    whole = max(0, math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
