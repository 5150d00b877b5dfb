"""Rendition profiles, and the plan that picks which renditions a source gets and at what size.

A profile says how to make one kind of rendition; `plan()` applies the profiles to one source:
it drops the rungs that would upscale, sizes everything by the source's short side (so portrait
video works like landscape) and may add the source's own size as the top rung.

Profiles come from DEFAULT_PROFILES, changed by the setting MEDIA_PIPELINE_PROFILES, a dict
keyed by profile key:

    MEDIA_PIPELINE_PROFILES = {
        "144p": {"video_bitrate": 120_000},        # change fields of a default profile
        "720p": None,                              # drop a default profile
        "1080p": {"kind": "hls_video", "height": 1080, "video_bitrate": 3_000_000,
                  "maxrate": 3_300_000, "bufsize": 6_000_000},   # add a profile
    }

Field names are those of RenditionProfile; bitrates are in bits per second. Keys become file
and playlist names, so they are restricted to lower-case letters, digits, "_" and "-".
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .anonymise import Anonymisation

SEGMENT_SECONDS = 4.0
KEYFRAME_SECONDS = 2.0
# A source at least this much taller (short side) than the highest rung that fits gets its own
# size as an extra top rung: 180p gets 144p + 180p, but 250p gets only 144p + 240p.
OWN_SIZE_RUNG_MARGIN = 1.2
MIN_THUMBNAIL_SECONDS = 1.0  # one tile per second at most, for very short sources
POSTER_AT_FRACTION = 0.1  # the poster is the frame at 10% of the duration...
POSTER_AT_MAX_SECONDS = 10.0  # ...but no later than this

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Kind(StrEnum):
    HLS_VIDEO = "hls_video"
    AUDIO = "audio"
    PROGRESSIVE = "progressive"
    POSTER = "poster"
    THUMBNAILS = "thumbnails"
    WAVEFORM = "waveform"


_REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.HLS_VIDEO: ("height", "video_bitrate", "maxrate", "bufsize"),
    Kind.PROGRESSIVE: ("height", "video_bitrate", "maxrate", "bufsize"),
    Kind.AUDIO: ("audio_bitrate", "sample_rate"),
    Kind.POSTER: ("height",),
    Kind.THUMBNAILS: ("height", "tiles"),
    Kind.WAVEFORM: ("points", "sample_rate"),
}


@dataclass(frozen=True)
class RenditionProfile:
    """How to make one rendition. Which fields matter depends on `kind` (see _REQUIRED).

    Video renditions carry no audio settings of their own: every HLS rung and every progressive
    MP4 uses the one AUDIO profile, so a listener switching rungs never refetches audio.
    """

    key: str
    kind: Kind
    height: int | None = None  # the short side in pixels ("144p"), also for portrait video
    video_bitrate: int | None = None  # average, bits/s
    maxrate: int | None = None  # peak, bits/s, over bufsize bits (x264's VBV)
    bufsize: int | None = None
    preset: str = "veryfast"  # x264 speed/size trade-off
    h264_profile: str = "high"
    max_frame_rate: float | None = 30.0  # faster sources are reduced to this
    audio_bitrate: int | None = None
    sample_rate: int | None = None  # audio rate; for WAVEFORM the rate that peaks are read at
    webp_quality: int = 75  # posters, 0-100
    jpeg_qscale: int = 5  # posters and thumbnails, 2 (best) to 31
    tiles: int | None = None  # thumbnails: at most this many frames in the strip
    points: int | None = None  # waveform: at most this many (min, max) pairs

    def __post_init__(self) -> None:
        if not _KEY.match(self.key):
            raise ValueError(f"profile key {self.key!r}: use a-z, 0-9, '_' and '-' only")
        object.__setattr__(self, "kind", Kind(self.kind))
        missing = [name for name in _REQUIRED[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"profile {self.key!r} ({self.kind}) needs {', '.join(missing)}")
        if self.height is not None and (self.height < 2 or self.height % 2):
            raise ValueError(f"profile {self.key!r}: height must be even and at least 2")


def _video(key: str, height: int, bitrate: int, maxrate: int, **extra: Any) -> RenditionProfile:
    return RenditionProfile(key, Kind.HLS_VIDEO, height=height, video_bitrate=bitrate,
                            maxrate=maxrate, bufsize=2 * maxrate, **extra)


DEFAULT_PROFILES: tuple[RenditionProfile, ...] = (
    # The 144p rung plus the audio must stay under 1.4 MB a minute: it is what a phone on a
    # slow, paid 3G connection gets. Slower x264 presets on the small rungs buy quality at
    # their fixed bitrates for little CPU; the 720p rung dominates the encoding time.
    _video("144p", 144, 140_000, 160_000, preset="medium"),
    _video("240p", 240, 260_000, 300_000, preset="medium"),
    _video("360p", 360, 450_000, 520_000, preset="faster"),
    _video("720p", 720, 1_400_000, 1_600_000),
    # AAC-LC, mono, 24 kHz, 28 kbps: about 215 KB a minute with its container, under the
    # 240 KB a minute an audio-only listener should pay (32 kbps overshoots it). AAC-LC plays
    # everywhere: HLS on iOS, Android's players, every browser, any phone's offline player.
    # HE-AAC would suit speech better at this rate but the bundled ffmpeg has no encoder for
    # it (no libfdk_aac); Opus would too, but Opus in fMP4 HLS needs iOS 17 or later.
    RenditionProfile("audio", Kind.AUDIO, audio_bitrate=28_000, sample_rate=24_000),
    # Main profile for the file people keep: any phone's stock player opens it.
    RenditionProfile("download", Kind.PROGRESSIVE, height=360, video_bitrate=400_000,
                     maxrate=480_000, bufsize=960_000, preset="faster", h264_profile="main"),
    RenditionProfile("poster", Kind.POSTER, height=360),
    RenditionProfile("thumbnails", Kind.THUMBNAILS, height=90, tiles=10, jpeg_qscale=6),
    RenditionProfile("waveform", Kind.WAVEFORM, points=1000, sample_rate=8000),
)


def load_profiles() -> tuple[RenditionProfile, ...]:
    """The default profiles as changed by settings.MEDIA_PIPELINE_PROFILES."""
    overrides: Mapping[str, Mapping[str, Any] | None] = getattr(
        settings, "MEDIA_PIPELINE_PROFILES", {}
    )
    return apply_overrides(DEFAULT_PROFILES, overrides)


def apply_overrides(
    profiles: tuple[RenditionProfile, ...], overrides: Mapping[str, Mapping[str, Any] | None]
) -> tuple[RenditionProfile, ...]:
    by_key = {profile.key: profile for profile in profiles}
    names = {f.name for f in fields(RenditionProfile)} - {"key"}
    for key, changes in overrides.items():
        if changes is None:
            by_key.pop(key, None)
            continue
        unknown = set(changes) - names
        if unknown:
            raise ImproperlyConfigured(
                f"MEDIA_PIPELINE_PROFILES[{key!r}]: unknown fields {sorted(unknown)}"
            )
        try:
            if key in by_key:
                by_key[key] = replace(by_key[key], **changes)
            else:
                by_key[key] = RenditionProfile(key=key, **changes)
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(f"MEDIA_PIPELINE_PROFILES[{key!r}]: {exc}") from exc
    result = tuple(by_key.values())
    if sum(p.kind is Kind.AUDIO for p in result) > 1:
        raise ImproperlyConfigured("MEDIA_PIPELINE_PROFILES: only one audio profile is allowed")
    return result


@dataclass(frozen=True)
class SourceInfo:
    """What the plan needs to know about a source (the validator's verdict, adapted).

    `width` and `height` are the stored picture's; `rotation` is the display matrix's angle
    in degrees, so a phone's portrait video stored as 1920x1080 with rotation 90 is planned as
    1080x1920. `private_values` are strings from the source that must never appear in an output
    (its tags, its uploaded name): the encoder checks every output for them.
    """

    kind: Literal["audio", "video"]
    duration: float
    width: int | None = None
    height: int | None = None
    has_audio: bool = True
    frame_rate: float | None = None
    rotation: int = 0
    private_values: tuple[str, ...] = ()
    video_stream: int | None = None  # input stream indexes, from the validator's verdict
    audio_stream: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("audio", "video"):
            raise ValueError(f"kind is 'audio' or 'video', not {self.kind!r}")
        if not self.duration > 0:
            raise ValueError("the source has no duration")
        if self.kind == "video" and not (self.width and self.height):
            raise ValueError("a video source needs its width and height")
        if self.kind == "audio" and not self.has_audio:
            raise ValueError("an audio source without audio has nothing to encode")

    @property
    def display_size(self) -> tuple[int, int]:
        """(width, height) as shown, after the display rotation."""
        width, height = self.width or 0, self.height or 0
        return (height, width) if self.rotation % 180 else (width, height)

    @property
    def short_side(self) -> int:
        return min(self.display_size)


@dataclass(frozen=True)
class PlannedRendition:
    """One output of the plan: its profile and, for pictures, the size it comes out at."""

    profile: RenditionProfile
    width: int | None = None
    height: int | None = None
    tiles: int | None = None  # thumbnails: frames in the strip, one every duration/tiles seconds

    @property
    def key(self) -> str:
        return self.profile.key

    @property
    def kind(self) -> Kind:
        return self.profile.kind


@dataclass(frozen=True)
class EncodePlan:
    """Everything the command builder needs: the source, what to make of it, how to alter it."""

    source: SourceInfo
    renditions: tuple[PlannedRendition, ...]
    anonymisation: Anonymisation = field(default_factory=Anonymisation)
    segment_seconds: float = SEGMENT_SECONDS
    keyframe_seconds: float = KEYFRAME_SECONDS

    def of_kind(self, kind: Kind) -> tuple[PlannedRendition, ...]:
        return tuple(r for r in self.renditions if r.kind is kind)

    @property
    def audio(self) -> PlannedRendition | None:
        return next(iter(self.of_kind(Kind.AUDIO)), None)

    @property
    def waveform(self) -> PlannedRendition | None:
        return next(iter(self.of_kind(Kind.WAVEFORM)), None)

    def only(self, *keys: str) -> "EncodePlan":
        """The same plan restricted to some renditions (one process per rung, for comparison)."""
        return replace(self, renditions=tuple(r for r in self.renditions if r.key in keys))

    @property
    def poster_seconds(self) -> float:
        return min(self.source.duration * POSTER_AT_FRACTION, POSTER_AT_MAX_SECONDS)


def _even(value: float) -> int:
    return max(2, math.floor(value / 2) * 2)


def fit(short: int, source: SourceInfo) -> tuple[int, int]:
    """The (width, height) with `short` as the short side and the source's display aspect ratio;
    both even, as 4:2:0 video requires."""
    width, height = source.display_size
    long_side = _even(short * max(width, height) / min(width, height))
    return (long_side, short) if width >= height else (short, long_side)


def _tiles(profile: RenditionProfile, source: SourceInfo) -> int:
    """The profile's number of thumbnails, or fewer for a short source, so that tiles are at
    least MIN_THUMBNAIL_SECONDS apart."""
    by_duration = int(source.duration // MIN_THUMBNAIL_SECONDS)
    return max(1, min(profile.tiles or 1, by_duration))


def _own_size_rung(
    short: int, below: RenditionProfile | None, above: RenditionProfile
) -> RenditionProfile:
    """A rung at the source's own size, between two profiles, with bitrates interpolated by
    pixel count (or, below the smallest profile, scaled down from it by pixel count)."""
    pixels = short**2
    upper = (above.height or short) ** 2
    lower = (below.height or 0) ** 2 if below else 0

    def bitrate(name: str) -> int:
        top = getattr(above, name)
        bottom = getattr(below, name) if below else 0
        return round(bottom + (top - bottom) * (pixels - lower) / (upper - lower))

    return replace(above, key=f"{short}p", height=short, video_bitrate=bitrate("video_bitrate"),
                   maxrate=bitrate("maxrate"), bufsize=bitrate("bufsize"))


def _smaller(profile: RenditionProfile, short: int) -> RenditionProfile:
    """A progressive profile for a source smaller than it: bitrates in proportion to the
    height (a gentler cut than by pixel count, as small pictures need more bits per pixel)."""
    ratio = short / (profile.height or short)

    def bitrate(name: str) -> int:
        return round(getattr(profile, name) * ratio)

    return replace(profile, height=short, video_bitrate=bitrate("video_bitrate"),
                   maxrate=bitrate("maxrate"), bufsize=bitrate("bufsize"))


def _ladder(source: SourceInfo, profiles: tuple[RenditionProfile, ...]) -> list[RenditionProfile]:
    video = sorted((p for p in profiles if p.kind is Kind.HLS_VIDEO), key=lambda p: p.height or 0)
    short = _even(source.short_side)
    fitting = [p for p in video if (p.height or 0) <= short]
    larger = [p for p in video if (p.height or 0) > short]
    top = fitting[-1] if fitting else None
    if larger and (top is None or short >= (top.height or 0) * OWN_SIZE_RUNG_MARGIN):
        fitting.append(_own_size_rung(short, top, larger[0]))
    return fitting


def plan(
    source: SourceInfo,
    anonymisation: Anonymisation | None = None,
    profiles: tuple[RenditionProfile, ...] | None = None,
) -> EncodePlan:
    """Pick the renditions that fit `source`, sized so that nothing is ever upscaled.

    Video: the HLS rungs up to the source's short side (see _ladder), the shared audio rendition
    if the source has sound, each progressive MP4, poster and thumbnail strip at its profile's
    height or the source's, whichever is smaller. Audio: the audio rendition and the waveform.
    """
    profiles = load_profiles() if profiles is None else profiles
    anonymisation = anonymisation or Anonymisation()
    chosen: list[PlannedRendition] = []
    if source.kind == "video":
        short = _even(source.short_side)
        for rung in _ladder(source, profiles):
            chosen.append(PlannedRendition(rung, *fit(rung.height or 0, source)))
        for profile in profiles:
            if profile.kind is Kind.PROGRESSIVE and short < (profile.height or 0):
                profile = _smaller(profile, short)
            if profile.kind in (Kind.PROGRESSIVE, Kind.POSTER, Kind.THUMBNAILS):
                size = fit(min(profile.height or 0, short), source)
                tiles = _tiles(profile, source) if profile.kind is Kind.THUMBNAILS else None
                chosen.append(PlannedRendition(profile, *size, tiles=tiles))
    if source.has_audio:
        chosen += [PlannedRendition(p) for p in profiles if p.kind is Kind.AUDIO]
    if source.kind == "audio":
        chosen += [PlannedRendition(p) for p in profiles if p.kind is Kind.WAVEFORM]
    return EncodePlan(source=source, renditions=tuple(chosen), anonymisation=anonymisation)
