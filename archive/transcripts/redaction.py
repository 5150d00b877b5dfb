"""Redacted time ranges: the words said there never leave the admin.

A media's `redactions` ([{"start": s, "end": s, "mode": "mute" | "bleep"}], in seconds) are
silenced or bleeped in its renditions by the pipeline. Every transcript segment that overlaps
one of these ranges is redacted in step, everywhere outside the admin:
  - captions and transcript files keep the segment's slot (its times and speaker label) with a
    neutral marker instead of its words (`redact`);
  - search neither matches, counts nor shows it (`without_redacted` narrows the candidates,
    and the index stores no words for it: `archive.search.indexing`).

An entry that cannot be read (a missing or non-numeric time, an end not after its start) is
what the pipeline refuses too: it hides every segment of its media until it is corrected.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext

if TYPE_CHECKING:
    from archive.models import Transcript

logger = logging.getLogger(__name__)

Range = tuple[int, int]  # [start, end) in milliseconds
EVERYTHING: Range = (0, 2**62)


@dataclass(frozen=True)
class ReadableSegment:
    """A transcript segment as a viewer may read it (never saved: it is not a model)."""

    pk: int
    start_ms: int
    end_ms: int
    speaker: str
    text: str
    redacted: bool = False
    cue_settings: str = ""
    markup: str = ""  # the cue text as written: never that of a redacted segment


def redacted_ranges(redactions: Any) -> list[Range]:
    """The ranges of a media's `redactions`, in milliseconds, widened to whole milliseconds."""
    ranges = []
    for entry in redactions or ():
        try:
            start, end = float(entry["start"]), float(entry["end"])
            if not (math.isfinite(end) and 0 <= start < end):
                raise ValueError
        except (KeyError, TypeError, ValueError):
            logger.warning("redactions: unreadable entry %r; the whole media is redacted",
                           entry)
            return [EVERYTHING]
        ranges.append((math.floor(start * 1000), math.ceil(end * 1000)))
    return ranges


def overlaps(start_ms: int, end_ms: int, ranges: Iterable[Range]) -> bool:
    return any(start_ms < end and end_ms > start for start, end in ranges)


def ranges_by_media(media_ids: Iterable[int] | None = None) -> dict[int, list[Range]]:
    """{media id: its redacted ranges} for the media that have any (of `media_ids`, or all)."""
    from media_pipeline.models import Media

    media = Media.objects.exclude(redactions=[])
    if media_ids is not None:
        media = media.filter(pk__in=list(media_ids))
    found = {pk: redacted_ranges(value) for pk, value in media.values_list("pk", "redactions")}
    return {pk: ranges for pk, ranges in found.items() if ranges}


def without_redacted(segments: QuerySet) -> QuerySet:
    """`segments` without those that overlap a redacted range of their media.

    The condition uses the segment's own columns only (transcript, start, end), so it stays a
    plain condition on the segment table for the database engines and a filter for
    Elasticsearch.
    """
    from archive.models import Transcript

    ranges = ranges_by_media()
    if not ranges:
        return segments
    transcripts = defaultdict(list)
    for pk, media_id in Transcript.objects.filter(media_id__in=list(ranges)).values_list(
            "pk", "media_id"):
        transcripts[media_id].append(pk)
    hidden = Q()
    for media_id, transcript_ids in transcripts.items():
        during = Q()
        for start, end in ranges[media_id]:
            during |= Q(start_ms__lt=end, end_ms__gt=start)
        hidden |= Q(transcript_id__in=transcript_ids) & during
    return segments.exclude(hidden) if hidden else segments


def removed_marker(language: str) -> str:
    """The marker that stands for removed words: in the transcript's language when the site
    speaks it, else in the current one."""
    if language in {code for code, _name in settings.LANGUAGES}:
        with translation.override(language):
            return gettext("[passage removed]")
    return gettext("[passage removed]")


def redact(segments: Iterable, ranges: list[Range], marker: str) -> list[ReadableSegment]:
    """Each segment as a ReadableSegment; those overlapping `ranges` say `marker` instead."""
    readable = []
    for segment in segments:
        hidden = overlaps(segment.start_ms, segment.end_ms, ranges)
        readable.append(ReadableSegment(
            pk=segment.pk, start_ms=segment.start_ms, end_ms=segment.end_ms,
            speaker=segment.speaker, text=marker if hidden else segment.text, redacted=hidden,
            cue_settings=getattr(segment, "cue_settings", ""),
            markup="" if hidden else getattr(segment, "markup", ""),
        ))
    return readable


def redacted_segments(transcript: Transcript) -> list[ReadableSegment]:
    """Every segment of `transcript` in order, redacted. It does not ask who is reading: see
    `archive.access.readable_segments`."""
    ranges = ranges_by_media([transcript.media_id]).get(transcript.media_id, [])  # as stored now
    return redact(transcript.ordered_segments(), ranges, removed_marker(transcript.language))
