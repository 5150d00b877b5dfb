"""Importing a transcript file into the database, all or nothing.

The whole file is read and checked before anything is written; the writing happens in one
transaction. A malformed file raises `TranscriptFormatError` (with its line) and leaves the
database as it was, including an existing transcript that was to be replaced.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .formats import SegmentData, TranscriptFormatError, decode, detect_format, parse

if TYPE_CHECKING:
    from archive.models import Transcript
    from media_pipeline.models import Media

Source = str | bytes | os.PathLike | IO


class TranscriptExistsError(ValueError):
    """The media already has a transcript in that language, and replacing was not asked for."""


def read_source(source: Source, filename: str = "") -> tuple[str, str]:
    """(text, name) from text, bytes, a path or an open file. Strings are content, not paths."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        return decode(path.read_bytes()), filename or path.name
    if isinstance(source, str | bytes):
        return decode(source), filename
    data = source.read()
    return decode(data), filename or os.path.basename(getattr(source, "name", "") or "")


def read_segments(
    source: Source, fmt: str | None = None, filename: str = "", end_ms: int | None = None
) -> tuple[list[SegmentData], str]:
    """Parses a source without touching the database; returns (segments, format)."""
    text, name = read_source(source, filename)
    fmt = fmt or detect_format(text, name)
    segments = parse(text, fmt, end_ms=end_ms)
    if not segments:
        raise TranscriptFormatError(1, _("the file holds no timed segment"))
    for segment in segments:
        if len(segment.speaker) > 100:
            raise TranscriptFormatError(
                segment.line or 1, _("the speaker label is longer than 100 characters"))
    return segments, fmt


def import_transcript(
    media: Media,
    language: str,
    source: Source,
    *,
    fmt: str | None = None,
    filename: str = "",
    provenance: str = "human",
    status: str = "draft",
    translated_from: Transcript | None = None,
    replace: bool = False,
) -> Transcript:
    """Reads `source` (WebVTT, SRT or timed text) into the transcript of `media` in `language`.

    `fmt` is `vtt`, `srt` or `txt`; by default it comes from the file name, else the content.
    A transcript already in that language is kept as it is unless `replace` is true, in which
    case its segments, provenance and status are replaced (its id and translations stay).
    """
    from archive.models import Transcript, TranscriptSegment

    if language not in dict(Transcript._meta.get_field("language").choices):
        raise ValueError(_("Unknown language: %(code)s") % {"code": language})
    if provenance not in Transcript.Provenance.values:
        raise ValueError(_("Unknown provenance: %(value)s") % {"value": provenance})
    if status not in Transcript.Status.values:
        raise ValueError(_("Unknown status: %(value)s") % {"value": status})

    end_ms = round(media.duration * 1000) if media.duration else None
    segments, _fmt = read_segments(source, fmt=fmt, filename=filename, end_ms=end_ms)

    with transaction.atomic():
        transcript = (
            Transcript.objects.select_for_update().filter(media=media, language=language).first()
        )
        if transcript is not None and not replace:
            raise TranscriptExistsError(
                _("%(media)s already has a transcript in %(language)s; replace it to import "
                  "again.") % {"media": media, "language": transcript.get_language_display()}
            )
        if transcript is None:
            transcript = Transcript(media=media, language=language)
        elif translated_from is None and provenance == Transcript.Provenance.TRANSLATED:
            translated_from = transcript.translated_from  # a new version of the same translation
        transcript.provenance = provenance
        transcript.status = status
        transcript.translated_from = translated_from
        transcript.clean()
        try:
            with transaction.atomic():
                transcript.save()
        except IntegrityError:  # created meanwhile by someone else
            raise TranscriptExistsError(
                _("%(media)s already has a transcript in this language.") % {"media": media}
            ) from None
        TranscriptSegment.objects.filter(transcript=transcript).delete()
        TranscriptSegment.objects.bulk_create([
            TranscriptSegment(transcript=transcript, sort_order=index, start_ms=s.start_ms,
                              end_ms=s.end_ms, speaker=s.speaker, text=s.text)
            for index, s in enumerate(segments)
        ])
    return transcript
