"""Waveform peaks for the audio player, read from the public audio itself.

The ladder writes the anonymised audio once more as mono 16-bit PCM at a low rate; here it is
reduced, a bucket at a time, to (min, max) pairs in the JSON format of BBC's audiowaveform
(which peaks.js and similar players read). Peaks come from what the public hears, so a muted
range is flat in the waveform too.
"""

import json
import math
import sys
from array import array
from pathlib import Path
from typing import Any


def peaks(pcm: Path, *, sample_rate: int, duration: float, points: int) -> dict[str, Any]:
    """At most about `points` (min, max) pairs, 8-bit, over the whole recording."""
    samples_per_pixel = max(1, math.ceil(duration * sample_rate / points))
    data: list[int] = []
    with pcm.open("rb") as stream:
        while chunk := stream.read(samples_per_pixel * 2):
            samples = array("h")
            samples.frombytes(chunk[: len(chunk) - len(chunk) % 2])
            if not samples:
                break
            if sys.byteorder == "big":
                samples.byteswap()
            data += [min(samples) >> 8, max(samples) >> 8]
    return {
        "version": 2,
        "channels": 1,
        "sample_rate": sample_rate,
        "samples_per_pixel": samples_per_pixel,
        "bits": 8,
        "length": len(data) // 2,
        "data": data,
    }


def write_peaks(pcm: Path, target: Path, *, sample_rate: int, duration: float, points: int) -> None:
    document = peaks(pcm, sample_rate=sample_rate, duration=duration, points=points)
    target.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
