"""A media from upload to stored renditions: rows keyed by profile, retries, refusals, S3."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings

from media_pipeline.models import Media, Rendition
from media_pipeline.probe import probe
from media_pipeline.processing import process
from media_pipeline.tasks import process_media
from tests.factories import MediaFactory


def stored_names(media: Media) -> set[str]:
    return {name for row in media.renditions.all() for name in row.files}


@pytest.mark.django_db
def test_a_video_gets_every_rendition_stored_privately(settings, tmp_path):
    media = MediaFactory(title="Interview")
    assert process(media.pk) == Media.Processing.READY

    media.refresh_from_db()
    rows = {row.profile: row for row in media.renditions.all()}
    assert {"hls", "144p", "audio", "download", "poster", "thumbnails"} <= set(rows), rows
    assert {(row.status, row.progress) for row in rows.values()} == {(Rendition.Status.READY, 100)}
    assert (media.width, media.height) == (320, 180)
    private = storages["private"]
    for name in stored_names(media):
        assert name.startswith(f"renditions/{media.uuid}/")
        assert private.exists(name)
        assert "Interview" not in name
    master = private.open(rows["hls"].main_file).read().decode()
    assert "144p.m3u8" in master
    local = tmp_path / "download.mp4"
    local.write_bytes(private.open(rows["download"].main_file).read())
    assert probe(local).video.height == 180  # never upscaled to 360p
    assert not any(Path(settings.MEDIA_PIPELINE_WORK_DIR).glob(f"media-{media.pk}*"))


@pytest.mark.django_db
def test_running_again_replaces_files_and_never_duplicates_rows():
    media = MediaFactory()
    process(media.pk)
    first_rows = {row.profile: row.pk for row in media.renditions.all()}
    first_files = stored_names(media)

    process(media.pk)

    assert {row.profile: row.pk for row in media.renditions.all()} == first_rows
    second_files = stored_names(media)
    assert second_files.isdisjoint(first_files)
    private = storages["private"]
    assert not any(private.exists(name) for name in first_files)
    assert all(private.exists(name) for name in second_files)


@pytest.mark.django_db
def test_audio_source_gets_audio_and_waveform():
    media = MediaFactory(type="audio")
    assert process(media.pk) == Media.Processing.READY
    profiles = set(media.renditions.values_list("profile", flat=True))
    assert profiles == {"audio", "waveform"}


@pytest.mark.django_db
def test_a_disguised_playlist_is_rejected_with_a_plain_message():
    media = MediaFactory()
    media.file.save("clip.mp4", ContentFile(b"#EXTM3U\n#EXTINF:1,\n../originals/secret.ts\n"))
    assert process(media.pk) == Media.Processing.REJECTED
    media.refresh_from_db()
    assert media.processing_code == "playlist"
    assert "playlist" in media.processing_message
    assert "Traceback" not in media.processing_message
    assert not media.renditions.exists()


@pytest.mark.django_db
def test_anonymisation_changes_queue_new_renditions(django_capture_on_commit_callbacks):
    media = MediaFactory()
    with override_settings(MEDIA_PROCESS_ON_SAVE=True):
        media = Media.objects.get(pk=media.pk)
        with django_capture_on_commit_callbacks() as callbacks:
            media.title = "New title only"
            media.save()
        assert callbacks == []
        with django_capture_on_commit_callbacks() as callbacks:
            media.blur_video = True
            media.save()
        assert len(callbacks) == 1
    media.refresh_from_db()
    assert media.processing_status == Media.Processing.PENDING


@pytest.mark.django_db
def test_media_on_s3_is_processed_into_the_private_bucket(s3_storage_settings):
    media = MediaFactory(type="audio")
    assert process(media.pk) == Media.Processing.READY
    client = s3_storage_settings["client"]
    keys = {item["Key"] for item in client.list_objects_v2(
        Bucket=s3_storage_settings["private_bucket"])["Contents"]}
    assert {f"private/{name}" for name in stored_names(media)} <= keys
    assert client.list_objects_v2(Bucket=s3_storage_settings["public_bucket"])["KeyCount"] == 0


@pytest.mark.django_db
def test_storage_outage_fails_clearly_keeps_the_original_and_schedules_a_retry(
    s3_storage_settings, settings
):
    media = MediaFactory(type="audio")
    original = media.file.name
    settings.STORAGES = {**settings.STORAGES, "private": {
        **settings.STORAGES["private"],
        "OPTIONS": {**settings.STORAGES["private"]["OPTIONS"],
                    "endpoint_url": "http://127.0.0.1:9"},  # nothing listens there
    }}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend",
                                 "QUEUES": settings.TASK_QUEUES}}
    result = process_media.enqueue(media.pk)
    with pytest.raises(Exception, match="unreachable"):
        process_media.call(media.pk)
    media.refresh_from_db()
    assert media.processing_status == Media.Processing.FAILED
    assert media.processing_code == "storage-unavailable"
    assert "unreachable" in media.processing_detail
    assert "retried automatically in 0:01:00" in media.processing_message
    retries = [r for r in process_media.get_backend().results if r.id != result.id]
    assert len(retries) == 1 and retries[0].task.run_after is not None
    # Nothing was lost: the original is still in the (real) bucket.
    client = s3_storage_settings["client"]
    client.head_object(Bucket=s3_storage_settings["private_bucket"], Key=f"private/{original}")


@pytest.mark.django_db
def test_partial_loads_of_media_do_not_recurse():
    media = MediaFactory(type="audio")
    assert Media.objects.only("title").get(pk=media.pk).title == media.title
    media.refresh_from_db(fields=["title"])
