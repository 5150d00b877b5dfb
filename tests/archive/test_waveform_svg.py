"""The audio player's waveform, drawn on the server from the pipeline's peaks."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from archive.waveform_svg import HEIGHT, media_waveform, waveform_path
from media_pipeline.processing import process
from tests.factories import MediaFactory


def bars(path: str) -> list[tuple[int, int, int]]:
    return [tuple(map(int, m)) for m in re.findall(r"M(\d+) (\d+)V(\d+)", path)]


def test_each_bar_spans_the_loudest_peaks_of_its_share():
    peaks = {"data": [-128, 127, -10, 10, 0, 0, 0, 0]}  # four (min, max) pairs
    assert bars(waveform_path(peaks, bars=2)) == [(1, 0, HEIGHT), (3, 24, 25)]


def test_silence_is_a_line_and_there_are_never_more_bars_than_peaks():
    assert bars(waveform_path({"data": [0, 0]}, bars=120)) == [(1, 24, 25)]
    assert waveform_path({"data": []}) == ""


@pytest.mark.django_db
def test_an_audio_media_gets_its_waveform_and_a_video_none():
    cache.clear()
    audio = MediaFactory(type="audio")
    assert media_waveform(audio) is None  # not processed yet
    process(audio.pk)
    waveform = media_waveform(audio)
    assert waveform is not None and len(bars(waveform.path)) > 10
    assert media_waveform(MediaFactory()) is None


@pytest.mark.django_db
def test_the_testimony_page_draws_it_inline(client):
    from archive.models import TestimonyPage

    page = TestimonyPage.objects.get(slug="temoignage-awa", locale__language_code="fr")
    process(page.media_id)
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    svg = soup.select_one(".player svg.waveform")
    assert svg["aria-hidden"] == "true" and svg.find("path")["d"].startswith("M1 ")
    assert svg.find("use")["clip-path"] == "url(#waveform-played)"
