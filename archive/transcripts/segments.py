"""What every reader produces and every writer takes: timed segments, times in milliseconds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _

from .reading import TranscriptWarning

MS_PER_HOUR = 3_600_000


@dataclass(frozen=True)
class SegmentData:
    """One timed segment read from a file (or about to be written to one).

    `cue_settings` and `markup` come from WebVTT (see `archive.transcripts.vtt`)."""

    start_ms: int
    end_ms: int
    text: str
    speaker: str = ""
    cue_settings: str = ""
    markup: str = ""
    line: int | None = field(default=None, compare=False)  # where it was read, for messages


class SegmentLike(Protocol):
    start_ms: int
    end_ms: int
    speaker: str
    text: str


@dataclass
class ParsedTranscript:
    """A file read: its segments, its WebVTT regions, what was skipped or replaced."""

    segments: list[SegmentData]
    regions: str = ""
    warnings: list[TranscriptWarning] = field(default_factory=list)
    more_warnings: int = 0  # beyond those kept in `warnings`


# --- timestamps ---------------------------------------------------------------------------------
_LOOSE_TIME_PARTS = re.compile(r"(?:(\d{1,10}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def parse_timestamp(value: str) -> int:
    """`[h:]mm:ss[.fff]` (or `,fff`) in milliseconds. Raises ValueError."""
    match = _LOOSE_TIME_PARTS.fullmatch(value.strip())
    if not match:
        raise ValueError(_("“%(value)s” is not a time like 00:01:02.500") % {"value": value})
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        raise ValueError(_("“%(value)s” has minutes or seconds over 59") % {"value": value})
    return (
        ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
        + int((fraction or "0").ljust(3, "0"))
    )


def format_timestamp(ms: int, separator: str = ".") -> str:
    """`HH:MM:SS.mmm` (hours grow past 99 when needed); `separator=","` for SRT."""
    if ms < 0:
        raise ValueError(f"negative time: {ms} ms")
    hours, rest = divmod(ms, MS_PER_HOUR)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def clean_text(lines: Iterable[str]) -> str:
    """Lines stripped, empty ones dropped, joined by `\\n`."""
    return "\n".join(line.strip() for line in lines if line.strip())
