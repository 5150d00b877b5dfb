"""Keeping the index up to date: saving a transcript or a segment enqueues a task.

Wagtail's own signal handlers are off for segments (`search_auto_update = False`): they would
index each segment on its own, inside the request. Instead every save or delete of a transcript
or segment notes what changed, and when the transaction commits (`transaction.on_commit`) one
task (Django's Tasks API) re-indexes the segments of the changed transcripts and removes the
deleted segments. A task receives ids only; it reads the current state when it runs, so a task
that runs late or twice does no harm.

Access needs no re-indexing: the rules are applied by every query (see `archive.search.engines`);
publishing or unpublishing a page changes what is found at the next request.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django_tasks import task

from . import indexing

_pending = threading.local()


@task()
def update_search_index(transcript_ids: list[int], removed_segment_ids: list[int]) -> int:
    """Re-indexes the segments of `transcript_ids`; removes `removed_segment_ids`."""
    return indexing.update_segments(indexing.segments_of_transcripts(transcript_ids),
                                    removed_ids=removed_segment_ids)


def _changes() -> dict[str, set[int]]:
    if not hasattr(_pending, "changes"):
        _pending.changes = {"transcripts": set(), "removed": set()}
    return _pending.changes


def _enqueue() -> None:
    changes, _pending.changes = _changes(), {"transcripts": set(), "removed": set()}
    if changes["transcripts"] or changes["removed"]:
        update_search_index.enqueue(sorted(changes["transcripts"]), sorted(changes["removed"]))


def schedule(transcript_ids=(), removed_segment_ids=()) -> None:
    """Index these transcripts again and forget these segments once the transaction commits.

    Changes made in one transaction are gathered into one task. (If the transaction is rolled
    back, its ids stay noted and are re-indexed with the next change: harmless.)
    """
    changes = _changes()
    changes["transcripts"].update(transcript_ids)
    changes["removed"].update(removed_segment_ids)
    transaction.on_commit(_enqueue)


def transcript_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        schedule(transcript_ids=[instance.pk])


def segment_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        schedule(transcript_ids=[instance.transcript_id])


def segment_deleted(sender, instance, **kwargs) -> None:
    schedule(removed_segment_ids=[instance.pk])


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from archive.models import Transcript, TranscriptSegment

    post_save.connect(transcript_saved, sender=Transcript, dispatch_uid="search-transcript")
    post_save.connect(segment_saved, sender=TranscriptSegment, dispatch_uid="search-segment")
    post_delete.connect(segment_deleted, sender=TranscriptSegment,
                        dispatch_uid="search-segment-deleted")
