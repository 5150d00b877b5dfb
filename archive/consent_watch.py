"""Consent over time: the daily watch over expiry and review dates.

An item whose consent has expired is hidden at once by the access policy (`in_force`); it is
listed on the archivists' dashboard ("consent expired: renew or withdraw"), and once
`CONSENT_EXPIRY_GRACE_DAYS` have passed without renewal (a later `expires_on`) it is withdrawn
and purged through `withdraw_consent`, exactly as a withdrawal asked for by the person.
Records whose `review_on` falls within `CONSENT_REVIEW_NOTICE_DAYS` are listed on the dashboard
too, and archivists get one e-mail per record and review date.

`watch_consent` (a task, on the default queue) does the day's work; `manage.py consent_daily`
enqueues it, run daily by a systemd timer in production and by the Procfile's `daily` process
under `make run`. Running it twice on one day does nothing more.
"""

import datetime
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import ConsentRecord
from .withdrawal import withdraw_consent

logger = logging.getLogger(__name__)


def purge_deadline(record: ConsentRecord) -> datetime.date:
    """The day an expired record is withdrawn unless renewed before."""
    return record.expires_on + datetime.timedelta(days=settings.CONSENT_EXPIRY_GRACE_DAYS + 1)


def lapsed_records(on: datetime.date) -> list[ConsentRecord]:
    """Expired records whose grace period has run out on `on`."""
    last_expiry = on - datetime.timedelta(days=settings.CONSENT_EXPIRY_GRACE_DAYS + 1)
    return list(ConsentRecord.objects.expired(on).filter(expires_on__lte=last_expiry))


def withdraw_lapsed(on: datetime.date) -> int:
    records = lapsed_records(on)
    for record in records:
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Consent expired on %(date)s and was not renewed within %(days)s days.") % {
                "date": formats.date_format(record.expires_on),
                "days": settings.CONSENT_EXPIRY_GRACE_DAYS}
        withdraw_consent(record, None, note)
        logger.info("Consent record %s expired on %s and was withdrawn", record.pk,
                    record.expires_on)
    return len(records)


def archivist_addresses() -> list[str]:
    users = get_user_model().objects.with_perm(
        "archive.view_all_items", is_active=True, include_superusers=True,
        backend="django.contrib.auth.backends.ModelBackend")
    return sorted({user.email for user in users if user.email})


def send_review_notice(record: ConsentRecord, recipients: list[str]) -> None:
    """One e-mail to the archivists: the record's number, its review date and its admin link
    (no name: the mail leaves the archive)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "record": record,
            "review_on": formats.date_format(record.review_on),
            "edit_url": urljoin(settings.WAGTAILADMIN_BASE_URL, reverse(
                "wagtailsnippets_archive_consentrecord:edit", args=[record.pk])),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = render_to_string("archive/email/consent_review_subject.txt", context)
        body = render_to_string("archive/email/consent_review.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, recipients)


def send_review_notices(on: datetime.date) -> int:
    due = ConsentRecord.objects.due_for_review(on, settings.CONSENT_REVIEW_NOTICE_DAYS)
    recipients = archivist_addresses()
    if not recipients:
        return 0
    sent = 0
    for record in due:
        if record.review_notice_for == record.review_on:
            continue
        with transaction.atomic():
            claimed = ConsentRecord.objects.filter(pk=record.pk).exclude(
                review_notice_for=record.review_on).update(review_notice_for=record.review_on)
            if claimed:  # not already sent by a run at the same time
                send_review_notice(record, recipients)
                sent += 1
    return sent


@task()
def watch_consent() -> dict[str, int]:
    """The day's work: withdraw lapsed consents, send the review notices due."""
    today = timezone.localdate()
    return {"withdrawn": withdraw_lapsed(today), "review_notices": send_review_notices(today)}
