"""inspect_media: real uploads accepted with the right verdict; broken and hostile ones refused
with a stable code and a message an archivist understands. Playlists: test_hostile_playlists."""

import random

import pytest
from django.utils.functional import Promise

from media_pipeline.errors import RejectedMedia
from media_pipeline.validate import MediaVerdict, inspect_media

from .media_files import TONE, cut, encode, moov_at_end, pattern, piped, top_level_boxes


def refusal(path, **limits) -> RejectedMedia:
    """The refusal, after checking what every refusal must be: translatable plain words."""
    with pytest.raises(RejectedMedia) as caught:
        inspect_media(path, **limits)
    refused = caught.value
    assert isinstance(refused.message, Promise)  # lazily translated
    message = str(refused)
    assert message.endswith(".")
    for leak in (path.name, str(path.parent), "Traceback", "Error", "0x"):
        assert leak not in message
    return refused


# --- accepted -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "kind", "demuxer", "video", "audio", "size"),
    [
        ("mp4", "video", "mov", "h264", "aac", (320, 180)),
        ("tiny_mp4", "video", "mov", "h264", "aac", (160, 90)),
        ("tall_mp4", "video", "mov", "h264", "aac", (180, 320)),
        ("webm", "video", "matroska", "vp9", "opus", (160, 90)),
        ("m4a", "audio", "mov", None, "aac", None),
        ("mp3", "audio", "mp3", None, "mp3", None),
        ("ogg", "audio", "ogg", None, "vorbis", None),
        ("opus", "audio", "ogg", None, "opus", None),
        ("wav", "audio", "wav", None, "pcm_s16le", None),
        ("flac", "audio", "flac", None, "flac", None),
        ("aac", "audio", "aac", None, "aac", None),
    ],
)
def test_accepted(media, attr, kind, demuxer, video, audio, size):
    verdict = inspect_media(getattr(media, attr))
    assert (verdict.kind, verdict.input_format) == (kind, demuxer)
    assert (verdict.video_codec, verdict.audio_codec) == (video, audio)
    assert verdict.has_audio
    assert verdict.display_size == size
    assert verdict.rotation == 0
    assert verdict.duration == pytest.approx(1, abs=0.1)


def test_portrait_phone_video(media):
    verdict = inspect_media(media.rotated_mp4)
    assert (verdict.width, verdict.height, verdict.rotation) == (160, 90, 90)
    assert verdict.display_size == (90, 160)


def test_stream_indexes_skip_cover_art(media):
    verdict = inspect_media(media.mp3_with_cover)
    assert verdict == MediaVerdict(
        kind="audio", input_format="mp3", duration=verdict.duration, video_codec=None,
        audio_codec="mp3", audio_stream=0,
    )


def test_video_without_sound(tmp_path):
    verdict = inspect_media(encode(tmp_path / "silent.mp4", *pattern(), "-c:v", "libx264"))
    assert (verdict.kind, verdict.has_audio, verdict.audio_stream) == ("video", False, None)


# --- refused --------------------------------------------------------------------------------


def test_zero_byte_file(tmp_path):
    empty = tmp_path / "upload.mp4"
    empty.touch()
    assert refusal(empty).code == "empty"


def test_text_renamed_mp4(tmp_path):
    notes = tmp_path / "entretien.mp4"
    notes.write_text("Entretien du 12 mars, Sévaré. Durée : 45 minutes.\n" * 20)
    refused = refusal(notes)
    assert refused.code == "text"
    assert "text" in str(refused)


def test_mp4_cut_in_half(media, tmp_path):
    half = cut(media.mp4, tmp_path / "half.mp4", media.mp4.stat().st_size // 2)
    refused = refusal(half)
    assert refused.code == "truncated"
    assert "incomplete" in str(refused)


def test_mp4_with_its_index_at_the_end_cut_off(tmp_path):
    source = moov_at_end(tmp_path / "camera.mp4")
    moov_offset, _ = top_level_boxes(source)[b"moov"]
    assert refusal(cut(source, tmp_path / "cut.mp4", moov_offset)).code == "truncated"


def test_picture_data_destroyed(media, tmp_path):
    """Headers intact, coded pictures replaced by noise: the probe's first decode fails."""
    data = bytearray(media.mp4.read_bytes())
    offset, size = top_level_boxes(media.mp4)[b"mdat"]
    data[offset + 8:offset + size] = random.Random(3).randbytes(size - 8)
    wreck = tmp_path / "wreck.mp4"
    wreck.write_bytes(data)
    refused = refusal(wreck)
    assert refused.code == "unreadable"
    assert "damaged" in str(refused)
    assert refused.detail  # the technical reason is kept for the logs


def test_absurd_dimensions(tmp_path):
    strip = encode(
        tmp_path / "strip.mp4", "-f", "lavfi", "-i", "color=blue:size=8208x16:rate=5:duration=0.4",
        "-c:v", "libx264", "-preset", "ultrafast",
    )
    refused = refusal(strip)
    assert refused.code == "absurd-dimensions"
    assert "8208×16" in str(refused)


def test_more_pixels_than_allowed(media):
    refused = refusal(media.mp4, max_pixels=320 * 180 - 1)
    assert refused.code == "absurd-dimensions"
    assert "320×180" in str(refused)


@pytest.mark.parametrize(
    ("name", "args", "codec"),
    [
        ("old.ogv", [*pattern(), *TONE, "-c:v", "libtheora", "-c:a", "libvorbis"], "theora"),
        ("dvd.mp4", [*pattern(), *TONE, "-c:v", "mpeg2video", "-c:a", "aac"], "mpeg2video"),
        ("adpcm.wav", [*TONE, "-c:a", "adpcm_ima_wav"], "adpcm_ima_wav"),
    ],
)
def test_unsupported_codec(tmp_path, name, args, codec):
    refused = refusal(encode(tmp_path / name, *args))
    assert refused.code == "unsupported-codec"
    assert f"“{codec}”" in str(refused)
    assert "MP4 (H.264 and AAC)" in str(refused)  # what to do about it


def test_over_long(media):
    refused = refusal(media.m4a, max_duration_s=0.5)
    assert refused.code == "too-long"
    assert "0:00:01" in str(refused)


def test_too_large(media):
    refused = refusal(media.m4a, max_bytes=1000)
    assert refused.code == "too-large"
    assert "1000" in str(refused).replace("\xa0", "")  # "1000 bytes" in the limit


def test_neither_sound_nor_pictures(tmp_path):
    subtitles = tmp_path / "sous-titres.srt"
    subtitles.write_text("1\n00:00:00,000 --> 00:00:01,000\nBonjour\n")
    refused = refusal(encode(tmp_path / "subtitles.mkv", "-i", str(subtitles)))
    assert refused.code == "no-media"


def test_no_duration(tmp_path):
    """Matroska written to a pipe, as live recorders do: no duration in the file."""
    live = piped(tmp_path / "live.webm", *pattern(), "-c:v", "libvpx", "-deadline", "realtime")
    assert refusal(live).code == "no-duration"

