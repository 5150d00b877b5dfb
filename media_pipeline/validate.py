"""Validation: the gate every upload passes before any other step of the pipeline touches it.

sniff (first bytes) → completeness (headers against size) → probe (forced demuxer, limited
child) → allow-lists and limits. The verdict says what the file is and which demuxer every later
FFmpeg call must force (see safe_ffmpeg). Each refusal is one RejectedMedia with a stable code.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .allowlist import AUDIO_DECODERS, VIDEO_DECODERS
from .errors import RejectedMedia
from .probe import ProbeError, StreamInfo, probe
from .sniff import sniff
from .structure import check_complete

DEFAULT_MAX_BYTES = 4 * 1024**3
DEFAULT_MAX_DURATION_S = 4 * 3600
DEFAULT_MAX_PIXELS = 8192 * 4320  # "8K"
# No camera makes a side longer than this, a side shorter than a macroblock, or a picture
# sixteen times wider than high; such sizes come from crafted files and break scaling.
MAX_SIDE = 8192
MIN_SIDE = 16
MAX_ASPECT_RATIO = 16
# Shorter video cannot make an HLS segment nor a poster at its planned time.
MIN_VIDEO_SECONDS = 0.5

# Container tags that describe the format, not the recording: every MP4 output has them too.
STRUCTURAL_TAGS = {"major_brand", "minor_version", "compatible_brands", "encoder"}

@dataclass(frozen=True)
class MediaVerdict:
    """An accepted upload: what it is, and how every later step must open it."""

    kind: Literal["audio", "video"]
    input_format: str  # the FFmpeg demuxer to force, a sniff.Family value
    duration: float  # seconds
    video_codec: str | None  # FFmpeg codec names, from allowlist
    audio_codec: str | None
    width: int | None = None  # coded size, before rotation
    height: int | None = None
    rotation: int = 0  # display rotation, degrees counter-clockwise: 0, 90, 180 or 270
    video_stream: int | None = None  # stream indexes in the file: map these, and only these
    audio_stream: int | None = None
    # The container's tag values (title, location, device...): no output may carry them.
    private_values: tuple[str, ...] = ()

    @property
    def has_audio(self) -> bool:
        return self.audio_codec is not None

    @property
    def display_size(self) -> tuple[int, int] | None:
        """(width, height) as shown to the viewer: a portrait phone video is taller than wide."""
        if self.width is None or self.height is None:
            return None
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height


def inspect_media(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_duration_s: float = DEFAULT_MAX_DURATION_S,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> MediaVerdict:
    """Decide whether the upload at `path` is acceptable media; raise RejectedMedia if not."""
    size = path.stat().st_size
    if size > max_bytes:
        raise RejectedMedia("too-large", size_bytes=size, limit_bytes=max_bytes)
    family = sniff(path)
    check_complete(path, family)
    try:
        result = probe(path, family.demuxer)
    except ProbeError as exc:
        raise RejectedMedia("unreadable", detail=str(exc)) from None

    video, audio = result.video, result.audio
    if video is not None and video.frames == 1 and audio is not None:
        video = None  # one still picture over sound (a photo over a voice message): a sound
    if video is None and audio is None:
        raise RejectedMedia("no-media")
    for stream, allowed in ((video, VIDEO_DECODERS), (audio, AUDIO_DECODERS)):
        if stream is not None and stream.codec not in allowed:
            raise RejectedMedia("unsupported-codec", **{f"{stream.kind}_codec": stream.codec})
    if result.duration <= 0:
        raise RejectedMedia("no-duration")
    if result.duration > max_duration_s:
        raise RejectedMedia("too-long", duration_s=result.duration, limit_s=max_duration_s)
    if video is not None:
        _check_dimensions(video, max_pixels)
        if result.duration < MIN_VIDEO_SECONDS or video.frames == 1:
            raise RejectedMedia("too-short", duration_s=result.duration,
                                detail=f"{result.duration:.3f} s, {video.frames} frame(s)")

    return MediaVerdict(
        kind="video" if video is not None else "audio",
        input_format=family.demuxer,
        duration=result.duration,
        video_codec=video.codec if video else None,
        audio_codec=audio.codec if audio else None,
        width=video.width if video else None,
        height=video.height if video else None,
        rotation=video.rotation if video else 0,
        video_stream=video.index if video else None,
        audio_stream=audio.index if audio else None,
        private_values=tuple(
            value for key, value in result.tags.items() if key.lower() not in STRUCTURAL_TAGS
        ),
    )


def _check_dimensions(video: StreamInfo, max_pixels: int) -> None:
    width, height = video.width or 0, video.height or 0
    plausible = (
        min(width, height) >= MIN_SIDE
        and max(width, height) <= MAX_SIDE
        and width * height <= max_pixels
        and max(width, height) <= MAX_ASPECT_RATIO * min(width, height)
    )
    if not plausible:
        raise RejectedMedia(
            "absurd-dimensions", width=width, height=height,
            detail=f"{width}x{height}, limit {max_pixels} pixels",
        )

