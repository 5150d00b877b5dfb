"""Running the ladder: progress, failures, time limit, the leak check, nothing left behind."""

import os
from pathlib import Path

import pytest

from media_pipeline import playlists
from media_pipeline.encode import MetadataLeak, encode
from media_pipeline.ffmpeg_run import EncodeError, EncodeTimeout
from media_pipeline.generate import make_video
from media_pipeline.leaks import find_leaks
from media_pipeline.profiles import SourceInfo, plan
from tests.media_pipeline.conftest import mov_input

SMALL = SourceInfo(kind="video", duration=1, width=256, height=144)


@pytest.fixture(scope="module")
def small_source(sources):
    return make_video(sources / "small.mp4", seconds=1, width=256, height=144)


def test_progress_rises_and_ends_at_100(tagged):
    progress = tagged.progress
    assert len(progress) >= 2
    assert progress == sorted(progress)
    assert progress[-1] == 100.0
    assert all(0 < p < 100 for p in progress[:-1])


def test_the_result_lists_every_file_written_and_nothing_else_is_left(tagged):
    listed = {p for r in tagged.result.renditions.values() for p in r.files}
    listed |= {tagged.result.master_playlist, tagged.result.lowest_playlist}
    assert listed == set(tagged.all_files)
    assert not [p for p in tagged.output_dir.iterdir() if p.name.startswith(".")]


def test_hls_files_stay_together_beside_their_playlists(tagged):
    master = tagged.result.master_playlist
    for key in ("144p", "180p", "audio"):
        playlist = next(f for f in tagged.files(key) if f.suffix == ".m3u8")
        assert playlist.parent == master.parent
        assert playlist.name in master.read_text()
        for line in playlist.read_text().splitlines():
            if line and not line.startswith("#"):
                assert (playlist.parent / line).is_file()


def test_a_file_that_is_not_media_fails_with_a_short_message_and_leaves_nothing(tmp_path):
    fake = tmp_path / "fake.mp4"
    fake.write_text("this is not a video\n" * 100)
    output_dir = tmp_path / "out"
    with pytest.raises(EncodeError) as failure:
        encode(plan(SMALL), mov_input(fake), output_dir)
    message = str(failure.value)
    assert message.startswith("encoding failed: ") and "\n" not in message and len(message) < 250
    assert "Invalid data" in failure.value.stderr_tail
    assert list(output_dir.iterdir()) == []


def test_an_encode_past_its_time_limit_is_stopped(tmp_path):
    fifo = tmp_path / "never-written.mp4"
    os.mkfifo(fifo)  # ffmpeg waits forever for a writer: only the time limit can end it
    output_dir = tmp_path / "out"
    with pytest.raises(EncodeTimeout, match="longer than 1 s"):
        encode(plan(SMALL), mov_input(fifo), output_dir, timeout=1)
    assert list(output_dir.iterdir()) == []


def test_a_leak_found_after_encoding_stops_publication(small_source, tmp_path):
    """MP4 names its tracks "VideoHandler": a source value equal to it must be caught."""
    info = SourceInfo(kind="video", duration=1, width=256, height=144,
                      private_values=("VideoHandler",))
    output_dir = tmp_path / "out"
    with pytest.raises(MetadataLeak, match="a value from the source's metadata") as failure:
        encode(plan(info), mov_input(small_source), output_dir)
    assert "VideoHandler" not in str(failure.value)  # the message never repeats the value
    assert list(output_dir.iterdir()) == []


def test_a_failing_progress_callback_stops_the_encode(small_source, tmp_path):
    def refuse(percent: float) -> None:
        raise RuntimeError("cancelled")

    output_dir = tmp_path / "out"
    with pytest.raises(RuntimeError, match="cancelled"):
        encode(plan(SMALL), mov_input(small_source), output_dir, progress=refuse)
    assert list(output_dir.iterdir()) == []


@pytest.mark.parametrize(("content", "found"), [
    (b"\x00\x00moov....Lavf62.3.100\x00", ["x.bin contains an encoder signature"]),
    (b"....x264 - core 165 r3222....", ["x.bin contains an encoder signature"]),
    (b"\x00Lavc libx264\x00", ["x.bin contains an encoder signature"]),
    ("..+12.6392-007.9817/..".encode("utf-16-be"),
     ["x.bin contains a value from the source's metadata"]),
    # Across the boundary between two chunks of the scan.
    (b"\x00" * ((1 << 20) - 5) + b"+12.6392-007.9817/",
     ["x.bin contains a value from the source's metadata"]),
    # Short values are not searched: they occur by chance.
    (b"VideoHandler SoundHandler isom +12.6 eng und", []),
])
def test_find_leaks(tmp_path, content, found):
    path = tmp_path / "x.bin"
    path.write_bytes(content)
    assert find_leaks([path], ["+12.6392-007.9817/", "eng", "+12.6"]) == found


def test_bandwidths_are_measured_from_segments_with_the_audio_group(tmp_path: Path):
    (tmp_path / "v0.m4s").write_bytes(b"x" * 4000)  # 32,000 bits in 4 s: 8,000 b/s
    (tmp_path / "v1.m4s").write_bytes(b"x" * 1000)  # 8,000 bits in 2 s: 4,000 b/s
    (tmp_path / "a0.m4s").write_bytes(b"x" * 1500)  # 12,000 bits in 4 s
    (tmp_path / "a1.m4s").write_bytes(b"x" * 1500)  # 12,000 bits in 2 s
    (tmp_path / "v.m3u8").write_text("#EXTM3U\n#EXTINF:4.0,\nv0.m4s\n#EXTINF:2.0,\nv1.m4s\n")
    (tmp_path / "a.m3u8").write_text("#EXTM3U\n#EXTINF:4.0,\na0.m4s\n#EXTINF:2.0,\na1.m4s\n")
    master = tmp_path / "master.m3u8"
    master.write_text(
        '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="g",NAME="a",URI="a.m3u8"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=1,AVERAGE-BANDWIDTH=2,RESOLUTION=256x144,'
        'CODECS="avc1.64000c,mp4a.40.2",AUDIO="g"\nv.m3u8\n'
    )
    playlists.correct_bandwidths(master)
    variant = master.read_text().splitlines()[2]
    # Peak: 8,000 + 6,000; average: 40,000 bits / 6 s + 24,000 bits / 6 s.
    assert "BANDWIDTH=14000," in variant and "AVERAGE-BANDWIDTH=10667," in variant
    assert 'RESOLUTION=256x144,CODECS="avc1.64000c,mp4a.40.2",AUDIO="g"' in variant


def test_the_lowest_variant_keeps_its_audio_group_and_drops_the_others(tmp_path: Path):
    master = tmp_path / "master.m3u8"
    master.write_text(
        '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="g",NAME="a",URI="a.m3u8"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=426x240,AUDIO="g"\n240p.m3u8\n\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=190000,RESOLUTION=256x144,AUDIO="g"\n144p.m3u8\n\n'
    )
    lowest = playlists.write_lowest_variant(master, "lowest.m3u8")
    assert lowest == tmp_path / "lowest.m3u8"
    assert lowest.read_text().splitlines() == [
        "#EXTM3U", "#EXT-X-VERSION:7", '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="g",NAME="a",URI="a.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=190000,RESOLUTION=256x144,AUDIO="g"', "144p.m3u8",
    ]
    assert "240p.m3u8" in master.read_text()  # the full ladder is left as it was
