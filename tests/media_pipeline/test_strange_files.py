"""The short, the still and the strange, through the whole pipeline with real ffmpeg: each file
ends in its expected final state, with its reason in French and in English."""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import translation

from media_pipeline.models import Media, Rendition
from media_pipeline.processing import process
from tests.factories import MediaFactory

from . import strange_files


def processed(path: Path, kind: str = "video") -> Media:
    media = MediaFactory(type=kind)
    media.file.save(path.name, ContentFile(path.read_bytes()))
    process(media.pk)
    media.refresh_from_db()
    assert not media.renditions.filter(
        status__in=[Rendition.Status.RUNNING, Rendition.Status.QUEUED]).exists()
    return media


def reasons(media: Media) -> tuple[str, str]:
    with translation.override("fr"):
        french = media.processing_message
    with translation.override("en"):
        english = media.processing_message
    return french, english


REJECTED: list[tuple[str, Callable[[Path], Path], str, str, str]] = [
    ("a third of a second", strange_files.short_clip, "too-short",
     "Cette vidéo est trop courte", "This video is too short"),
    ("a single frame", strange_files.one_frame, "too-short",
     "Cette vidéo est trop courte", "This video is too short"),
    ("squeezed timestamps", strange_files.squeezed, "too-short",
     "Cette vidéo est trop courte", "This video is too short"),
    ("text appended", strange_files.with_appended_text, "trailing-data",
     "suivi de données qui ne lui appartiennent pas", "followed by data that does not belong"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "code", "french", "english"), REJECTED,
                         ids=[case[0] for case in REJECTED])
def test_a_file_that_cannot_be_played_is_rejected_with_a_reason_that_says_why(
    tmp_path, name, make, code, french, english
):
    media = processed(make(tmp_path))
    assert (media.processing_status, media.processing_code) == (Media.Processing.REJECTED, code)
    assert not media.renditions.exists()
    in_french, in_english = reasons(media)
    assert french in in_french and english in in_english
    assert "incomplet" not in in_french and "incomplete" not in in_english


@pytest.mark.django_db
def test_a_still_picture_over_sound_becomes_a_sound_recording(tmp_path):
    media = processed(strange_files.still_over_sound(tmp_path, seconds=3))
    assert media.processing_status == Media.Processing.READY
    assert media.type == "audio"
    assert set(media.renditions.values_list("profile", flat=True)) == {"audio", "waveform"}
    assert media.duration == pytest.approx(3, abs=0.1)


@pytest.mark.django_db
def test_a_latin1_title_tag_is_ignored_not_fatal(tmp_path):
    media = processed(strange_files.latin1_title(tmp_path), kind="audio")
    assert media.processing_status == Media.Processing.READY, media.processing_detail
    assert media.processing_code == ""


@pytest.mark.django_db
@pytest.mark.parametrize("scale", [0, 1])
def test_a_track_time_scale_of_0_or_1_ends_failed_and_retryable_never_processing(tmp_path,
                                                                               scale):
    media = processed(strange_files.with_time_scale(tmp_path, scale))
    assert (media.processing_status, media.processing_code) == (
        Media.Processing.FAILED, "encode-failed")
    in_french, in_english = reasons(media)
    assert in_french.startswith("La fabrication des versions")
    assert in_english.startswith("Making the versions")
    assert "no packets" in media.processing_detail  # ffmpeg's words, for the log only


@pytest.mark.django_db
def test_sparse_timestamps_are_encoded_over_the_time_they_claim(tmp_path):
    media = processed(strange_files.sparse(tmp_path, gap_seconds=20, frames=4))
    assert media.processing_status == Media.Processing.READY, media.processing_detail
    assert media.duration == pytest.approx(60, abs=1)
