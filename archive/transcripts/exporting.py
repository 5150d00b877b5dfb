"""A stored transcript as WebVTT, SRT, timed plain text or JSON.

An export leaves the admin, so it is always redacted: a segment overlapping a redacted range of
the media says "[passage removed]" instead of its words (`archive.transcripts.redaction`).
Whether the reader may have the transcript at all is for the caller to ask
(`archive.access.visible_transcripts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .formats import FORMATS, WRITERS, to_json, to_vtt
from .redaction import redacted_segments

if TYPE_CHECKING:
    from archive.models import Transcript

EXPORT_FORMATS = FORMATS  # ("vtt", "srt", "txt", "json")


def transcript_meta(transcript: Transcript) -> dict[str, Any]:
    source = transcript.translated_from
    return {
        "media": str(transcript.media.uuid),
        "language": transcript.language,
        "provenance": transcript.provenance,
        "translated_from": source.language if source is not None else None,
        "status": transcript.status,
        "updated_at": transcript.updated_at.isoformat() if transcript.updated_at else None,
    }


def export_transcript(transcript: Transcript, fmt: str) -> str:
    """The transcript in `fmt` (one of EXPORT_FORMATS), redacted. Raises ValueError for
    another format."""
    segments = redacted_segments(transcript)
    if fmt == "json":
        return to_json(segments, transcript_meta(transcript))
    if fmt == "vtt":
        return to_vtt(segments, transcript.regions)
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format: {fmt}") from None
    return writer(segments)
