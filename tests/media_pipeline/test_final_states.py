"""Every job ends READY, REJECTED or FAILED, whatever raises on the way; a FAILED one is retried.

A failure is injected at each step of processing (fetching the original, the gate, the plan,
ffmpeg, finishing the playlists, the leak check, storing) and the final state is checked: no
media left "processing", no rendition left "running", a reason in the reader's language and the
technical detail kept for the log.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from media_pipeline.admin_views import may_retry
from media_pipeline.ffmpeg_run import EncodeError
from media_pipeline.models import Media, Rendition
from media_pipeline.outputs import StorageUnavailable
from media_pipeline.processing import process
from tests.factories import BareMediaFactory, MediaFactory, verified_staff_login


def fails_with(error: Exception):
    def fail(*args, **kwargs):
        raise error

    return fail


def assert_failed(media: Media, code: str) -> None:
    media.refresh_from_db()
    assert (media.processing_status, media.processing_code) == (Media.Processing.FAILED, code)
    assert media.processing_detail  # kept for the log
    assert not media.renditions.filter(
        status__in=[Rendition.Status.RUNNING, Rendition.Status.QUEUED]).exists()
    assert may_retry(media)
    with translation.override("en"):
        english = media.processing_message
    with translation.override("fr"):
        french = media.processing_message
    assert english and french and english != french
    assert media.processing_detail not in english


# (where, what it raises, the code the media fails with)
STEPS = [
    ("media_pipeline.processing.fetch_original", FileNotFoundError("originals/x.mp4"),
     "original-missing"),
    ("media_pipeline.processing.inspect_media", ValueError("PyAV said something odd"),
     "internal"),
    ("media_pipeline.processing.plan", ZeroDivisionError("division by zero"), "internal"),
    ("media_pipeline.encode.run_ffmpeg", EncodeError("encoding failed: exit 1", "Conversion "
                                                     "failed!"), "encode-failed"),
    ("media_pipeline.encode.playlists.write_lowest_variant",
     ValueError("master.m3u8 lists no variant"), "internal"),
    ("media_pipeline.encode.leaks.find_leaks", None, "metadata-leak"),
    ("media_pipeline.processing.Rendition.save", RuntimeError("database went away"),
     "internal"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "error", "code"), STEPS, ids=[s[0] for s in STEPS])
def test_a_failure_at_any_step_ends_failed_and_retryable(monkeypatch, target, error, code):
    media = MediaFactory()
    if error is None:
        monkeypatch.setattr(target, lambda *args, **kwargs: ["title: KAFAMUYA-SECRET"])
    else:
        monkeypatch.setattr(target, fails_with(error))
    assert process(media.pk) == Media.Processing.FAILED
    assert_failed(media, code)


@pytest.mark.django_db
def test_ffmpeg_stopped_on_its_time_limit_fails_with_the_limit_in_the_message(monkeypatch):
    media = MediaFactory(type="audio")
    monkeypatch.setattr("media_pipeline.encode.default_timeout", lambda plan: 0.01)
    assert process(media.pk) == Media.Processing.FAILED
    assert_failed(media, "encode-timeout")
    with translation.override("en"):
        assert "took longer than 0:00:00" in media.processing_message


@pytest.mark.django_db
def test_a_storage_outage_while_storing_ends_failed_and_leaves_no_file(monkeypatch):
    media = MediaFactory(type="audio")
    monkeypatch.setattr("media_pipeline.outputs.File",
                        fails_with(ConnectionError("store went away")))
    with pytest.raises(StorageUnavailable):
        process(media.pk)  # raised again, so that the task schedules a retry
    assert_failed(media, "storage-unavailable")
    private = storages["private"]
    assert not any(private.exists(name) for row in media.renditions.all() for name in row.files)


@pytest.mark.django_db
def test_a_failed_media_is_processed_again_on_retry(monkeypatch):
    media = MediaFactory(type="audio")
    with monkeypatch.context() as patched:
        patched.setattr("media_pipeline.encode.run_ffmpeg", fails_with(EncodeError("boom")))
        assert process(media.pk) == Media.Processing.FAILED
    assert process(media.pk) == Media.Processing.READY
    media.refresh_from_db()
    assert (media.processing_code, media.processing_detail, media.processing_message) == (
        "", "", "")
    assert set(media.renditions.values_list("status", flat=True)) == {Rendition.Status.READY}
    assert media.processing_attempts == 2


@pytest.mark.django_db
def test_a_malformed_redaction_that_reaches_processing_fails_it_retryably():
    media = MediaFactory(type="audio")
    # Written past the form (its validator refuses it), as an old row or a script might.
    Media.objects.filter(pk=media.pk).update(redactions=[{"start": 5, "end": 2}])
    with translation.override("en"):  # the worker's language, for the log's detail
        assert process(media.pk) == Media.Processing.FAILED
    assert_failed(media, "invalid-redactions")
    assert "end (2.0 s) must come after its start (5.0 s)" in media.processing_detail
    Media.objects.filter(pk=media.pk).update(redactions=[{"start": 0.2, "end": 0.4}])
    assert process(media.pk) == Media.Processing.READY


@pytest.mark.django_db
@pytest.mark.parametrize(("redactions", "message"), [
    ('[{"start": 5, "end": 2}]', "Redaction 1: its end (2.0 s) must come after its start (5.0 s)."),
    ('[{"start": 1, "end": 2}, {"start": 3}]', "Redaction 2: each range needs a start and an end"),
    ('[{"start": 1, "end": 2, "mode": "loud"}]', "the mode must be “mute” or “bleep”"),
    ('[{"start": "soon", "end": 2}]', "must be numbers of seconds"),
    ('{"start": 1, "end": 2}', "Redactions are a list of ranges"),
])
def test_the_media_form_refuses_a_malformed_redaction_with_a_clear_message(
    client, django_user_model, redactions, message
):
    user = django_user_model.objects.create_superuser("archivist", "a@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    verified_staff_login(client, user)
    media = BareMediaFactory()
    response = client.post(reverse("wagtailmedia:edit", args=[media.pk]), {
        "title": media.title, "collection": Collection.get_first_root_node().pk,
        "duration": 4, "voice_pitch_semitones": 0, "redactions": redactions,
    })
    assert response.status_code == 200  # the form again, not a redirect
    errors = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert message in errors
    media.refresh_from_db()
    assert media.redactions == []
