"""Uploading in the Wagtail admin: streamed to disk, stored under a UUID, queued for processing;
over-size files refused before anything is stored; a broken or failed upload loses nothing."""

import gc
import logging
import os
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.db import transaction
from django.http import UnreadablePostError
from django.test.client import encode_multipart
from django.urls import reverse
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from media_pipeline.models import Media
from media_pipeline.processing import process
from media_pipeline.tasks import process_media
from media_pipeline.uploads import MediaUploadLimitHandler, RefusedUpload
from tests.factories import MediaFactory, verified_staff_login

BOUNDARY = "UploadBoundary"


@pytest.fixture
def archivist(client, django_user_model):
    user = django_user_model.objects.create_superuser("archivist", "a@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin's messages in English
    profile.save()
    verified_staff_login(client, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the admin in English, as asserted
    return user


@pytest.fixture
def processing_on(settings):
    settings.MEDIA_PROCESS_ON_SAVE = True


def upload_data(path: Path, **fields) -> dict:
    return {"title": "Entretien", "collection": Collection.get_first_root_node().pk,
            "file": path.open("rb"), **fields}


def originals() -> set[str]:
    private = storages["private"]
    return set(private.listdir("originals")[1]) if private.exists("originals") else set()


def temporary_uploads(settings) -> list[str]:
    gc.collect()  # a failed request's traceback may still hold the spooled file
    return os.listdir(settings.FILE_UPLOAD_TEMP_DIR)


def enqueued_media(callbacks) -> list[int]:
    return [cb.args[0] for cb in callbacks if getattr(cb, "func", None) == process_media.enqueue]


@pytest.mark.django_db
def test_an_upload_is_streamed_to_disk_stored_under_a_uuid_and_queued(
    client, archivist, processing_on, settings, media, django_capture_on_commit_callbacks
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # spooled to a temporary file, not memory
    source = media.tiny_mp4
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("wagtailmedia:add", args=["video"]),
                               upload_data(source, title="Aminata T."))
    assert response.status_code == 302, response.content.decode()[:1000]

    uploaded = Media.objects.get(title="Aminata T.")
    assert uploaded.file.name == f"originals/{uploaded.uuid}.mp4"
    assert uploaded.uploaded_by_user == archivist
    with uploaded.file.open("rb") as stored:
        assert stored.read() == source.read_bytes()
    assert uploaded.processing_status == Media.Processing.PENDING
    assert enqueued_media(callbacks) == [uploaded.pk]
    assert temporary_uploads(settings) == []


@pytest.mark.django_db
def test_an_over_size_upload_is_refused_with_a_message_and_nothing_is_stored(
    client, archivist, processing_on, settings, media, django_capture_on_commit_callbacks
):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    count, stored = Media.objects.count(), originals()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("wagtailmedia:add", args=["video"]),
                               upload_data(media.tiny_mp4))

    assert response.status_code == 200
    # Spooling stopped at the limit: the form got a stand-in, not the file.
    assert isinstance(response.wsgi_request.FILES["file"], RefusedUpload)
    form = response.context["form"]
    size = media.tiny_mp4.stat().st_size
    [message] = form.errors["file"]
    assert message.startswith(f"This file is {size / 1024:.1f}\xa0KB; the archive accepts "
                              "files of up to 1000\xa0bytes. Nothing was stored.")
    assert message in response.content.decode()
    assert Media.objects.count() == count
    assert originals() == stored
    assert enqueued_media(callbacks) == []
    assert temporary_uploads(settings) == []  # the partial spool was deleted


@pytest.mark.django_db
def test_the_limit_also_holds_for_small_uploads_kept_in_memory(client, archivist, settings,
                                                                 media):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    count = Media.objects.count()
    response = client.post(reverse("wagtailmedia:add", args=["video"]),
                           upload_data(media.tiny_mp4))
    assert "the archive accepts files of up to 1000\xa0bytes" in response.content.decode()
    assert Media.objects.count() == count


@pytest.mark.django_db
def test_the_limit_is_the_media_admins_not_every_upload(rf, settings):
    """Elsewhere (documents, images) the handler passes files through untouched."""
    settings.MEDIA_MAX_UPLOAD_BYTES = 10
    handler = MediaUploadLimitHandler(rf.post("/admin/documents/multiple/add/"))
    assert handler.receive_data_chunk(b"x" * 100, 0) == b"x" * 100
    assert handler.file_complete(100) is None


class BreaksAfter:
    """A request body that stops arriving after `limit` bytes, as when a phone loses its
    connection mid-upload."""

    def __init__(self, data: bytes, limit: int) -> None:
        self.data, self.limit, self.position = data, limit, 0

    def read(self, size: int = -1) -> bytes:
        if self.position >= self.limit:
            raise OSError("connection reset by peer")
        end = self.limit if size < 0 else min(self.limit, self.position + size)
        chunk, self.position = self.data[self.position:end], end
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


@pytest.mark.django_db
def test_a_broken_upload_loses_nothing_already_stored(client, archivist, settings, media,
                                                      caplog):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    # Not logged here: pytest would keep the traceback, and with it the request's partial spool.
    caplog.set_level(logging.CRITICAL, logger="django.request")
    existing = MediaFactory()
    title, original = existing.title, existing.file.name
    with existing.file.open("rb") as stored:
        content = stored.read()
    body = encode_multipart(BOUNDARY, upload_data(media.tiny_mp4, title="Nouveau"))
    url = reverse("wagtailmedia:edit", args=[existing.pk])
    with pytest.raises(UnreadablePostError):
        client.generic("POST", url, **{
            "wsgi.input": BreaksAfter(body, len(body) // 2), "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        })

    existing.refresh_from_db()
    assert (existing.title, existing.file.name) == (title, original)
    with existing.file.open("rb") as stored:
        assert stored.read() == content
    assert temporary_uploads(settings) == []


@pytest.mark.django_db
def test_replacing_a_file_keeps_the_old_one_until_the_new_one_is_stored(
    client, archivist, processing_on, media, django_capture_on_commit_callbacks
):
    existing = MediaFactory()
    old_name = existing.file.name
    private = storages["private"]
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("wagtailmedia:edit", args=[existing.pk]),
                               upload_data(media.tiny_mp4, title=existing.title))
        assert response.status_code == 302
        assert private.exists(old_name)  # still there until the change commits
    for callback in callbacks:  # commit, without running the processing job
        if not enqueued_media([callback]):
            callback()
    existing.refresh_from_db()
    assert existing.file.name != old_name
    assert existing.file.name.startswith(f"originals/{existing.uuid}")
    assert not private.exists(old_name)
    assert private.exists(existing.file.name)
    assert enqueued_media(callbacks) == [existing.pk]  # new renditions for the new file


@pytest.mark.django_db
def test_a_replacement_that_cannot_be_stored_leaves_the_old_file(client, archivist, media,
                                                                  monkeypatch):
    existing = MediaFactory()
    old_name = existing.file.name
    private = storages["private"]

    def outage(name, content):
        raise OSError("disk full")

    monkeypatch.setattr(private, "_save", outage)
    with pytest.raises(OSError, match="disk full"), transaction.atomic():
        client.post(reverse("wagtailmedia:edit", args=[existing.pk]),
                    upload_data(media.tiny_mp4, title=existing.title))
    monkeypatch.undo()
    existing.refresh_from_db()
    assert existing.file.name == old_name
    assert private.exists(old_name)


def test_media_uploads_are_not_kept_in_memory(settings):
    assert settings.FILE_UPLOAD_HANDLERS[-1] == (
        "django.core.files.uploadhandler.TemporaryFileUploadHandler")
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 2**20


@pytest.mark.django_db
def test_a_recording_over_the_duration_limit_is_rejected_by_the_pipeline(settings):
    settings.MEDIA_MAX_DURATION_SECONDS = 0.5
    media = MediaFactory(type="audio")  # one second long
    assert process(media.pk) == Media.Processing.REJECTED
    media.refresh_from_db()
    assert media.processing_code == "too-long"
    assert media.processing_message == (
        "This recording lasts 0:00:01; the archive accepts recordings up to 0:00:00.")
    assert not media.renditions.exists()
