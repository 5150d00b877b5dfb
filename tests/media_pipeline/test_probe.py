"""probe: PyAV in a limited child, with the demuxer forced; first frames decoded."""

import os

import pytest

from media_pipeline.errors import RejectedMedia
from media_pipeline.probe import ProbeError, probe

from .media_files import rotated


def test_without_a_format_the_sniffed_demuxer_is_forced(media):
    result = probe(media.mp4)
    assert result.format_name == "mov"
    assert result.duration == pytest.approx(1, abs=0.1)
    assert (result.video.codec, result.video.width, result.video.height) == ("h264", 320, 180)
    audio = result.audio
    assert (audio.codec, audio.sample_rate, audio.channels) == ("aac", 44100, 1)


def test_codec_names_are_codecs_not_decoders(media):
    assert probe(media.mp3, "mp3").audio.codec == "mp3"  # the decoder is called mp3float


def test_a_forced_demuxer_that_does_not_fit_fails(media):
    with pytest.raises(ProbeError, match="could not be read"):
        probe(media.mp3, "mov")


def test_an_unsniffable_file_is_refused_before_the_child_runs(tmp_path):
    playlist = tmp_path / "upload.mp4"
    playlist.write_text("#EXTM3U\n#EXTINF:1,\nother.ts\n")
    with pytest.raises(RejectedMedia):
        probe(playlist)


@pytest.mark.parametrize(("written", "read"), [(90, 90), (180, 180), (-90, 270)])
def test_display_rotation(media, tmp_path, written, read):
    result = probe(rotated(media.tiny_mp4, tmp_path / "phone.mp4", written))
    assert result.video.rotation == read
    assert (result.video.width, result.video.height) == (160, 90)  # coded size is unchanged


def test_cover_art_is_not_the_main_video(media):
    result = probe(media.mp3_with_cover)
    assert result.video is None
    assert result.audio.index == 0
    cover = next(s for s in result.streams if s.kind == "video")
    assert cover.attached_pic
    assert cover.codec == "mjpeg"


def test_garbage_after_a_valid_looking_header_is_unreadable(tmp_path):
    path = tmp_path / "garbage.mp4"
    path.write_bytes(b"\x00\x00\x00\x10ftypisom\x00\x00\x00\x00" + os.urandom(20_000))
    with pytest.raises(ProbeError):
        probe(path, "mov")


@pytest.mark.parametrize("demuxer", ["hls", "concat", "dash", "image2"])
def test_only_accepted_demuxers_can_be_forced(media, demuxer):
    with pytest.raises(ProbeError, match="not a valid Family"):
        probe(media.mp4, demuxer)
