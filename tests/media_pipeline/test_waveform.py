"""Waveform peaks: their format, and that they follow the sound the public hears."""

import json
from array import array

import pytest

from media_pipeline.waveform import peaks


def pcm_file(path, samples):
    path.write_bytes(array("h", samples).tobytes())
    return path


def test_peaks_are_min_max_pairs_per_bucket_in_8_bits(tmp_path):
    samples = [0, 32767, -32768, 0] * 2 + [256, -256, 0, 0]  # 12 samples
    document = peaks(pcm_file(tmp_path / "a.pcm", samples), sample_rate=4, duration=3, points=3)
    assert document["samples_per_pixel"] == 4
    assert document["length"] == 3
    assert document["data"] == [-128, 127, -128, 127, -1, 1]
    assert (document["version"], document["channels"], document["bits"]) == (2, 1, 8)


def test_peaks_never_exceed_the_points_asked(tmp_path):
    document = peaks(pcm_file(tmp_path / "b.pcm", [100] * 10_001), sample_rate=1000, duration=10,
                     points=7)
    assert document["length"] <= 8  # the last bucket holds the remainder
    assert len(document["data"]) == 2 * document["length"]


def test_the_waveform_of_an_audio_source_shows_its_tone_and_its_silence(audio_only):
    """The source is a tone for 2 s, then 1 s of silence."""
    document = json.loads(audio_only.main("waveform").read_text())
    assert document["sample_rate"] == 8000
    assert 900 <= document["length"] <= 1000
    pairs = list(zip(document["data"][::2], document["data"][1::2], strict=True))
    seconds_per_pair = document["samples_per_pixel"] / document["sample_rate"]
    assert document["length"] * seconds_per_pair == pytest.approx(3, abs=0.05)
    tone = [hi - lo for i, (lo, hi) in enumerate(pairs) if 0.2 < i * seconds_per_pair < 1.8]
    silence = [hi - lo for i, (lo, hi) in enumerate(pairs) if 2.2 < i * seconds_per_pair < 2.9]
    assert min(tone) > 20  # the tone is at 1/8 of full scale: about 32 of 256 levels
    assert max(silence) <= 2
