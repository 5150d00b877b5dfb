"""The ladder: one command, one decode, and what each rendition comes out as (real encodes)."""

import itertools
from pathlib import Path

import pytest
from PIL import Image

from media_pipeline.generate import make_video
from media_pipeline.ladder import build_command
from media_pipeline.probe import probe
from media_pipeline.profiles import DEFAULT_PROFILES, SourceInfo, plan
from tests.media_pipeline import measure

HARDENED = ["-f", "mov", "-format_whitelist", "mov", "-codec_whitelist", "h264,aac",
            "-protocol_whitelist", "file", "-i", "file:/private/in.mp4"]


def command(source: SourceInfo) -> list[str]:
    return build_command(plan(source, profiles=DEFAULT_PROFILES), HARDENED, Path("/work"),
                         ffmpeg="ffmpeg")


# The command ------------------------------------------------------------------------------

def test_the_whole_ladder_is_one_process_with_one_input_decoded_once():
    args = command(SourceInfo(kind="video", duration=60, width=1280, height=720))
    assert args.count("-i") == 1
    assert args.count("-filter_complex") == 1
    graph = args[args.index("-filter_complex") + 1]
    # One split of the decoded picture and one of the sound feed every output.
    assert graph.count("[0:v:0]") == 1 and graph.count("[0:a:0]") == 1
    assert graph.startswith("[0:v:0]split=7")  # 4 rungs, download, poster, thumbnails


def test_hardened_input_options_are_used_verbatim_and_first():
    args = command(SourceInfo(kind="video", duration=60, width=640, height=360))
    start = args.index("-f")
    assert args[start:start + len(HARDENED)] == HARDENED
    assert args.index("-filter_complex") > start + len(HARDENED) - 1


@pytest.mark.parametrize("bad", [["-f", "mov"], ["-i", "a.mp4", "-i", "b.mp4"]])
def test_input_options_must_open_exactly_one_input(bad):
    source = SourceInfo(kind="video", duration=60, width=640, height=360)
    with pytest.raises(ValueError, match="exactly one input"):
        build_command(plan(source, profiles=DEFAULT_PROFILES), bad, Path("/w"), ffmpeg="ffmpeg")


def test_every_output_is_told_to_drop_metadata_chapters_and_encoder_names():
    args = command(SourceInfo(kind="video", duration=60, width=1280, height=720))
    outputs = args.count("-f") - 1  # the input's -f aside
    for option, value in [("-map_metadata", "-1"), ("-map_chapters", "-1"),
                          ("-fflags", "+bitexact"), ("-flags", "+bitexact"),
                          ("-metadata:s", "encoder=")]:
        pairs = [i for i, a in enumerate(args) if a == option and args[i + 1] == value]
        assert len(pairs) == outputs, option


def test_hls_is_fmp4_in_4_second_segments_with_a_keyframe_every_2_seconds():
    args = command(SourceInfo(kind="video", duration=60, width=1280, height=720))
    assert args[args.index("-hls_segment_type") + 1] == "fmp4"
    assert args[args.index("-hls_time") + 1] == "4"
    assert args[args.index("-force_key_frames:v") + 1] == "expr:gte(t,n_forced*2)"
    assert args[args.index("-sc_threshold:v") + 1] == "0"
    stream_map = args[args.index("-var_stream_map") + 1].split()
    assert stream_map == [
        "v:0,agroup:audio,name:144p", "v:1,agroup:audio,name:240p",
        "v:2,agroup:audio,name:360p", "v:3,agroup:audio,name:720p",
        "a:0,agroup:audio,name:audio,default:yes",
    ]


def test_a_60fps_source_is_reduced_to_30fps_and_a_25fps_one_is_left_alone():
    fast = command(SourceInfo(kind="video", duration=60, width=640, height=360, frame_rate=60))
    normal = command(SourceInfo(kind="video", duration=60, width=640, height=360, frame_rate=25))
    assert "fps=fps=30" in fast[fast.index("-filter_complex") + 1]
    assert "fps=fps=30" not in normal[normal.index("-filter_complex") + 1]


# Real encodes ---------------------------------------------------------------------------

def test_each_hls_rung_is_h264_at_its_size_with_4s_segments_and_2s_keyframes(tagged, tmp_path):
    for key, size in {"144p": (256, 144), "180p": (320, 180)}.items():
        files = tagged.files(key)
        assert measure.segment_durations(files[0]) == pytest.approx([4, 4, 1], abs=0.05)
        joined = measure.joined_hls(files, tmp_path / f"{key}.mp4")
        video = probe(joined).video
        assert (video.codec, video.width, video.height) == ("h264", *size)
        keyframes = measure.keyframe_times(joined)
        gaps = [b - a for a, b in itertools.pairwise(keyframes)]
        assert gaps == pytest.approx([2, 2, 2, 2], abs=0.01)


def test_the_master_playlist_lists_each_rung_with_the_shared_audio_group(tagged):
    master = tagged.result.master_playlist.read_text()
    assert 'TYPE=AUDIO,GROUP-ID="group_audio"' in master and 'URI="audio.m3u8"' in master
    variants = [line for line in master.splitlines() if line.startswith("#EXT-X-STREAM-INF")]
    assert len(variants) == 2
    assert all('AUDIO="group_audio"' in line and "mp4a.40.2" in line for line in variants)
    assert "RESOLUTION=256x144" in variants[0] and "RESOLUTION=320x180" in variants[1]


def test_the_lowest_rung_has_a_master_playlist_of_its_own(tagged):
    lowest = tagged.result.lowest_playlist
    assert lowest.parent == tagged.result.master_playlist.parent
    variants = [line for line in lowest.read_text().splitlines() if line.startswith("#EXT-X-")]
    assert [line.split(":")[0] for line in variants] == ["#EXT-X-VERSION", "#EXT-X-MEDIA",
                                                         "#EXT-X-STREAM-INF"]
    assert "RESOLUTION=256x144" in variants[-1]


def test_declared_bandwidth_includes_the_audio_the_player_also_downloads(tagged):
    master = tagged.result.master_playlist.read_text()
    first = next(line for line in master.splitlines() if "RESOLUTION=256x144" in line)
    declared = int(first.split("AVERAGE-BANDWIDTH=")[1].split(",")[0])
    seconds = 9
    video_bits = sum(f.stat().st_size for f in tagged.files("144p") if f.suffix == ".m4s") * 8
    audio_bits = sum(f.stat().st_size for f in tagged.files("audio") if f.suffix == ".m4s") * 8
    assert declared == pytest.approx((video_bits + audio_bits) / seconds, rel=0.01)


def test_a_small_source_is_never_upscaled(tagged):
    heights = {r.height for r in tagged.result.renditions.values() if r.height}
    assert max(heights) == 180
    assert set(tagged.result.renditions) == {
        "144p", "180p", "audio", "download", "poster", "thumbnails",
    }


def test_the_shared_audio_is_speech_sized_mono_aac(tagged, tmp_path):
    m4a = probe(tagged.main("audio"))
    assert [(s.kind, s.codec, s.channels, s.sample_rate) for s in m4a.streams] == [
        ("audio", "aac", 1, 24_000),
    ]
    joined = measure.joined_hls(tagged.files("audio"), tmp_path / "audio.mp4")
    assert probe(joined).audio.codec == "aac"
    boxes = measure.box_order(tagged.main("audio"))
    assert boxes.index("moov") < boxes.index("mdat")


def test_the_download_is_a_faststart_mp4_with_video_and_the_shared_audio(tagged):
    download = tagged.main("download")
    info = probe(download)
    assert [(s.kind, s.codec) for s in info.streams] == [("video", "h264"), ("audio", "aac")]
    assert (info.video.width, info.video.height) == (320, 180)
    assert info.duration == pytest.approx(9, abs=0.1)
    boxes = measure.box_order(download)
    assert boxes.index("moov") < boxes.index("mdat")


def test_the_poster_is_a_webp_and_a_jpeg_of_the_same_frame(tagged):
    webp, jpeg = tagged.files("poster")
    assert (webp.suffix, jpeg.suffix) == (".webp", ".jpg")
    with Image.open(webp) as a, Image.open(jpeg) as b:
        assert (a.format, b.format) == ("WEBP", "JPEG")
        assert a.size == b.size == (320, 180)
        assert measure.detail(a.convert("L")) == pytest.approx(
            measure.detail(b.convert("L")), rel=0.5)


def test_the_thumbnail_strip_holds_one_tile_a_second_up_to_ten(tagged, hd):
    strip = tagged.result.renditions["thumbnails"]
    assert strip.tiles == 9 and (strip.width, strip.height) == (160, 90)
    with Image.open(strip.files[0]) as image:
        assert image.format == "JPEG" and image.size == (9 * 160, 90)
    assert hd.result.renditions["thumbnails"].tiles == 2


def test_a_720p_source_gets_every_rung(hd, tmp_path):
    expected = {"144p": (256, 144), "240p": (426, 240), "360p": (640, 360), "720p": (1280, 720)}
    for key, size in expected.items():
        video = probe(measure.joined_hls(hd.files(key), tmp_path / f"{key}.mp4")).video
        assert (video.codec, video.width, video.height) == ("h264", *size)
    assert probe(hd.main("download")).video.height == 360
    with Image.open(hd.main("poster")) as poster:
        assert poster.size == (640, 360)


def test_portrait_video_stays_portrait(portrait, tmp_path):
    expected = {"144p": (144, 256), "240p": (240, 426), "360p": (360, 640)}
    assert {k: (r.width, r.height) for k, r in portrait.result.renditions.items()
            if k.endswith("p")} == expected
    for key, size in expected.items():
        video = probe(measure.joined_hls(portrait.files(key), tmp_path / f"{key}.mp4")).video
        assert (video.width, video.height) == size
    with Image.open(portrait.main("poster")) as poster:
        assert poster.size == (360, 640)


def test_a_phone_video_stored_sideways_comes_out_upright(sources, run_encode, tmp_path):
    path = make_video(sources / "sideways.mp4", seconds=1, width=320, height=180, rotation=90)
    told = run_encode(path, SourceInfo(kind="video", duration=1, width=320, height=180,
                                       rotation=90))
    assert probe(told.main("download")).video.width == 180
    # A caller that missed the rotation still gets an upright, unsquashed picture.
    untold = run_encode(path, SourceInfo(kind="video", duration=1, width=320, height=180))
    video = probe(untold.main("download")).video
    assert (video.width, video.height) == (180, 320)


def test_video_without_sound_gets_silent_renditions(sources, run_encode, tmp_path):
    path = make_video(sources / "mute.mp4", seconds=1, width=256, height=144, audio=None)
    encoded = run_encode(path, SourceInfo(kind="video", duration=1, width=256, height=144,
                                          has_audio=False))
    assert "audio" not in encoded.result.renditions
    assert [s.kind for s in probe(encoded.main("download")).streams] == ["video"]
    assert "TYPE=AUDIO" not in encoded.result.master_playlist.read_text()


def test_audio_source_gets_the_audio_rendition_and_waveform_peaks(audio_only):
    assert set(audio_only.result.renditions) == {"audio", "waveform"}
    assert audio_only.result.master_playlist is None
    assert audio_only.result.lowest_playlist is None
    m4a = probe(audio_only.main("audio"))
    assert [(s.kind, s.codec, s.channels) for s in m4a.streams] == [("audio", "aac", 1)]
    assert m4a.duration == pytest.approx(3, abs=0.1)
