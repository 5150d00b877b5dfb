"""check_complete: files cut short are found from their own headers, before any demuxer."""

import pytest

from media_pipeline.allowlist import Family
from media_pipeline.errors import RejectedMedia
from media_pipeline.structure import check_complete

from .media_files import cut, moov_at_end, top_level_boxes


def truncation(path, family) -> RejectedMedia:
    with pytest.raises(RejectedMedia) as caught:
        check_complete(path, family)
    return caught.value


@pytest.mark.parametrize("attr", ["mp4", "m4a", "rotated_mp4"])
def test_complete_iso_files_pass(media, attr):
    check_complete(getattr(media, attr), Family.ISO_BMFF)


def test_complete_webm_passes(media):
    check_complete(media.webm, Family.MATROSKA)


def test_mp4_cut_in_half(media, tmp_path):
    half = cut(media.mp4, tmp_path / "half.mp4", media.mp4.stat().st_size // 2)
    refused = truncation(half, Family.ISO_BMFF)
    assert refused.code == "truncated"
    assert "mdat" in refused.detail


def test_mp4_with_its_index_at_the_end_cut_off(tmp_path):
    source = moov_at_end(tmp_path / "camera.mp4")
    moov_offset, _ = top_level_boxes(source)[b"moov"]
    refused = truncation(cut(source, tmp_path / "no-index.mp4", moov_offset), Family.ISO_BMFF)
    assert refused.code == "truncated"
    assert "moov" in refused.detail


def test_mp4_cut_inside_its_index(tmp_path):
    source = moov_at_end(tmp_path / "camera.mp4")
    moov_offset, moov_size = top_level_boxes(source)[b"moov"]
    partial = cut(source, tmp_path / "half-index.mp4", moov_offset + moov_size // 2)
    assert truncation(partial, Family.ISO_BMFF).code == "truncated"


def test_64_bit_box_sizes_are_followed(tmp_path):
    ftyp = b"\x00\x00\x00\x10ftypisom\x00\x00\x00\x00"
    moov = b"\x00\x00\x00\x01moov" + (24).to_bytes(8, "big") + bytes(8)
    path = tmp_path / "large.mp4"
    path.write_bytes(ftyp + moov)
    check_complete(path, Family.ISO_BMFF)
    path.write_bytes(ftyp + moov[:-1])
    assert truncation(path, Family.ISO_BMFF).code == "truncated"


def test_a_box_smaller_than_its_header_is_unreadable(tmp_path):
    path = tmp_path / "broken.mp4"
    path.write_bytes(b"\x00\x00\x00\x10ftypisom\x00\x00\x00\x00" + b"\x00\x00\x00\x04moov")
    assert truncation(path, Family.ISO_BMFF).code == "unreadable"


def test_webm_cut_short(media, tmp_path):
    short = cut(media.webm, tmp_path / "short.webm", media.webm.stat().st_size - 100)
    refused = truncation(short, Family.MATROSKA)
    assert refused.code == "truncated"
    assert "Segment" in refused.detail


def test_webm_of_unknown_size_is_not_judged(tmp_path):
    """A browser's MediaRecorder writes no Segment size: there is nothing to compare."""
    ebml = b"\x1a\x45\xdf\xa3\x84webm"
    unknown_size_segment = b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"
    path = tmp_path / "live.webm"
    path.write_bytes(ebml + unknown_size_segment + bytes(10))
    check_complete(path, Family.MATROSKA)


def test_other_families_are_left_to_the_demuxer(media, tmp_path):
    short = cut(media.mp3, tmp_path / "short.mp3", 1000)
    check_complete(short, Family.MP3)
