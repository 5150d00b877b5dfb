"""Importing a transcript file into the database, all or nothing.

The file is read as a stream and checked whole before anything is written (within
TRANSCRIPT_MAX_BYTES and TRANSCRIPT_MAX_CUES); the writing happens in one transaction. A
malformed file raises `TranscriptFormatError` (with its line) and leaves the database as it
was, including an existing transcript that was to be replaced. What the reader skipped or
replaced comes back as warnings (`ParsedTranscript.warnings`), for the archivist to see.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .deletion import delete_segments
from .formats import parse
from .reading import Source, TranscriptFormatError
from .segments import ParsedTranscript

if TYPE_CHECKING:
    from archive.models import Transcript
    from media_pipeline.models import Media

INSERT_BATCH = 5000


class TranscriptExistsError(ValueError):
    """The media already has a transcript in that language, and replacing was not asked for."""


def known_speakers(media: Media, language: str) -> set[str]:
    """The speakers of the media's transcripts in `language` (the one a new file replaces):
    a file of the same transcript names them the same way."""
    from archive.models import TranscriptSegment

    return set(
        TranscriptSegment.objects.filter(transcript__media=media, transcript__language=language)
        .exclude(speaker="").values_list("speaker", flat=True).distinct()
    )


def read_transcript(
    source: Source, fmt: str | None = None, filename: str = "", end_ms: int | None = None,
    speakers: Collection[str] = (),
) -> ParsedTranscript:
    """Reads a source without touching the database (for a preview, or before an import)."""
    parsed, _fmt = parse(source, fmt, filename=filename, end_ms=end_ms, speakers=speakers)
    if not parsed.segments:
        raise TranscriptFormatError(1, _("the file holds no timed segment"))
    for segment in parsed.segments:
        if len(segment.speaker) > 100:
            raise TranscriptFormatError(
                segment.line or 1, _("the speaker label is longer than 100 characters"))
    return parsed


def import_transcript(
    media: Media,
    language: str,
    source: Source | ParsedTranscript,
    *,
    fmt: str | None = None,
    filename: str = "",
    provenance: str = "human",
    status: str = "draft",
    translated_from: Transcript | None = None,
    replace: bool = False,
    speakers: Collection[str] = (),
) -> Transcript:
    """Reads `source` (WebVTT, SRT, timed text or JSON; or a file `read_transcript` read) into
    the transcript of `media` in `language`.

    `fmt` is `vtt`, `srt`, `txt` or `json`; by default it comes from the file name, else the
    content. Speakers of SRT and timed text are names in capitals, `speakers`, and those of
    the transcript being replaced. A transcript already in that language is kept as it is
    unless `replace` is true, in which case its segments, regions, provenance and status are
    replaced (its id and translations stay).
    """
    from archive.models import Transcript, TranscriptSegment

    if language not in dict(Transcript._meta.get_field("language").choices):
        raise ValueError(_("Unknown language: %(code)s") % {"code": language})
    if provenance not in Transcript.Provenance.values:
        raise ValueError(_("Unknown provenance: %(value)s") % {"value": provenance})
    if status not in Transcript.Status.values:
        raise ValueError(_("Unknown status: %(value)s") % {"value": status})

    if isinstance(source, ParsedTranscript):
        parsed = source
    else:
        end_ms = round(media.duration * 1000) if media.duration else None
        parsed = read_transcript(source, fmt=fmt, filename=filename, end_ms=end_ms,
                                 speakers={*speakers, *known_speakers(media, language)})

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
        transcript.regions = parsed.regions
        transcript.clean()
        try:
            with transaction.atomic():
                transcript.save()
        except IntegrityError:  # created meanwhile by someone else
            raise TranscriptExistsError(
                _("%(media)s already has a transcript in this language.") % {"media": media}
            ) from None
        delete_segments([transcript.pk])
        segments = parsed.segments
        for first in range(0, len(segments), INSERT_BATCH):  # a batch of objects at a time
            TranscriptSegment.objects.bulk_create([
                TranscriptSegment(transcript=transcript, sort_order=index, start_ms=s.start_ms,
                                  end_ms=s.end_ms, speaker=s.speaker, text=s.text,
                                  cue_settings=s.cue_settings, markup=s.markup)
                for index, s in enumerate(segments[first:first + INSERT_BATCH], start=first)
            ])
    return transcript
