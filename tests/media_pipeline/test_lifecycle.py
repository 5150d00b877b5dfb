"""A media's files live and die with it: deleting it deletes every file it owns once the
deletion commits (local store and S3), and a stored file gone missing answers 404, logged."""

import logging

import pytest
from django.core.files.storage import storages
from django.db import transaction
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse

from media_pipeline.models import Media
from media_pipeline.processing import process
from media_pipeline.serving import stream_file
from tests.factories import MediaFactory, verified_staff_login


def owned_files(media: Media) -> list[str]:
    names = [media.file.name]
    for files in media.renditions.values_list("files", flat=True):
        names += files
    return names


@pytest.mark.django_db
def test_deleting_a_media_deletes_every_file_it_owns_after_commit(
    django_capture_on_commit_callbacks
):
    media = MediaFactory()
    assert process(media.pk) == Media.Processing.READY
    names = owned_files(media)
    assert len(names) > 10  # the original, HLS playlists and segments, MP4, posters...
    private = storages["private"]
    with django_capture_on_commit_callbacks() as callbacks:
        media.delete()
    assert all(private.exists(name) for name in names)  # nothing gone before the commit
    for callback in callbacks:
        callback()
    assert not any(private.exists(name) for name in names)


@pytest.mark.django_db
def test_a_deletion_rolled_back_keeps_every_file(django_capture_on_commit_callbacks):
    media = MediaFactory(type="audio")
    process(media.pk)
    names, pk = owned_files(media), media.pk
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), \
            transaction.atomic():
        media.delete()
        raise RuntimeError("the deletion fails")
    assert all(storages["private"].exists(name) for name in names)
    assert Media.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_deleting_a_media_on_s3_deletes_its_objects(s3_storage_settings,
                                                    django_capture_on_commit_callbacks):
    media = MediaFactory(type="audio")
    assert process(media.pk) == Media.Processing.READY
    client, bucket = s3_storage_settings["client"], s3_storage_settings["private_bucket"]
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] >= 3
    with django_capture_on_commit_callbacks(execute=True):
        media.delete()
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


@pytest.mark.django_db
def test_a_stored_file_gone_missing_answers_404_and_logs_an_error(caplog):
    media = MediaFactory(type="audio")
    process(media.pk)
    name = media.renditions.get(profile="audio").main_file
    storages["private"].delete(name)
    with caplog.at_level(logging.ERROR, logger="media_pipeline.serving"), \
            pytest.raises(Http404):
        stream_file(RequestFactory().get("/"), storages["private"], name)
    assert f"Stored file missing: {name}" in caplog.text


@pytest.mark.django_db
def test_the_admin_preview_of_a_missing_file_is_a_404_not_a_500(client, django_user_model):
    verified_staff_login(client, django_user_model.objects.create_superuser(
        "archivist", "a@example.org", "x"))
    media = MediaFactory(type="audio")
    process(media.pk)
    storages["private"].delete(media.renditions.get(profile="audio").main_file)
    response = client.get(reverse("media_pipeline_admin:rendition_file",
                                  kwargs={"media_uuid": media.uuid, "profile": "audio"}),
                          follow=True)
    assert response.status_code == 404
