"""The audio player's waveform, drawn on the server as a small inline SVG (no script needed to
see it): the pipeline's peaks (media_pipeline.waveform) reduced to a few vertical bars.

The drawing is one path of bars in a 0 0 WIDTH HEIGHT box, stretched to the player's width. It
is cached by the peaks file's stored name, which changes whenever the media is processed again.
"""

import json
import logging
from dataclasses import dataclass

from django.core.cache import cache

from media_pipeline.models import Media
from media_pipeline.storage import private_storage

logger = logging.getLogger(__name__)

BARS = 120
WIDTH = 2 * BARS  # a bar every 2 units
HEIGHT = 48
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Waveform:
    path: str  # SVG path data in a 0 0 width height box
    width: int = WIDTH
    height: int = HEIGHT


def waveform_path(peaks: dict, bars: int = BARS) -> str:
    """SVG path data of `bars` vertical bars, one every 2 units, from audiowaveform peaks (8-bit
    (min, max) pairs): each bar spans the lowest min to the highest max of its share of pairs,
    at least 1 unit tall so that silence still shows as a line."""
    data = peaks.get("data") or []
    pairs = [(data[i], data[i + 1]) for i in range(0, len(data) - 1, 2)]
    if not pairs:
        return ""
    bars = min(bars, len(pairs))
    middle, scale = HEIGHT / 2, HEIGHT / 256
    commands = []
    for bar in range(bars):
        share = pairs[bar * len(pairs) // bars:(bar + 1) * len(pairs) // bars]
        top = round(middle - max(high for _, high in share) * scale)
        bottom = max(round(middle - min(low for low, _ in share) * scale), top + 1)
        commands.append(f"M{2 * bar + 1} {top}V{bottom}")
    return "".join(commands)


def media_waveform(media: Media | None) -> Waveform | None:
    """`media`'s waveform, or None when it has none ready (video, or not yet processed). The
    caller has checked that the viewer may hear the media."""
    if media is None:
        return None
    rendition = media.renditions.ready().filter(kind="waveform").first()
    if rendition is None or not rendition.main_file:
        return None
    key = f"waveform-svg:{rendition.main_file}"
    path = cache.get(key)
    if path is None:
        try:
            with private_storage().open(rendition.main_file) as handle:
                path = waveform_path(json.load(handle))
        except (OSError, ValueError) as error:
            logger.warning("Waveform of media %s unreadable: %s", media.pk, error)
            return None
        cache.set(key, path, CACHE_SECONDS)
    return Waveform(path) if path else None
