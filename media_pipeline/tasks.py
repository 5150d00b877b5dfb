"""Background tasks of the media pipeline (Django's Tasks API). Tasks take ids, never objects."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import processing
from .models import Media
from .outputs import StorageUnavailable


@task(queue_name="media")
def process_media(media_id: int) -> str:
    """Check one media and make its renditions. A storage outage schedules a later retry."""
    try:
        return processing.process(media_id)
    except StorageUnavailable:
        attempts = Media.objects.filter(pk=media_id).values_list(
            "processing_attempts", flat=True).first() or 0
        delays = settings.MEDIA_PIPELINE_RETRY_DELAYS
        if attempts <= len(delays):
            run_after = timezone.now() + timedelta(seconds=delays[attempts - 1])
            process_media.using(run_after=run_after).enqueue(media_id)
            Media.objects.filter(pk=media_id).update(
                processing_params={"retry_in_s": delays[attempts - 1]})
        raise
