"""Plays, downloads, captions and transcript exports of non-public items are audited.

Renditions here are rows with small stored files (what the pipeline would leave), so the
requests a player makes can be replayed exactly: playlists, segments, byte ranges.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from archive.audit.models import AuditEntry
from archive.captions import caption_url, transcript_url
from archive.models import TestimonyIndexPage
from media_pipeline.models import Rendition
from media_pipeline.storage import private_storage
from tests.factories import (
    MediaFactory,
    ResearcherApplicationFactory,
    SegmentFactory,
    TestimonyPageFactory,
    TranscriptFactory,
)

pytestmark = pytest.mark.django_db

FILES = {
    "hls": ["master.m3u8", "360p.m3u8", "360p_001.m4s", "360p_002.m4s"],
    "download": ["download.mp4"],
    "audio": ["audio.m4a"],
    "poster": ["poster.jpg"],
}
SCOPES = {"public": "public", "researchers": "researchers", "restricted": "internal"}
KINDS = {"hls": "hls_video", "download": "progressive", "audio": "audio", "poster": "poster"}


def with_renditions(media):
    """Ready renditions of `media`, with their files stored (a kilobyte each)."""
    for profile, names in FILES.items():
        stored = [f"renditions/{media.uuid}/{name}" for name in names]
        for name in stored:
            private_storage().save(name, ContentFile(bytes(range(256)) * 4))
        Rendition.objects.create(media=media, profile=profile, kind=KINDS[profile],
                                 status=Rendition.Status.READY, files=stored)
    return media


def url(media, name):
    return f"/files/{media.uuid}/r/{name}"


def add_testimony(media, level="researchers"):
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    return TestimonyPageFactory(parent=index, media=media, access_level=level,
                                consent_scope=SCOPES[level])


@pytest.fixture
def researcher():
    return ResearcherApplicationFactory(user__username="chercheuse").user


@pytest.fixture
def closed(media_with_transcript):
    """A researchers-level testimony whose media has renditions and a French transcript."""
    return add_testimony(media_with_transcript)


@pytest.fixture
def media_with_transcript():
    transcript = TranscriptFactory(segments=2)
    return with_renditions(transcript.media)


def entries():
    return list(AuditEntry.objects.order_by("pk").values_list(
        "user__username", "item_key", "media_id", "surface", "action", "detail"))


def test_a_play_is_one_entry_whatever_the_player_fetches(client, researcher, closed):
    client.force_login(researcher)
    media = closed.media
    for name in FILES["hls"]:  # master, variant playlist, segments
        assert client.get(url(media, name)).status_code == 200
    assert client.get(url(media, "master.m3u8")).status_code == 200  # fetched again
    assert entries() == [("chercheuse", closed.translation_key, media.pk, "rendition", "play",
                          "hls")]

    AuditEntry.objects.all().delete()
    download = url(media, "download.mp4")
    assert client.get(download, HTTP_RANGE="bytes=0-1").status_code == 206  # Safari's probe
    assert client.get(download, HTTP_RANGE="bytes=0-").status_code == 206
    assert client.get(download, HTTP_RANGE="bytes=512-").status_code == 206  # seeking
    assert client.get(url(media, "poster.jpg")).status_code == 200
    assert entries() == [("chercheuse", closed.translation_key, media.pk, "rendition", "play",
                          "progressive")]


def test_a_play_after_the_window_is_a_new_entry(client, researcher, closed):
    client.force_login(researcher)
    client.get(url(closed.media, "audio.m4a"), HTTP_RANGE="bytes=0-")
    AuditEntry.objects.update(at=timezone.now() - datetime.timedelta(minutes=6))
    client.get(url(closed.media, "audio.m4a"), HTTP_RANGE="bytes=0-")
    assert [e[4:] for e in entries()] == [("play", "audio"), ("play", "audio")]


def test_each_download_is_an_entry(client, researcher, closed):
    client.force_login(researcher)
    for name in ("download.mp4", "download.mp4", "audio.m4a"):
        assert client.get(url(closed.media, name)).status_code == 200
    assert [e[3:] for e in entries()] == [("rendition", "download", "progressive"),
                                           ("rendition", "download", "progressive"),
                                           ("rendition", "download", "audio")]
    assert {e[1] for e in entries()} == {closed.translation_key}


def test_captions_once_per_track_and_every_transcript_export(client, researcher, closed):
    client.force_login(researcher)
    media = closed.media
    for _ in range(2):
        assert client.get(caption_url(media, "fr")).status_code == 200
    for fmt in ("vtt", "srt", "txt", "json"):
        assert client.get(transcript_url(media, "fr", fmt)).status_code == 200
    assert client.get(transcript_url(media, "fr", "txt")).status_code == 200
    assert [e[3:] for e in entries()] == [
        ("captions", "view", "fr"), ("transcript", "export", "fr.vtt"),
        ("transcript", "export", "fr.srt"), ("transcript", "export", "fr.txt"),
        ("transcript", "export", "fr.json"), ("transcript", "export", "fr.txt")]
    assert {(e[0], e[1], e[2]) for e in entries()} == {
        ("chercheuse", closed.translation_key, media.pk)}


def test_a_download_of_the_original_of_a_non_public_item_is_audited(client):
    staff = get_user_model().objects.create_user("monteuse")
    staff.user_permissions.add(Permission.objects.get(codename="change_media",
                                                      content_type__app_label="media_pipeline"))
    media = MediaFactory()
    page = add_testimony(media, level="restricted")
    client.force_login(staff)
    response = client.get(media.url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert entries() == [("monteuse", page.translation_key, media.pk, "media", "download",
                          "original")]

    AuditEntry.objects.all().delete()
    public_media = MediaFactory()
    add_testimony(public_media, level="public")
    assert client.get(public_media.url).status_code == 200
    assert entries() == []


def test_public_items_leave_nothing(client, researcher, media_with_transcript):
    add_testimony(media_with_transcript, level="public")
    media = media_with_transcript
    for user in (None, researcher):
        if user is not None:
            client.force_login(user)
        client.get(url(media, "master.m3u8"))
        client.get(url(media, "download.mp4"))
        client.get(url(media, "audio.m4a"), HTTP_RANGE="bytes=0-")
        client.get(caption_url(media, "fr"))
        response = client.get(transcript_url(media, "fr", "json"))
        assert response.status_code == 200
    assert entries() == []


def test_denied_requests_leave_nothing(client, closed):
    media = closed.media
    client.force_login(get_user_model().objects.create_user("curieuse"))  # not a researcher
    for path in (url(media, "master.m3u8"), url(media, "download.mp4"),
                 caption_url(media, "fr"), transcript_url(media, "fr", "srt")):
        assert client.get(path).status_code == 404, path
    assert client.get(media.url).status_code == 403  # the original: media staff only
    assert entries() == []


def test_a_media_used_by_no_item_is_audited_without_an_item(client):
    transcript = TranscriptFactory()
    SegmentFactory(transcript=transcript)
    staff = get_user_model().objects.create_user("monteur")
    staff.user_permissions.add(Permission.objects.get(codename="change_media",
                                                      content_type__app_label="media_pipeline"))
    client.force_login(staff)
    assert client.get(caption_url(transcript.media, "fr")).status_code == 200
    assert entries() == [("monteur", None, transcript.media.pk, "captions", "view", "fr")]
