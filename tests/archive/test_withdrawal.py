"""Withdrawal of consent: offline at the next request, then purged from storage (local and S3)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.storage import storages
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ModelLogEntry, Revision

from archive.models import ConsentRecord, TestimonyIndexPage, TestimonyPage, Transcript
from media_pipeline.models import Media
from media_pipeline.processing import process
from tests.factories import (
    MediaFactory,
    TestimonyPageFactory,
    TranscriptFactory,
    verified_staff_login,
)


def build_testimony():
    media = MediaFactory(type="audio")
    process(media.pk)
    TranscriptFactory(media=media, segments=2)
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    page = TestimonyPageFactory(parent=index, media=media, title="Témoignage de Kadi-canari",
                                slug="temoignage-de-kadi")
    return page, media


def urls_of(page, media):
    return [page.url, f"/captions/{media.uuid}/fr.vtt", f"/transcripts/{media.uuid}/fr.txt",
            *(r.url for r in media.renditions.all())]


def withdraw(client, page, django_capture_on_commit_callbacks):
    archivist = get_user_model().objects.create_superuser("archiviste", "a@example.org", "x")
    verified_staff_login(client, archivist)
    record = ConsentRecord.objects.get(item_key=page.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/consent/{record.pk}/withdraw/", {"note": "asked by her"})
    assert response.status_code == 302
    client.logout()
    return ConsentRecord.objects.get(pk=record.pk)


@pytest.mark.parametrize("store", ["local", "s3"])
@pytest.mark.django_db
def test_withdrawal_hides_everything_then_purges_it(client, store, request,
                                                    django_capture_on_commit_callbacks):
    if store == "s3":
        request.getfixturevalue("s3_storage_settings")
    page, media = build_testimony()
    urls = urls_of(page, media)
    assert all(client.get(url).status_code in (200, 302) for url in urls)  # S3: signed redirect
    stored = [name for row in media.renditions.all() for name in row.files] + [media.file.name]
    private = storages["private"]
    assert all(private.exists(name) for name in stored)

    record = withdraw(client, page, django_capture_on_commit_callbacks)

    assert record.withdrawn_at is not None and record.purged_at is not None
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    assert not any(private.exists(name) for name in stored)
    assert not Media.objects.filter(pk=media.pk).exists()
    assert not Transcript.objects.filter(media_id=media.pk).exists()
    testimony = TestimonyPage.objects.get(pk=page.pk)
    assert not testimony.live
    assert "Kadi" not in testimony.title
    assert "kadi" not in testimony.slug and "kadi" not in testimony.url_path
    assert not Redirect.objects.filter(old_path__contains="kadi").exists()
    assert not testimony.speaker.pseudonym.startswith("Locutrice")
    for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
        assert "Kadi" not in str(revision.content)
    assert ModelLogEntry.objects.filter(action="archive.withdraw_consent").exists()


@pytest.mark.django_db
def test_a_sealed_original_is_kept(client, django_capture_on_commit_callbacks):
    page, media = build_testimony()
    ConsentRecord.objects.filter(item_key=page.translation_key).update(keep_original_sealed=True)
    withdraw(client, page, django_capture_on_commit_callbacks)
    kept = Media.objects.get(pk=media.pk)
    assert storages["private"].exists(kept.file.name)
    assert not kept.renditions.exists()


@pytest.mark.django_db
def test_an_archivist_without_page_permissions_can_withdraw(client,
                                                           django_capture_on_commit_callbacks):
    """The withdrawal permission is enough: the item must not stay online for want of a
    permission to unpublish pages."""
    page, _ = build_testimony()
    record = ConsentRecord.objects.get(item_key=page.translation_key)
    archivist = get_user_model().objects.create_user("archiviste", is_staff=True)
    archivist.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "withdraw_consent"]))
    verified_staff_login(client, archivist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/consent/{record.pk}/withdraw/")
    assert response.status_code == 302
    assert response["Location"] != "/admin/"  # where the admin sends a refused request
    assert ConsentRecord.objects.get(pk=record.pk).purged_at is not None
    assert not TestimonyPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_withdrawal_needs_the_permission(client):
    page, _ = build_testimony()
    record = ConsentRecord.objects.get(item_key=page.translation_key)
    staff = get_user_model().objects.create_user("editeur", is_staff=True)
    verified_staff_login(client, staff)
    assert client.post(f"/admin/consent/{record.pk}/withdraw/").status_code in (302, 403)
    assert ConsentRecord.objects.get(pk=record.pk).withdrawn_at is None
