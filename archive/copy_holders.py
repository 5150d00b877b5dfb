"""When consent is withdrawn, the people who hold copies are told.

Every account (other than an archivist's) whose audit entries show a download of the item's
media or an export of its transcripts is e-mailed, in the language it applied in, and asked to
delete its copies. The e-mail names the item by its reference only (its translation key): no
title, no name, nothing of what it holds. Who was told is logged on the consent record
(`COPY_HOLDERS_ACTION`), in its history.

`withdrawal_saved` (a `post_save` receiver of ConsentRecord) queues `tell_copy_holders` on the
urgent queue once the withdrawal commits, whichever path withdrew it (the admin, the daily
consent watch).
"""

from functools import partial
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task
from wagtail.log_actions import log

from .access import is_archivist
from .audit.models import Action, AuditEntry
from .models import ConsentRecord

COPY_HOLDERS_ACTION = "archive.copy_holders_told"


def copy_holders(record: ConsentRecord) -> list:
    """Accounts that downloaded or exported something of the item, archivists left out."""
    user_ids = AuditEntry.objects.filter(
        item_key=record.item_key, action__in=[Action.DOWNLOAD, Action.EXPORT],
        user__isnull=False).values_list("user_id", flat=True).distinct()
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")
    return [user for user in users if user.email and not is_archivist(user)]


def language_of(user) -> str:
    application = user.researcher_applications.order_by("-pk").first()
    return application.language if application else settings.LANGUAGE_CODE


def ask_to_delete(user, record: ConsentRecord) -> None:
    with translation.override(language_of(user)):
        context = {"reference": record.item_key, "site_name": settings.WAGTAIL_SITE_NAME,
                   "site_url": urljoin(settings.WAGTAILADMIN_BASE_URL, "/")}
        subject = render_to_string("archive/email/delete_copies_subject.txt", context)
        body = render_to_string("archive/email/delete_copies.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])


@task(queue_name="urgent")
def tell_copy_holders(record_id: int) -> int:
    """E-mail each copy holder of a withdrawn item once; log who was told on the record."""
    record = ConsentRecord.objects.get(pk=record_id)
    if record.withdrawn_at is None:
        return 0
    told = []
    for user in copy_holders(record):
        ask_to_delete(user, record)
        told.append(user.get_username())
    log(instance=record, action=COPY_HOLDERS_ACTION, title=f"#{record.pk}",
        data={"told": told})
    return len(told)


def withdrawal_saved(sender, instance: ConsentRecord, update_fields=None, raw=False,
                     **kwargs) -> None:
    if raw or instance.withdrawn_at is None or "withdrawn_at" not in (update_fields or ()):
        return
    transaction.on_commit(partial(tell_copy_holders.enqueue, instance.pk))
