"""Keeping the index up to date: saving a transcript or a segment enqueues a task.

Wagtail's own signal handlers are off for segments (`search_auto_update = False`): they would
index each segment on its own, inside the request. Instead every save or delete of a transcript
or segment notes what changed, and when the transaction commits (`transaction.on_commit`) one
task (Django's Tasks API) re-indexes the segments of the changed transcripts and removes the
deleted segments. A task receives ids only; it reads the current state when it runs, so a task
that runs late or twice does no harm.

Access needs no re-indexing: the rules are applied by every query (see `archive.search.engines`);
publishing or unpublishing a page changes what is found at the next request. Redacted time ranges
are applied by every query too, and are also kept out of the index: a change of a media's
`redactions` re-indexes its transcripts.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django_tasks import task

from . import indexing

_pending = threading.local()


@task(queue_name="urgent")
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


def media_saving(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Notes whether the redactions change (read from the database: one small query)."""
    if raw or instance.pk is None or (update_fields is not None
                                      and "redactions" not in update_fields):
        return
    before = sender.objects.filter(pk=instance.pk).values_list("redactions", flat=True).first()
    instance._redactions_changed = before != instance.redactions


def media_saved(sender, instance, raw=False, **kwargs) -> None:
    if getattr(instance, "_redactions_changed", False):
        instance._redactions_changed = False
        schedule(transcript_ids=instance.transcripts.values_list("pk", flat=True))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save

    from archive.models import Transcript, TranscriptSegment
    from media_pipeline.models import Media

    post_save.connect(transcript_saved, sender=Transcript, dispatch_uid="search-transcript")
    post_save.connect(segment_saved, sender=TranscriptSegment, dispatch_uid="search-segment")
    post_delete.connect(segment_deleted, sender=TranscriptSegment,
                        dispatch_uid="search-segment-deleted")
    pre_save.connect(media_saving, sender=Media, dispatch_uid="search-media-redactions")
    post_save.connect(media_saved, sender=Media, dispatch_uid="search-media-redactions")
