"""Renditions are served only through the checked view: policy first, then bytes or a redirect."""

from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import TestimonyIndexPage
from media_pipeline.models import Rendition
from media_pipeline.processing import process
from tests.factories import MediaFactory, ResearcherApplicationFactory, TestimonyPageFactory


@pytest.fixture
def processed_video(db):
    media = MediaFactory()
    process(media.pk)
    return media


def publish_testimony_with(media, live=True):
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    page = TestimonyPageFactory(parent=index, media=media, live=live)
    return page


def row(media, profile) -> Rendition:
    return media.renditions.get(profile=profile)


def test_public_media_plays_through_the_view(client, processed_video):
    publish_testimony_with(processed_video)
    master = row(processed_video, "hls")
    response = client.get(master.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.apple.mpegurl"
    playlist_name = next(line for line in b"".join(response.streaming_content).decode().split()
                         if line.endswith(".m3u8"))
    base = master.url.rsplit("/", 1)[0]
    rung = client.get(f"{base}/{playlist_name}")
    assert rung.status_code == 200
    segment = next(line for line in b"".join(rung.streaming_content).decode().split()
                   if line.endswith(".m4s"))
    assert client.get(f"{base}/{segment}").status_code == 200


def test_byte_ranges_for_seeking(client, processed_video):
    publish_testimony_with(processed_video)
    download = row(processed_video, "download")
    whole = b"".join(client.get(download.url).streaming_content)
    response = client.get(download.url, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert b"".join(response.streaming_content) == whole[100:200]
    tail = client.get(download.url, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == whole[-10:]
    assert client.get(download.url, HTTP_RANGE=f"bytes={len(whole)}-").status_code == 416


def test_media_of_an_unpublished_page_is_not_found(client, processed_video):
    publish_testimony_with(processed_video, live=False)
    for rendition in processed_video.renditions.all():
        assert client.get(rendition.url).status_code == 404


def test_media_used_by_no_page_is_not_found(client, processed_video):
    assert client.get(row(processed_video, "download").url).status_code == 404


def test_unknown_file_of_a_public_media_is_not_found(client, processed_video):
    publish_testimony_with(processed_video)
    url = f"/files/{processed_video.uuid}/r/../../originals/{processed_video.uuid}.mp4"
    assert client.get(url).status_code == 404
    assert client.get(f"/files/{processed_video.uuid}/r/nothing.mp4").status_code == 404


def test_nginx_serves_the_bytes_when_configured(client, processed_video, settings):
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/_private/"
    publish_testimony_with(processed_video)
    download = row(processed_video, "download")
    response = client.get(download.url)
    assert response["X-Accel-Redirect"] == f"/_private/{download.main_file}"
    assert response.content == b""


@pytest.mark.django_db
def test_s3_segments_redirect_to_short_signed_urls(client, s3_storage_settings):
    media = MediaFactory()
    process(media.pk)
    publish_testimony_with(media)
    master = row(media, "hls")
    playlist = client.get(master.url)
    assert playlist.status_code == 200  # read here, so its segments come through the view too
    download = client.get(row(media, "download").url)
    assert download.status_code == 302
    query = parse_qs(urlsplit(download["Location"]).query)
    assert int(query["X-Amz-Expires"][0]) <= 300
    assert download["Cache-Control"] == "private, no-store"  # never replayed past its expiry
    assert playlist["Cache-Control"] == "no-cache"


def test_rendition_urls_never_point_at_storage(processed_video):
    for rendition in processed_video.renditions.all():
        assert rendition.url.startswith(f"/files/{processed_video.uuid}/r/")


def test_public_files_are_revalidated_at_every_use(client, processed_video):
    """A browser may keep a public item's files, but asks before each use: once its consent
    is withdrawn, the next use is refused."""
    page = publish_testimony_with(processed_video)
    master = row(processed_video, "hls")
    first = client.get(master.url)
    assert first["Cache-Control"] == "no-cache"
    again = client.get(master.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    page.unpublish()
    assert client.get(master.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 404


def test_files_of_a_non_public_item_are_never_stored(client, processed_video):
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    TestimonyPageFactory(parent=index, media=processed_video, access_level="researchers",
                         consent_scope="researchers")
    client.force_login(ResearcherApplicationFactory().user)
    for rendition in processed_video.renditions.ready():
        for name in rendition.files:
            response = client.get(f"/files/{processed_video.uuid}/r/"
                                  f"{name.removeprefix(f'renditions/{processed_video.uuid}/')}")
            assert response.status_code == 200, name
            assert response["Cache-Control"] == "private, no-store", name
            assert "ETag" not in response
