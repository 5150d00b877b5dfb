"""Caption tracks for players: one WebVTT track per transcript language a viewer may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

from .access import visible_transcripts
from .models import RecordingLanguage, Transcript

if TYPE_CHECKING:
    from media_pipeline.models import Media

LANGUAGE_LABELS = dict(RecordingLanguage.choices)


def bcp47(language: str) -> str:
    """A valid `srclang`/`lang` value: our codes are ISO 639 ones, except "other"."""
    return "und" if language == RecordingLanguage.OTHER else language


@dataclass(frozen=True)
class CaptionTrack:
    language: str  # the transcript's language code, as in URLs
    srclang: str  # BCP 47, for <track srclang> and lang attributes
    label: str  # the language's name, in that language
    src: str  # the WebVTT file
    text_url: str  # the transcript as plain text
    is_reviewed: bool


def caption_url(media: Media, language: str) -> str:
    return reverse("media-captions", kwargs={"media_uuid": media.uuid, "language": language})


def transcript_url(media: Media, language: str, fmt: str = "txt") -> str:
    return reverse("media-transcript",
                   kwargs={"media_uuid": media.uuid, "language": language, "fmt": fmt})


def caption_tracks(media: Media | None, user, first_language: str | None = None
                   ) -> list[CaptionTrack]:
    """The tracks `user` may see for `media`; `first_language` (the page's) comes first."""
    if media is None:
        return []
    transcripts = list(visible_transcripts(user, media).with_segments())
    transcripts.sort(key=lambda t: (t.language != first_language, str(LANGUAGE_LABELS.get(
        t.language, t.language))))
    return [
        CaptionTrack(
            language=t.language, srclang=bcp47(t.language),
            label=str(LANGUAGE_LABELS.get(t.language, t.language)),
            src=caption_url(media, t.language), text_url=transcript_url(media, t.language),
            is_reviewed=t.status == Transcript.Status.REVIEWED,
        )
        for t in transcripts
    ]
