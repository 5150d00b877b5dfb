"""The interactive transcript beside a player: the lines of one transcript, in one language the
viewer chooses among those they may read, each line a link to its moment.

The page's segments are fetched in one place, `page_segments`, so that what a viewer may read
of a transcript is decided once.
"""

from dataclasses import dataclass

from django.http import HttpRequest

from .access import visible_transcripts
from .captions import CaptionTrack
from .moments import MOMENT_PARAMETER, clock, moment_query
from .transcripts.redaction import ReadableSegment, redacted_segments

LANGUAGE_PARAMETER = "lang"


@dataclass(frozen=True)
class Line:
    start: str  # seconds, as data attributes and URLs write them
    end: str
    clock: str  # the start as shown
    href: str  # the page at this moment, without JavaScript
    speaker: str
    text: str


@dataclass(frozen=True)
class LanguageChoice:
    srclang: str
    label: str
    href: str
    is_current: bool


@dataclass(frozen=True)
class TranscriptPanel:
    srclang: str  # the language shown, for the list's lang attribute
    lines: list[Line]
    choices: list[LanguageChoice]


def _seconds(ms: int) -> str:
    return str(ms / 1000).removesuffix(".0")


def page_segments(user, media, language: str) -> list[ReadableSegment]:
    """The segments of `media`'s transcript in `language`, as `user` may read them (redacted
    passages without their words): the one place where pages fetch transcript segments."""
    transcript = visible_transcripts(user, media).filter(language=language).first()
    return redacted_segments(transcript) if transcript else []


def _choice_href(request: HttpRequest, language: str) -> str:
    query = request.GET.copy()
    query[LANGUAGE_PARAMETER] = language
    query.pop(MOMENT_PARAMETER, None)
    return f"?{query.urlencode()}#transcript"


def transcript_panel(request: HttpRequest, media, tracks: list[CaptionTrack]
                     ) -> TranscriptPanel | None:
    """The transcript in the language asked for (`?lang=`) or else the first of `tracks` (the
    languages the viewer may read, the page's first); None when there is none to read."""
    if media is None or not tracks:
        return None
    asked = request.GET.get(LANGUAGE_PARAMETER)
    track = next((t for t in tracks if t.language == asked), tracks[0])
    segments = page_segments(getattr(request, "user", None), media, track.language)
    if not segments:
        return None
    lines = [
        Line(start=_seconds(s.start_ms), end=_seconds(s.end_ms),
             clock=clock(s.start_ms / 1000),
             href=moment_query(request.GET, s.start_ms / 1000) + "#player",
             speaker=s.speaker, text=s.text)
        for s in segments
    ]
    choices = [LanguageChoice(t.srclang, t.label, _choice_href(request, t.language),
                              t is track) for t in tracks]
    return TranscriptPanel(srclang=track.srclang, lines=lines, choices=choices)
