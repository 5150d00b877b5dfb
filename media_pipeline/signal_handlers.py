"""Reprocess a media when its file or its anonymisation changes."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Media
from .queueing import queue_processing


@receiver(post_save, sender=Media)
def process_new_or_changed_media(sender, instance: Media, created: bool, raw: bool = False,
                                 **kwargs) -> None:
    if raw or not settings.MEDIA_PROCESS_ON_SAVE or not instance.file:
        return
    if created or instance.processing_inputs_changed():
        queue_processing(instance)
    instance.remember_processing_inputs()
