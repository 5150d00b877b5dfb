"""Reprocess a media when its file or its anonymisation changes; delete its files with it."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from .models import Media, Rendition
from .outputs import delete_files
from .queueing import queue_processing


@receiver(post_save, sender=Media)
def process_new_or_changed_media(sender, instance: Media, created: bool, raw: bool = False,
                                 **kwargs) -> None:
    if raw or not settings.MEDIA_PROCESS_ON_SAVE or not instance.file:
        return
    if created or instance.processing_inputs_changed():
        queue_processing(instance)
    instance.remember_processing_inputs()


@receiver(pre_delete, sender=Media)
def delete_owned_files(sender, instance: Media, **kwargs) -> None:
    """Every file the media owns (original, thumbnail, each rendition's files) is deleted once
    the deletion has committed: a rolled-back deletion keeps a media whole."""
    names = [field.name for field in (instance.file, instance.thumbnail) if field]
    for files in Rendition.objects.filter(media=instance).values_list("files", flat=True):
        names += files
    transaction.on_commit(partial(delete_files, names))
