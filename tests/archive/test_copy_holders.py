"""On withdrawal, every account whose audit entries show a download or an export of the item is
asked by e-mail to delete its copies (the item's reference only), and the archivist sees who."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from archive.audit.models import AuditEntry
from archive.models import ConsentRecord, TestimonyIndexPage
from archive.withdrawal import withdraw_consent
from tests.factories import (
    ResearcherApplicationFactory,
    TestimonyPageFactory,
    UserFactory,
    verified_staff_login,
)


def audited(user, page, surface: str, action: str) -> None:
    AuditEntry.objects.create(user=user, user_label=user.username, item_key=page.translation_key,
                              surface=surface, action=action)


@pytest.mark.django_db
def test_copy_holders_are_asked_to_delete_their_copies(client,
                                                       django_capture_on_commit_callbacks):
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    page = TestimonyPageFactory(parent=index, title="Témoignage de Mariam-tamarin")
    other = TestimonyPageFactory(parent=index)
    record = ConsentRecord.objects.get(item_key=page.translation_key)
    downloader = ResearcherApplicationFactory(language="en").user
    exporter = ResearcherApplicationFactory(language="fr").user
    viewer = ResearcherApplicationFactory().user
    elsewhere = UserFactory()
    archivist = get_user_model().objects.create_superuser("archiviste", "a@example.org", "x")
    audited(downloader, page, "media", "download")
    audited(downloader, page, "media", "download")  # twice: one e-mail
    audited(exporter, page, "transcript", "export")
    audited(viewer, page, "page", "view")  # saw it, holds no copy
    audited(elsewhere, other, "media", "download")  # another item
    audited(archivist, page, "media", "download")  # archivists know already

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(record, archivist, "asked by her")

    assert sorted(m.to[0] for m in mail.outbox) == sorted([downloader.email, exporter.email])
    for message in mail.outbox:
        text = message.subject + message.body
        assert str(page.translation_key) in text
        assert "Mariam" not in text and record.given_by not in text
    english = next(m for m in mail.outbox if m.to == [downloader.email])
    assert "delete your copies" in english.subject
    french = next(m for m in mail.outbox if m.to == [exporter.email])
    assert "supprimer vos copies" in french.subject

    verified_staff_login(client, archivist)
    history = client.get(f"/admin/snippets/archive/consentrecord/history/{record.pk}/")
    assert history.status_code == 200
    body = history.content.decode()
    assert downloader.username in body and exporter.username in body
    assert viewer.username not in body


@pytest.mark.django_db
def test_no_one_is_told_when_consent_is_only_edited(django_capture_on_commit_callbacks):
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    page = TestimonyPageFactory(parent=index)
    downloader = ResearcherApplicationFactory().user
    audited(downloader, page, "media", "download")
    record = ConsentRecord.objects.get(item_key=page.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        record.notes = "Relu avec elle."
        record.save()
    assert mail.outbox == []
