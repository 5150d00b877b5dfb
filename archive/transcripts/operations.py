"""Editing a transcript: split, merge, shift, translate. Each runs in one transaction.

They raise `TranscriptOperationError` (a ValueError with a translatable message) when the
operation makes no sense, and leave everything as it was.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .formats import format_timestamp

if TYPE_CHECKING:
    from archive.models import Transcript, TranscriptSegment


class TranscriptOperationError(ValueError):
    """An edit that cannot be made (the message says why)."""


def _segments_of(transcript: Transcript):
    """The stored segments (not modelcluster's in-memory ones)."""
    model = transcript._meta.get_field("segments").related_model
    return model.objects.filter(transcript=transcript)


def renumber(transcript: Transcript) -> None:
    """`sort_order` 0, 1, 2… in time order (start, end, then previous order)."""
    segments = list(_segments_of(transcript).order_by("start_ms", "end_ms", "sort_order", "pk"))
    changed = []
    for index, segment in enumerate(segments):
        if segment.sort_order != index:
            segment.sort_order = index
            changed.append(segment)
    if changed:
        type(segments[0]).objects.bulk_update(changed, ["sort_order"])


def _ensure_numbered(segment: TranscriptSegment) -> None:
    if segment.sort_order is None:
        renumber(segment.transcript)
        segment.refresh_from_db(fields=["sort_order"])


def _text_cut(text: str, fraction: float) -> int:
    """Where to cut `text` for a time cut at `fraction` of the segment: the nearest space."""
    if not text:
        return 0
    target = round(len(text) * fraction)
    spaces = [m.start() for m in re.finditer(r"\s+", text)]
    if not spaces:
        return len(text)
    return min(spaces, key=lambda position: abs(position - target))


@transaction.atomic
def split_segment(
    segment: TranscriptSegment, at_ms: int, text_at: int | None = None
) -> tuple[TranscriptSegment, TranscriptSegment]:
    """Cuts `segment` at `at_ms` into two with the same speaker.

    The text is cut at character `text_at`, or else at the space nearest to the same fraction
    of the text as `at_ms` is of the segment's time; the archivist corrects it afterwards.
    """
    if not segment.start_ms < at_ms < segment.end_ms:
        raise TranscriptOperationError(
            _("A segment can only be split strictly inside it (between %(start)s and %(end)s).")
            % {"start": format_timestamp(segment.start_ms), "end": format_timestamp(segment.end_ms)}
        )
    if text_at is None:
        text_at = _text_cut(segment.text, (at_ms - segment.start_ms) /
                            (segment.end_ms - segment.start_ms))
    text_at = max(0, min(text_at, len(segment.text)))
    _ensure_numbered(segment)
    first_text, second_text = segment.text[:text_at].strip(), segment.text[text_at:].strip()
    model = type(segment)
    siblings = model.objects.filter(transcript_id=segment.transcript_id)
    siblings.filter(sort_order__gt=segment.sort_order).update(sort_order=F("sort_order") + 1)
    second = model.objects.create(
        transcript_id=segment.transcript_id, sort_order=segment.sort_order + 1, start_ms=at_ms,
        end_ms=segment.end_ms, speaker=segment.speaker, text=second_text,
    )
    segment.end_ms, segment.text = at_ms, first_text
    segment.save(update_fields=["end_ms", "text"])
    return segment, second


def following_segment(segment: TranscriptSegment) -> TranscriptSegment | None:
    _ensure_numbered(segment)
    return (
        type(segment).objects.filter(transcript_id=segment.transcript_id,
                                     sort_order__gt=segment.sort_order)
        .order_by("sort_order", "pk").first()
    )


@transaction.atomic
def merge_with_next(segment: TranscriptSegment) -> TranscriptSegment:
    """Joins the next segment into `segment` (texts joined by a space); returns `segment`.

    Refused when there is no next segment or when the two have different speakers: fix the
    speaker first, so that no words are silently given to someone else.
    """
    following = following_segment(segment)
    if following is None:
        raise TranscriptOperationError(_("This is the last segment: there is nothing to merge."))
    if following.speaker.strip() != segment.speaker.strip():
        raise TranscriptOperationError(
            _("These segments have different speakers (“%(a)s” and “%(b)s”); give them the same "
              "speaker before merging.") % {"a": segment.speaker, "b": following.speaker}
        )
    segment.end_ms = max(segment.end_ms, following.end_ms)
    segment.text = " ".join(part for part in (segment.text.strip(), following.text.strip())
                            if part)
    following.delete()
    segment.save(update_fields=["end_ms", "text"])
    return segment


@transaction.atomic
def shift_transcript(transcript: Transcript, delta_ms: int, from_ms: int = 0) -> int:
    """Adds `delta_ms` to the times of every segment starting at or after `from_ms`.

    Returns how many segments moved. Refused if a segment would start before 0.
    """
    moving = _segments_of(transcript).filter(start_ms__gte=from_ms)
    if delta_ms == 0:
        return 0
    first = moving.order_by("start_ms").first()
    if first is None:
        return 0
    if first.start_ms + delta_ms < 0:
        raise TranscriptOperationError(
            _("Shifting by %(delta)s ms would move the segment at %(start)s before the start of "
              "the media.") % {"delta": delta_ms, "start": format_timestamp(first.start_ms)}
        )
    count = moving.update(start_ms=F("start_ms") + delta_ms, end_ms=F("end_ms") + delta_ms)
    renumber(transcript)
    type(transcript).objects.filter(pk=transcript.pk).update(updated_at=timezone.now())
    return count


@transaction.atomic
def translate_transcript(source: Transcript, language: str, copy_text: bool = False) -> Transcript:
    """A new draft transcript of the same media in `language`, translated from `source`.

    Same segments, times and speakers; the text is empty for the translator to fill in, or a
    copy of the source's when `copy_text` is true. Refused when that language already exists.
    """
    model = type(source)
    if language == source.language:
        raise TranscriptOperationError(_("Choose a language other than the source's."))
    languages = dict(model._meta.get_field("language").choices)
    if language not in languages:
        raise TranscriptOperationError(_("Unknown language: %(code)s") % {"code": language})
    if model.objects.filter(media_id=source.media_id, language=language).exists():
        raise TranscriptOperationError(
            _("This media already has a transcript in %(language)s.")
            % {"language": languages[language]}
        )
    target = model.objects.create(
        media_id=source.media_id, language=language, provenance=model.Provenance.TRANSLATED,
        translated_from=source, status=model.Status.DRAFT,
    )
    segment_model = _segments_of(source).model
    segment_model.objects.bulk_create([
        segment_model(transcript=target, sort_order=index, start_ms=s.start_ms, end_ms=s.end_ms,
                      speaker=s.speaker, text=s.text if copy_text else "")
        for index, s in enumerate(_segments_of(source).order_by("sort_order", "start_ms", "pk"))
    ])
    return target
