"""Consent over time: expired consents on the dashboard and purged after the grace period,
review notices on the dashboard and e-mailed once, by the daily watch."""

import datetime
import itertools
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command

from archive.access import can_view_page
from archive.consent_watch import watch_consent
from archive.models import ConsentRecord, TestimonyIndexPage, TestimonyPage
from tests.factories import TestimonyPageFactory, UserFactory, verified_staff_login

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2026, 6, 1)
DAY = datetime.timedelta(days=1)
NUMBERS = itertools.count()


def consented_item(**record_fields) -> tuple[TestimonyPage, ConsentRecord]:
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    page = TestimonyPageFactory(parent=index, title=f"Témoignage de Fanta {next(NUMBERS)}")
    record = ConsentRecord.objects.get(item_key=page.translation_key)
    ConsentRecord.objects.filter(pk=record.pk).update(**record_fields)
    record.refresh_from_db()
    return page, record


@pytest.fixture
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield TODAY


@pytest.fixture
def archivist():
    return get_user_model().objects.create_superuser("archiviste", "archiviste@example.org", "x")


def dashboard(client, user) -> str:
    verified_staff_login(client, user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_expired_consent_is_hidden_and_listed_for_archivists(client, today, archivist):
    page, record = consented_item(expires_on=today - DAY)
    assert not can_view_page(None, page)
    body = dashboard(client, archivist)
    assert 'id="consent_expired' in body
    assert f"/admin/consent/{record.pk}/withdraw/" in body
    assert f"/admin/snippets/archive/consentrecord/edit/{record.pk}/" in body
    assert "Consentement expiré : renouveler ou retirer" in body  # French first

    editor = get_user_model().objects.create_user("editrice", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.logout()
    assert 'id="consent_expired' not in dashboard(client, editor)


@pytest.mark.django_db
def test_a_consent_in_force_is_not_listed(client, today, archivist):
    consented_item(expires_on=today)  # the last day it holds
    assert 'id="consent_expired' not in dashboard(client, archivist)


@pytest.mark.django_db
def test_after_the_grace_period_the_item_is_withdrawn_and_purged(today, settings,
                                                                 django_capture_on_commit_callbacks):
    settings.CONSENT_EXPIRY_GRACE_DAYS = 90
    page, lapsed = consented_item(expires_on=today - 91 * DAY)
    _, in_grace = consented_item(expires_on=today - 90 * DAY)

    with django_capture_on_commit_callbacks(execute=True):
        assert watch_consent.enqueue().return_value == {"withdrawn": 1, "review_notices": 0}

    lapsed.refresh_from_db()
    in_grace.refresh_from_db()
    assert lapsed.withdrawn_at is not None and lapsed.purged_at is not None
    assert "expired" in lapsed.withdrawal_note or "expiré" in lapsed.withdrawal_note
    assert not TestimonyPage.objects.get(pk=page.pk).live
    assert "Fanta" not in TestimonyPage.objects.get(pk=page.pk).title
    assert in_grace.withdrawn_at is None


@pytest.mark.django_db
def test_a_renewed_consent_is_not_purged(today, django_capture_on_commit_callbacks):
    page, record = consented_item(expires_on=today - 200 * DAY)
    record.expires_on = today + 365 * DAY  # renewed by an archivist
    record.save()
    with django_capture_on_commit_callbacks(execute=True):
        watch_consent.enqueue()
    record.refresh_from_db()
    assert record.withdrawn_at is None
    assert TestimonyPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_the_daily_command_runs_the_watch(today, django_capture_on_commit_callbacks):
    _, record = consented_item(expires_on=today - 400 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("consent_daily", stdout=StringIO())
    record.refresh_from_db()
    assert record.purged_at is not None


def test_the_watch_runs_daily_under_make_run_and_in_production():
    procfile = (ROOT / "Procfile").read_text()
    assert any("manage.py consent_daily" in line and "sleep 86400" in line
               for line in procfile.splitlines())
    systemd = ROOT / "deploy" / "systemd"
    assert "manage.py consent_daily" in (systemd / "kafamuya-consent-daily.service").read_text()
    timer = (systemd / "kafamuya-consent-daily.timer").read_text()
    assert "OnCalendar=" in timer and "Persistent=true" in timer
    assert "kafamuya-consent-daily.timer" in (ROOT / "deploy" / "README.md").read_text()


@pytest.mark.django_db
def test_a_review_is_listed_and_mailed_once(client, today, settings, archivist):
    settings.CONSENT_REVIEW_NOTICE_DAYS = 30
    _, due = consented_item(review_on=today + 30 * DAY)
    consented_item(review_on=today + 31 * DAY)  # not yet
    UserFactory(username="visiteuse")  # not an archivist: not told

    assert watch_consent.enqueue().return_value["review_notices"] == 1
    assert watch_consent.enqueue().return_value["review_notices"] == 0  # run again: nothing more
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["archiviste@example.org"]
    assert str(due.pk) in notice.subject
    assert f"/admin/snippets/archive/consentrecord/edit/{due.pk}/" in notice.body
    assert due.given_by not in notice.body + notice.subject  # no name leaves the archive
    assert "Fanta" not in notice.body + notice.subject
    assert "révision" in notice.subject  # French first

    body = dashboard(client, archivist)
    assert 'id="consent_review' in body
    assert f"/admin/snippets/archive/consentrecord/edit/{due.pk}/" in body

    due.review_on = today + 10 * DAY  # a new review date: a new notice
    due.save()
    assert watch_consent.enqueue().return_value["review_notices"] == 1
    assert len(mail.outbox) == 2
