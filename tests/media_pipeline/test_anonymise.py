"""Anonymisation, measured on the outputs: pitch, silence, bleep, blur."""

import pytest
from PIL import Image

from media_pipeline.anonymise import (
    BLEEP_HZ,
    Anonymisation,
    PitchMethod,
    Redaction,
    RedactionMode,
    audio_filters,
    video_filters,
)
from media_pipeline.generate import make_audio, make_video
from media_pipeline.profiles import SourceInfo
from tests.media_pipeline import measure

TONE_HZ = 440
QUIET = 0.002  # RMS of silence after AAC: its noise floor, far below the tone's ~0.09
AUDIBLE = 0.05


@pytest.fixture(scope="module")
def tone(sources):
    return make_audio(sources / "tone440.m4a", seconds=3, tone_hz=TONE_HZ)


@pytest.fixture(scope="module")
def encode_tone(tone, run_encode):
    def run(anonymisation: Anonymisation):
        encoded = run_encode(tone, SourceInfo(kind="audio", duration=3), anonymisation)
        return measure.pcm(encoded.main("audio"))

    return run


@pytest.fixture(scope="module")
def unaltered(encode_tone):
    return encode_tone(Anonymisation())


def test_without_anonymisation_the_tone_is_kept(unaltered):
    assert measure.frequency(unaltered, 0.5, 2.5) == pytest.approx(TONE_HZ, rel=0.005)
    assert measure.rms(unaltered, 1.1, 1.9) > AUDIBLE


@pytest.mark.parametrize("method", list(PitchMethod))
@pytest.mark.parametrize("semitones", [4, -4])
def test_pitch_shift_moves_the_voice_by_the_semitones_asked(encode_tone, method, semitones):
    shifted = encode_tone(Anonymisation(pitch_semitones=semitones, pitch_method=method))
    expected = TONE_HZ * 2 ** (semitones / 12)  # 554 Hz up, 349 Hz down
    assert measure.frequency(shifted, 0.5, 2.5) == pytest.approx(expected, rel=0.01)
    assert len(shifted) / measure.ANALYSIS_RATE == pytest.approx(3, abs=0.05)  # same length


def test_a_muted_range_is_silent_and_the_rest_is_not(encode_tone):
    muted = encode_tone(Anonymisation(redactions=(Redaction(1.0, 2.0),)))
    assert measure.rms(muted, 1.02, 1.98) < QUIET
    assert measure.rms(muted, 0.2, 0.95) > AUDIBLE
    assert measure.rms(muted, 2.05, 2.8) > AUDIBLE


def test_a_bleeped_range_is_replaced_by_the_bleep_tone(encode_tone):
    bleeped = encode_tone(Anonymisation(redactions=(Redaction(1.0, 2.0, RedactionMode.BLEEP),)))
    assert measure.frequency(bleeped, 1.05, 1.95) == pytest.approx(BLEEP_HZ, rel=0.005)
    assert measure.frequency(bleeped, 0.2, 0.95) == pytest.approx(TONE_HZ, rel=0.005)
    assert measure.frequency(bleeped, 2.05, 2.8) == pytest.approx(TONE_HZ, rel=0.005)


def test_ranges_stay_silent_under_a_pitch_shift_and_several_ranges_apply(encode_tone):
    anonymisation = Anonymisation(pitch_semitones=-3, redactions=(
        Redaction(0.5, 1.0), Redaction(2.0, 2.5, RedactionMode.BLEEP)))
    altered = encode_tone(anonymisation)
    assert measure.rms(altered, 0.55, 0.95) < QUIET
    assert measure.frequency(altered, 2.05, 2.45) == pytest.approx(BLEEP_HZ, rel=0.005)
    assert measure.frequency(altered, 1.1, 1.9) == pytest.approx(TONE_HZ * 2 ** (-3 / 12),
                                                                 rel=0.01)


@pytest.fixture(scope="module")
def picture(sources):
    return make_video(sources / "detail.mp4", seconds=2, width=640, height=360)


def test_blur_removes_the_detail_from_every_picture_and_redaction_reaches_every_sound(
    picture, run_encode, tmp_path
):
    info = SourceInfo(kind="video", duration=2, width=640, height=360)
    sharp = run_encode(picture, info)
    blurred = run_encode(picture, info, Anonymisation(blur=True, redactions=(Redaction(0.5, 1.5),)))
    pictures = [
        (measure.gray_frame(sharp.main("download"), 1.0),
         measure.gray_frame(blurred.main("download"), 1.0)),
        (Image.open(sharp.main("poster")).convert("L"),
         Image.open(blurred.main("poster")).convert("L")),
        (measure.gray_frame(measure.joined_hls(sharp.files("144p"), tmp_path / "a.mp4"), 1.0),
         measure.gray_frame(measure.joined_hls(blurred.files("144p"), tmp_path / "b.mp4"), 1.0)),
    ]
    for before, after in pictures:
        assert measure.detail(after) < measure.detail(before) / 5
    # The HLS audio and the download's audio come from the same redacted sound.
    for path in (blurred.main("download"), blurred.main("audio")):
        sound = measure.pcm(path)
        assert measure.rms(sound, 0.55, 1.45) < QUIET
        assert measure.rms(sound, 1.55, 1.95) > AUDIBLE


def test_filters_are_empty_when_nothing_is_asked():
    assert video_filters(Anonymisation(), 720) == []
    assert audio_filters(Anonymisation(), 24_000) == []


def test_blur_strength_scales_with_the_picture():
    assert video_filters(Anonymisation(blur=True), 720) == ["gblur=sigma=36.00:steps=3"]
    assert video_filters(Anonymisation(blur=True), 144) == ["gblur=sigma=7.20:steps=3"]


@pytest.mark.parametrize("bad", [
    lambda: Anonymisation(pitch_semitones=13),
    lambda: Anonymisation(blur=True, blur_strength=0),
    lambda: Redaction(2, 1),
    lambda: Redaction(-1, 1),
])
def test_impossible_requests_are_refused(bad):
    with pytest.raises(ValueError):
        bad()
