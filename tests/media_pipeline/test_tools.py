"""Which ffmpeg runs, and probing with PyAV (the bundled ffmpeg ships no ffprobe)."""

import shutil

import imageio_ffmpeg
import pytest
from django.test import override_settings

from media_pipeline.errors import RejectedMedia
from media_pipeline.generate import make_audio, make_video
from media_pipeline.probe import probe
from media_pipeline.tools import FFmpegNotFound, ffmpeg_binary


def test_bundled_ffmpeg_is_used_when_none_is_configured():
    with override_settings(FFMPEG_BINARY=""):
        assert ffmpeg_binary() == imageio_ffmpeg.get_ffmpeg_exe()


def test_configured_ffmpeg_must_exist():
    with override_settings(FFMPEG_BINARY="/nowhere/ffmpeg"), pytest.raises(FFmpegNotFound):
        ffmpeg_binary()


def test_configured_ffmpeg_is_used(tmp_path):
    link = tmp_path / "ffmpeg"
    link.symlink_to(imageio_ffmpeg.get_ffmpeg_exe())
    with override_settings(FFMPEG_BINARY=str(link)):
        assert ffmpeg_binary() == shutil.which(str(link))


def test_probe_reads_a_video(tmp_path):
    info = probe(make_video(tmp_path / "v.mp4", seconds=1, width=160, height=90))
    assert info.video.width == 160 and info.video.height == 90
    assert info.audio.codec == "aac"
    assert info.duration == pytest.approx(1, abs=0.2)


def test_probe_reads_audio(tmp_path):
    info = probe(make_audio(tmp_path / "a.m4a", seconds=1))
    assert info.video is None
    assert info.audio.channels == 1


def test_probe_refuses_what_is_not_media(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video")
    with pytest.raises(RejectedMedia) as refusal:
        probe(text)
    assert refusal.value.code == "text"
