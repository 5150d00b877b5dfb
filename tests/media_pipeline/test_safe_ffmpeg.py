"""safe_input_args and run_ffmpeg: every option is accepted by ffmpeg 9 and really enforced."""

import dataclasses

import pytest

from media_pipeline.limits import Limits
from media_pipeline.probe import probe
from media_pipeline.safe_ffmpeg import (
    FFmpegFailed,
    map_args,
    run_ffmpeg,
    safe_input_args,
)
from media_pipeline.validate import inspect_media


def test_input_arguments(media):
    verdict = inspect_media(media.mp4)
    assert safe_input_args(verdict, media.mp4) == [
        "-f", "mov",
        "-format_whitelist", "mov",
        "-codec_whitelist", "h264,aac,aac_fixed",
        "-protocol_whitelist", "file",
        "-enable_drefs", "0",
        "-use_absolute_path", "0",
        "-i", f"file:{media.mp4.resolve()}",
    ]


def test_input_arguments_of_other_families(media):
    verdict = inspect_media(media.webm)
    assert safe_input_args(verdict, media.webm) == [
        "-f", "matroska",
        "-format_whitelist", "matroska",
        "-codec_whitelist", "vp9,libvpx-vp9,opus,libopus",
        "-protocol_whitelist", "file",
        "-i", f"file:{media.webm.resolve()}",
    ]


@pytest.mark.parametrize(
    "attr", ["mp4", "webm", "rotated_mp4", "m4a", "mp3_with_cover", "ogg", "wav", "flac", "aac"]
)
def test_every_accepted_file_transcodes_with_the_safe_arguments(media, tmp_path, attr):
    source = getattr(media, attr)
    verdict = inspect_media(source)
    output = tmp_path / "out.mp4"
    encode = ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-map_metadata", "-1"]
    run_ffmpeg([*safe_input_args(verdict, source), *map_args(verdict), *encode, str(output)])
    result = probe(output)
    assert (result.video is not None) == (verdict.kind == "video")
    assert result.audio is not None
    if verdict.display_size:  # ffmpeg applies the display rotation: portrait stays portrait
        assert (result.video.width, result.video.height) == verdict.display_size


def test_map_args(media):
    verdict = inspect_media(media.mp4)
    assert map_args(verdict) == ["-map", "0:0", "-map", "0:1"]
    assert map_args(verdict, video=False) == ["-map", "0:1"]
    assert map_args(verdict, audio=False) == ["-map", "0:0"]


def test_without_explicit_maps_cover_art_meets_the_codec_whitelist(media, tmp_path):
    """ffmpeg would pick the MJPEG cover as a video stream, and may not decode it."""
    verdict = inspect_media(media.mp3_with_cover)
    with pytest.raises(FFmpegFailed, match="not on whitelist"):
        run_ffmpeg([*safe_input_args(verdict, media.mp3_with_cover), str(tmp_path / "out.mp4")])


def test_codec_whitelist_is_enforced(media, tmp_path):
    lying = dataclasses.replace(inspect_media(media.m4a), audio_codec="mp3")
    with pytest.raises(FFmpegFailed, match=r"Codec \(aac\) not on whitelist"):
        run_ffmpeg([*safe_input_args(lying, media.m4a), str(tmp_path / "out.wav")])


def test_forced_demuxer_is_enforced(media, tmp_path):
    lying = dataclasses.replace(inspect_media(media.webm), input_format="mov")
    with pytest.raises(FFmpegFailed):
        run_ffmpeg([*safe_input_args(lying, media.webm), str(tmp_path / "out.wav")])


@pytest.mark.parametrize(
    "change",
    [
        {"input_format": "hls"},
        {"input_format": "concat"},
        {"video_codec": "theora"},
        {"video_codec": None, "audio_codec": None},
    ],
)
def test_a_tampered_verdict_builds_no_command(media, change):
    """Verdicts travel through task arguments; what comes back is checked again."""
    tampered = dataclasses.replace(inspect_media(media.mp4), **change)
    with pytest.raises(ValueError):
        safe_input_args(tampered, media.mp4)


def test_run_ffmpeg_enforces_the_output_size_limit(media, tmp_path):
    verdict = inspect_media(media.wav)
    small = Limits(cpu_seconds=30, memory_bytes=2 * 1024**3, wall_seconds=30, file_bytes=10_000)
    with pytest.raises(FFmpegFailed, match="file size limit"):
        run_ffmpeg([*safe_input_args(verdict, media.wav), "-c:a", "pcm_s32le",
                    str(tmp_path / "big.wav")], small)


@pytest.mark.parametrize(
    ("options", "target", "error"),
    [
        (["-f", "mov", "-format_whitelist", "matroska"], "file:{mp4}", "Format not on whitelist"),
        (["-format_whitelist", "mov"], "file:{m3u8}", "Format not on whitelist"),
        (["-codec_whitelist", "aac"], "file:{mp4}", "Codec (h264) not on whitelist"),
        (["-protocol_whitelist", "file"], "http://127.0.0.1:9/x.mp4", "not on whitelist"),
    ],
    ids=["format-forced", "format-detected", "codec", "protocol"],
)
def test_ffmpeg_9_enforces_each_input_whitelist(media, tmp_path, options, target, error):
    """What safe_input_args relies on, one option at a time, on the bundled ffmpeg."""
    playlist = tmp_path / "list.m3u8"
    playlist.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n{media.mp4}\n")
    source = target.format(mp4=media.mp4, m3u8=playlist)
    with pytest.raises(FFmpegFailed) as caught:
        run_ffmpeg([*options, "-i", source, "-f", "null", "-"])
    assert error in str(caught.value)
