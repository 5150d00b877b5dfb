"""A last check on every output before it is published: nothing of the source's metadata, and no
encoder signature, is in its bytes.

The ladder already strips metadata (media_pipeline.ladder); this catches what a future ffmpeg or
a new profile might let through. It scans raw bytes, so it finds a value wherever a muxer may
have put it, in whatever box or header.
"""

import re
from collections.abc import Iterable
from pathlib import Path

# "Lavf62.3.100" (muxers), "Lavc62.1.100 libx264" or, in bitexact mode, "Lavc libx264"
# (encoders), "x264 - core 165" (x264's SEI). Long enough never to occur by chance.
ENCODER_SIGNATURE = re.compile(rb"Lav[fc](?:\d+\.\d+\.\d+| [a-z][a-z0-9_]{2,})|x264 - core \d+")
MIN_VALUE_LENGTH = 6  # shorter values ("eng", "0", "1.0") occur in any file by chance
_CHUNK = 1 << 20


def _needles(private_values: Iterable[str]) -> list[bytes]:
    needles = []
    for value in private_values:
        value = value.strip()
        if len(value) >= MIN_VALUE_LENGTH:
            # MP4 tags are UTF-8; 3GPP "asset" boxes (titles, locations) may be UTF-16.
            needles += [value.encode(encoding) for encoding in ("utf-8", "utf-16-be", "utf-16-le")]
    return needles


def find_leaks(paths: Iterable[Path], private_values: Iterable[str] = ()) -> list[str]:
    """One line per file that contains an encoder signature or one of `private_values`.

    The lines name the file and what kind of leak it is, never the value itself: that is the
    private data, and the message ends up in logs.
    """
    needles = _needles(private_values)
    overlap = max([64, *(len(needle) for needle in needles)])
    problems = []
    for path in paths:
        found: set[str] = set()
        tail = b""
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                window = tail + chunk
                if ENCODER_SIGNATURE.search(window):
                    found.add("an encoder signature")
                if any(needle in window for needle in needles):
                    found.add("a value from the source's metadata")
                tail = window[-overlap:]
        problems += [f"{path.name} contains {what}" for what in sorted(found)]
    return problems
