"""Withdrawal of consent: hidden at the next request, then everything derived is purged.

`withdraw_consent` marks the record (the access policy hides the item from that moment, on
every surface), takes every language version offline, logs the action, and queues
`purge_withdrawn_item`, which deletes renditions, captions and transcripts (and with them their
search entries), deletes the original unless the record says to keep it sealed, and scrubs the
speaker's details from the pages, their revisions and their log entries.
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision

from media_pipeline.outputs import delete_files

from .models import ArchiveItem, ConsentRecord, Speaker, Transcript

logger = logging.getLogger(__name__)
WITHDRAW_ACTION = "archive.withdraw_consent"


def item_pages(record: ConsentRecord) -> list[Page]:
    return list(Page.objects.filter(translation_key=record.item_key).specific())


def withdraw_consent(record: ConsentRecord, user, note: str = "") -> None:
    """Record the withdrawal; effective at the next request; purge queued after commit."""
    with transaction.atomic():
        record = ConsentRecord.objects.select_for_update().get(pk=record.pk)
        if record.withdrawn_at is not None:
            return
        record.withdrawn_at = timezone.now()
        record.withdrawal_note = note
        record.save(update_fields=["withdrawn_at", "withdrawal_note"])
        for page in item_pages(record):
            if page.live:
                # Withdrawing is the permission asked for (archive.withdraw_consent): every
                # language version goes offline whatever page permissions the archivist holds.
                UnpublishPageAction(page, user=user, log_action=None).execute(
                    skip_permission_checks=True)
        log(instance=record, action=WITHDRAW_ACTION, user=user)
        transaction.on_commit(partial(purge_withdrawn_item.enqueue, record.pk))


def _purge_media(media, keep_original: bool) -> None:
    for rendition in media.renditions.all():
        delete_files(rendition.files)
    media.renditions.all().delete()
    Transcript.objects.filter(media=media).delete()  # segments and their search entries too
    if keep_original:
        return
    name = media.file.name
    media.delete()
    delete_files([name])


def _scrub_page(page: ArchiveItem) -> None:
    page.title = _("Withdrawn item")
    page.draft_title = page.title
    page.seo_title = ""
    page.search_description = ""
    for field in ("summary", "description", "content_warning"):
        if hasattr(page, field):
            setattr(page, field, "")
    if hasattr(page, "media_id"):
        page.media = None
    page.save(clean=False)
    # A slug is made from the title, so it may name her too. Changed by a queryset update, so
    # that Wagtail keeps no redirect from the old address (which would keep the name).
    page.slug = f"withdrawn-{page.pk}"
    page.url_path = f"{page.get_parent().url_path}{page.slug}/"
    type(page).objects.filter(pk=page.pk).update(slug=page.slug, url_path=page.url_path)
    Revision.page_revisions.filter(object_id=str(page.pk)).delete()
    page.save_revision(clean=False, log_action=False)
    PageLogEntry.objects.filter(page_id=page.pk).update(label=page.title, data={})


def _scrub_speaker(speaker: Speaker) -> None:
    speaker.pseudonym = f"{_('withdrawn')}-{speaker.pk}"
    speaker.age_range = speaker.status = speaker.gender = ""
    speaker.languages = speaker.archivist_notes = ""
    speaker.save()


@task(queue_name="urgent")
def purge_withdrawn_item(record_id: int) -> str:
    """Delete what was derived from a withdrawn item. Safe to run again."""
    record = ConsentRecord.objects.get(pk=record_id)
    if record.withdrawn_at is None:
        return "not withdrawn"
    pages = item_pages(record)
    media = {page.media for page in pages if getattr(page, "media", None) is not None}
    speakers = {page.speaker for page in pages if getattr(page, "speaker", None) is not None}
    for item in media:
        _purge_media(item, record.keep_original_sealed)
    for page in pages:
        _scrub_page(page)
    for speaker in speakers:
        _scrub_speaker(speaker)
    if record.signed_form and not record.keep_original_sealed:
        delete_files([record.signed_form.name])
        record.signed_form = ""
    record.given_by = _("withdrawn")
    record.purged_at = timezone.now()
    record.save()
    logger.info("Purged withdrawn item %s (record %s)", record.item_key, record.pk)
    return "purged"
