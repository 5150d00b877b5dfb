"""Anonymisation as filter-graph pieces: voice alteration, full-frame blur, redacted time ranges.

These apply to public renditions only; the original stays private and untouched. The ladder
(media_pipeline.ladder) puts the pieces into its one filter graph, before the split, so that
every rendition, poster and thumbnail is anonymised alike.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_PITCH_SEMITONES = 12
BLEEP_HZ = 1000
BLEEP_AMPLITUDE = 0.3  # about -10 dBFS: clearly a bleep, not painful


class RedactionMode(StrEnum):
    MUTE = "mute"
    BLEEP = "bleep"


class PitchMethod(StrEnum):
    RUBBERBAND = "rubberband"  # phase vocoder: better sound; needs an ffmpeg built with it
    RESAMPLE = "resample"  # asetrate + atempo: works in any ffmpeg build, sounds rougher


@dataclass(frozen=True)
class Redaction:
    """A time range (seconds on the source's timeline, both ends included) to silence or bleep."""

    start: float
    end: float
    mode: RedactionMode = RedactionMode.MUTE

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"a redaction needs 0 <= start < end, not {self.start}..{self.end}")


@dataclass(frozen=True)
class Anonymisation:
    """What to alter in the public renditions. The default alters nothing."""

    pitch_semitones: float = 0.0
    pitch_method: PitchMethod = PitchMethod.RUBBERBAND
    blur: bool = False
    # Gaussian sigma as a fraction of the picture's short side: 0.05 is 36 px on 720p, which
    # leaves a silhouette but no facial features. Strong Gaussian blur is not reversible in
    # practice: the detail it removes falls below 8-bit quantisation and the encoder's noise.
    blur_strength: float = 0.05
    redactions: tuple[Redaction, ...] = ()

    def __post_init__(self) -> None:
        if abs(self.pitch_semitones) > MAX_PITCH_SEMITONES:
            raise ValueError(f"pitch shift is limited to ±{MAX_PITCH_SEMITONES} semitones")
        if self.blur and not 0 < self.blur_strength <= 0.5:
            raise ValueError("blur_strength is a fraction of the picture's short side, (0, 0.5]")


class InvalidRedactions(ValueError):
    """A media's `redactions` value that cannot be applied; `message` says why, for a person."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


NOT_A_LIST = _('Redactions are a list of ranges: [{"start": 12.5, "end": 15, "mode": "mute"}].')
NOT_A_RANGE = _("Redaction {number}: each range needs a start and an end, in seconds.")
NOT_A_NUMBER = _("Redaction {number}: the start and the end must be numbers of seconds.")
END_BEFORE_START = _(
    "Redaction {number}: its end ({end} s) must come after its start ({start} s)."
)
NEGATIVE_START = _("Redaction {number}: the start cannot be before 0 s.")
BAD_MODE = _("Redaction {number}: the mode must be “mute” or “bleep”, not “{mode}”.")
UNKNOWN_KEYS = _("Redaction {number}: unknown field(s) {names}; use start, end and mode.")


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(value)
    seconds = float(value)
    if not math.isfinite(seconds):
        raise ValueError(value)
    return seconds


def parse_redactions(value: Any) -> tuple[Redaction, ...]:
    """The one reading of a media's `redactions` JSON (the admin form validates with it, and
    processing applies what it returns). Raises InvalidRedactions with a message to show."""
    if value in (None, ""):
        return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InvalidRedactions(NOT_A_LIST)
    parsed = []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or not {"start", "end"} <= entry.keys():
            raise InvalidRedactions(NOT_A_RANGE.format(number=number))
        unknown = sorted(set(entry) - {"start", "end", "mode"})
        if unknown:
            raise InvalidRedactions(UNKNOWN_KEYS.format(number=number, names=", ".join(unknown)))
        try:
            start, end = _seconds(entry["start"]), _seconds(entry["end"])
        except (TypeError, ValueError):
            raise InvalidRedactions(NOT_A_NUMBER.format(number=number)) from None
        if start < 0:
            raise InvalidRedactions(NEGATIVE_START.format(number=number))
        if end <= start:
            raise InvalidRedactions(END_BEFORE_START.format(number=number, start=start, end=end))
        mode = entry.get("mode", RedactionMode.MUTE.value)
        if mode not in {m.value for m in RedactionMode}:
            raise InvalidRedactions(BAD_MODE.format(number=number, mode=mode))
        parsed.append(Redaction(start, end, RedactionMode(mode)))
    return tuple(parsed)


def validate_redactions(value: Any) -> None:
    """The model field's validator: a form error an archivist can act on."""
    try:
        parse_redactions(value)
    except InvalidRedactions as invalid:
        raise ValidationError(invalid.message, code="invalid-redactions") from None


def video_filters(anonymisation: Anonymisation, short_side: int) -> list[str]:
    """Filters for the decoded picture, before it is split into renditions."""
    if not anonymisation.blur:
        return []
    sigma = max(1.0, anonymisation.blur_strength * short_side)
    return [f"gblur=sigma={sigma:.2f}:steps=3"]


def _any_between(redactions: list[Redaction]) -> str:
    """An expression that is non-zero while t is inside any of the ranges."""
    if not redactions:
        return "0"
    return "+".join(f"between(t,{r.start:.3f},{r.end:.3f})" for r in redactions)


def _pitch_filters(anonymisation: Anonymisation, sample_rate: int) -> list[str]:
    ratio = 2 ** (anonymisation.pitch_semitones / 12)
    if anonymisation.pitch_method is PitchMethod.RUBBERBAND:
        # formant=shifted (rubberband's default) moves the formants with the pitch, which
        # disguises a voice more than a pitch change alone.
        return [f"rubberband=pitch={ratio:.6f}:formant=shifted"]
    return [
        f"asetrate={round(sample_rate * ratio)}",
        f"aresample={sample_rate}",
        f"atempo={1 / ratio:.6f}",
    ]


def audio_filters(anonymisation: Anonymisation, sample_rate: int) -> list[str]:
    """Filters for the mono speech signal at `sample_rate`, before it is split into renditions.

    Redaction uses `aeval`, which evaluates per sample, so a range is cut exactly where it says
    (a `volume` filter with `enable` only switches at frame boundaries, tens of milliseconds
    apart). With a pitch shift, the ranges are silenced both before the shift, so no redacted
    speech enters the phase vocoder, and after it, so that the vocoder's window cannot smear
    neighbouring speech into the range; the bleep is added last, at its own true pitch.
    """
    redactions = list(anonymisation.redactions)
    shifted = anonymisation.pitch_semitones != 0
    filters: list[str] = []
    if redactions and shifted:
        filters.append(f"aeval=exprs='val(0)*not({_any_between(redactions)})':c=same")
    if shifted:
        filters += _pitch_filters(anonymisation, sample_rate)
    if redactions:
        muted = _any_between([r for r in redactions if r.mode is RedactionMode.MUTE])
        bleeped = _any_between([r for r in redactions if r.mode is RedactionMode.BLEEP])
        tone = f"{BLEEP_AMPLITUDE}*sin(2*PI*{BLEEP_HZ}*t)"
        filters.append(f"aeval=exprs='if({bleeped},{tone},val(0)*not({muted}))':c=same")
    return filters
