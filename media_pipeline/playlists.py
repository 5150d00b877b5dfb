"""Corrects the bandwidth figures of an HLS master playlist from the segments actually written,
and derives the master playlist of the lowest rung alone.

ffmpeg's HLS muxer declares each variant's BANDWIDTH and AVERAGE-BANDWIDTH from its video
alone, leaving out the audio group that the variant also downloads. A player choosing a rung
for a slow 3G connection would then pick one it cannot sustain. Here both figures are measured
from the segment files, the video's plus its audio group's, as the HLS specification defines
them (peak: the highest segment bitrate; average: all bits over all seconds).

A rung's own media playlist carries no sound (the audio is a separate group), so the viewer's
"low" quality needs a master playlist of its own: the audio group and the lowest variant only.
"""

import math
import re
from dataclasses import dataclass
from pathlib import Path

_ATTRIBUTE = re.compile(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)')


@dataclass(frozen=True)
class Bitrates:
    peak: int
    average: int


def measure(media_playlist: Path) -> Bitrates:
    """Peak and average bits per second of the segments listed in a media playlist."""
    peak = total_bits = total_seconds = 0.0
    seconds: float | None = None
    for line in media_playlist.read_text(encoding="utf-8").splitlines():
        if line.startswith("#EXTINF:"):
            seconds = float(line.removeprefix("#EXTINF:").split(",")[0])
        elif line and not line.startswith("#") and seconds:
            bits = (media_playlist.parent / line).stat().st_size * 8
            peak = max(peak, bits / seconds)
            total_bits += bits
            total_seconds += seconds
            seconds = None
    average = total_bits / total_seconds if total_seconds else 0
    return Bitrates(peak=math.ceil(peak), average=math.ceil(average))


def _attributes(line: str) -> dict[str, str]:
    return {name: value.strip('"') for name, value in _ATTRIBUTE.findall(line.partition(":")[2])}


def _with(line: str, name: str, value: int) -> str:
    return re.sub(rf"(?<=[:,]){name}=\d+", f"{name}={value}", line)


def correct_bandwidths(master_playlist: Path) -> None:
    """Rewrite BANDWIDTH and AVERAGE-BANDWIDTH of every variant from measured segment sizes."""
    directory = master_playlist.parent
    audio_groups: dict[str, Bitrates] = {}
    lines = master_playlist.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("#EXT-X-MEDIA:"):
            attributes = _attributes(line)
            if attributes.get("TYPE") == "AUDIO" and "URI" in attributes:
                audio_groups[attributes["GROUP-ID"]] = measure(directory / attributes["URI"])
    corrected = []
    for index, line in enumerate(lines):
        if line.startswith("#EXT-X-STREAM-INF:"):
            video = measure(directory / lines[index + 1].strip())
            audio = audio_groups.get(_attributes(line).get("AUDIO", ""), Bitrates(0, 0))
            line = _with(line, "BANDWIDTH", video.peak + audio.peak)
            line = _with(line, "AVERAGE-BANDWIDTH", video.average + audio.average)
        corrected.append(line)
    master_playlist.write_text("\n".join(corrected) + "\n", encoding="utf-8")


def write_lowest_variant(master_playlist: Path, name: str) -> Path:
    """Write, beside `master_playlist`, a copy keeping only its lowest variant (by declared
    BANDWIDTH) besides its other tags (the audio group); returns the new file's path."""
    lines = master_playlist.read_text(encoding="utf-8").splitlines()
    variants = [(int(_attributes(line).get("BANDWIDTH", "0")), index)
                for index, line in enumerate(lines) if line.startswith("#EXT-X-STREAM-INF:")]
    if not variants:
        raise ValueError(f"{master_playlist.name} lists no variant")
    _, lowest = min(variants)
    kept = [line for index, line in enumerate(lines)
            if line.strip() and not line.startswith("#EXT-X-STREAM-INF:")
            and not (index > 0 and lines[index - 1].startswith("#EXT-X-STREAM-INF:"))]
    target = master_playlist.with_name(name)
    target.write_text("\n".join([*kept, lines[lowest], lines[lowest + 1]]) + "\n",
                      encoding="utf-8")
    return target
