"""The player: the viewer's quality, chosen before anything loads, remembered on the device."""

import pytest
from bs4 import BeautifulSoup

from archive.models import TestimonyIndexPage
from archive.players import QUALITY_COOKIE
from media_pipeline.processing import process
from tests.factories import MediaFactory, TestimonyPageFactory


@pytest.fixture
def testimony(db):
    media = MediaFactory()
    process(media.pk)
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    return TestimonyPageFactory(parent=index, media=media)


def player(client, page):
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    return soup.select_one("#player"), soup


def test_low_quality_by_default_and_nothing_preloaded(client, testimony):
    element, soup = player(client, testimony)
    assert element.name == "video"
    assert element["preload"] == "none"
    sources = [(s["src"], s["type"]) for s in element.select("source")]
    assert sources[0][0].endswith("/lowest.m3u8")
    assert sources[1][1] == "video/mp4"
    assert element.get("poster", "").endswith(".webp")
    assert soup.select_one('nav.quality a[aria-current="true"]')["href"].count("quality=low")


def test_low_quality_is_the_lowest_rung_with_its_sound(client, testimony):
    """A rung's own playlist has no sound: "low" is a master playlist of that rung alone."""
    element, _ = player(client, testimony)
    playlist = b"".join(client.get(element.select_one("source")["src"]).streaming_content)
    lines = playlist.decode().splitlines()
    variants = [line for line in lines if line.startswith("#EXT-X-STREAM-INF")]
    assert len(variants) == 1 and "RESOLUTION=256x144" in variants[0]
    assert 'AUDIO="group_audio"' in variants[0]
    assert any(line.startswith("#EXT-X-MEDIA:TYPE=AUDIO") for line in lines)
    assert lines[lines.index(variants[0]) + 1] == "144p.m3u8"


def test_sound_only_and_standard(client, testimony):
    client.cookies[QUALITY_COOKIE] = "audio"
    element, _ = player(client, testimony)
    assert element.name == "audio"
    assert [s["type"] for s in element.select("source")] == ["audio/mp4"]
    client.cookies[QUALITY_COOKIE] = "standard"
    element, _ = player(client, testimony)
    assert element.select("source")[0]["src"].endswith("master.m3u8")


def test_choice_is_remembered_and_returns_to_the_page(client, testimony):
    response = client.get("/quality", {"quality": "audio", "next": testimony.url})
    assert response.status_code == 302 and response["Location"] == testimony.url
    assert response.cookies[QUALITY_COOKIE].value == "audio"
    element, _ = player(client, testimony)
    assert element.name == "audio"


def test_quality_view_never_redirects_elsewhere(client):
    response = client.get("/quality", {"quality": "low", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert QUALITY_COOKIE not in client.get("/quality", {"quality": "huge"}).cookies


def test_every_source_goes_through_the_checked_view(client, testimony):
    element, soup = player(client, testimony)
    urls = [s["src"] for s in element.select("source")] + [a["href"] for a in
                                                          soup.select(".downloads a")]
    assert urls and all(url.startswith(f"/files/{testimony.media.uuid}/r/") for url in urls)
    for url in urls:
        assert client.get(url).status_code == 200


def test_no_player_for_a_media_nobody_published(client, testimony):
    testimony.unpublish()
    other = TestimonyPageFactory(parent=testimony.get_parent(), media=None)
    element, _ = player(client, other)
    assert element is None
