"""Deleting the segments of transcripts in batches, whatever their number.

Django's delete collects every object first and then asks the database about all of them in
one query, which SQLite refuses past its limit of variables (250,000 segments could never be
replaced or deleted). Here the ids are taken a batch at a time; the search index is told
which segments went, as the signal handler would have told it for each one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

BATCH = 5000


@transaction.atomic
def delete_segments(transcript_ids: Iterable[int]) -> int:
    """Deletes every segment of these transcripts; returns how many."""
    from archive.models import TranscriptSegment
    from archive.search.tasks import schedule

    ids = list(transcript_ids)
    deleted = 0
    while batch := list(TranscriptSegment.objects.filter(transcript_id__in=ids)
                        .values_list("pk", flat=True)[:BATCH]):
        # A raw delete: segments have no dependants, and their one signal receiver (the
        # search index) is told below.
        TranscriptSegment.objects.filter(pk__in=batch)._raw_delete(TranscriptSegment.objects.db)
        schedule(removed_segment_ids=batch)
        deleted += len(batch)
    return deleted
