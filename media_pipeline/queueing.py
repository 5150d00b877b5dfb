"""Putting a media in the processing queue, once its transaction has committed."""

from functools import partial

from django.db import transaction

from .models import Media, Rendition


def queue_processing(media: Media) -> None:
    """Mark the media and its renditions as waiting, and enqueue the job after commit."""
    from .tasks import process_media

    Media.objects.filter(pk=media.pk).update(
        processing_status=Media.Processing.PENDING, processing_code="", processing_params={},
        processing_detail="",
    )
    Rendition.objects.filter(media=media).exclude(status=Rendition.Status.READY).update(
        status=Rendition.Status.QUEUED, progress=0, error=""
    )
    transaction.on_commit(partial(process_media.enqueue, media.pk))
