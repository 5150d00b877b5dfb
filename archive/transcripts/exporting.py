"""A stored transcript as WebVTT, SRT, timed plain text or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .formats import WRITERS, to_json

if TYPE_CHECKING:
    from archive.models import Transcript

EXPORT_FORMATS = tuple(WRITERS)  # ("vtt", "srt", "txt", "json")


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
    """The transcript in `fmt` (one of EXPORT_FORMATS). Raises ValueError for another."""
    segments = list(transcript.ordered_segments())
    if fmt == "json":
        return to_json(segments, transcript_meta(transcript))
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format: {fmt}") from None
    return writer(segments)
