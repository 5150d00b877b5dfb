"""sniff: container family from the first bytes; playlists, text and unknown files refused."""

import codecs
from pathlib import Path

import pytest

from media_pipeline.allowlist import Family
from media_pipeline.errors import RejectedMedia
from media_pipeline.sniff import sniff


def write(tmp_path: Path, data: bytes, name: str = "upload.mp4") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rejection(path: Path) -> RejectedMedia:
    with pytest.raises(RejectedMedia) as caught:
        sniff(path)
    return caught.value


@pytest.mark.parametrize(
    ("attr", "family"),
    [
        ("mp4", Family.ISO_BMFF),
        ("m4a", Family.ISO_BMFF),
        ("webm", Family.MATROSKA),
        ("ogg", Family.OGG),
        ("opus", Family.OGG),
        ("wav", Family.WAVE),
        ("mp3", Family.MP3),
        ("mp3_with_cover", Family.MP3),
        ("flac", Family.FLAC),
        ("aac", Family.ADTS),
    ],
)
def test_real_files_are_recognised(media, attr, family):
    assert sniff(getattr(media, attr)) is family


@pytest.mark.parametrize(
    ("head", "family"),
    [
        (b"\x00\x00\x00\x1cftypqt  \x00\x00\x02\x00qt  ", Family.ISO_BMFF),
        (b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x003gp4", Family.ISO_BMFF),
        (b"\x00\x00\x00\x08wide\x00\x00\x10\x00mdat", Family.ISO_BMFF),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", Family.MATROSKA),
        (b"RF64\xff\xff\xff\xffWAVEds64", Family.WAVE),
        (b"\xff\xfb\x90\x64\x00", Family.MP3),  # MPEG-1 Layer III frame header
        (b"\xff\xf1\x50\x80\x02", Family.ADTS),
    ],
)
def test_magic_bytes(tmp_path, head, family):
    assert sniff(write(tmp_path, head + bytes(64))) is family


def id3_tag(body_size: int) -> bytes:
    syncsafe = bytes((body_size >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x04\x00\x00" + syncsafe + bytes(body_size)


@pytest.mark.parametrize(
    ("after_tag", "family"),
    [
        (b"\xff\xfb\x90\x64", Family.MP3),
        (b"\xff\xf1\x50\x80", Family.ADTS),
        (b"fLaC", Family.FLAC),
        (b"\x00\x00\x00\x00", Family.MP3),  # the mp3 demuxer resynchronises
    ],
)
def test_what_follows_an_id3_tag_decides(tmp_path, after_tag, family):
    # A tag larger than the sniffed head, as with cover art.
    assert sniff(write(tmp_path, id3_tag(10_000) + after_tag + bytes(64))) is family


def test_zero_byte_file(tmp_path):
    refused = rejection(write(tmp_path, b""))
    assert refused.code == "empty"
    assert "empty" in str(refused.message)


@pytest.mark.parametrize(
    "content",
    [
        b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:1,\n/srv/media/originals/x.ts\n",
        codecs.BOM_UTF8 + b"\r\n  #extm3u\n",
        b"ffconcat version 1.0\nfile /srv/media/originals/x.mp4\n",
        b'<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"></MPD>\n',
        b"<SmoothStreamingMedia MajorVersion='2'></SmoothStreamingMedia>",
        b"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\nc=IN IP4 127.0.0.1\r\nm=video 9 RTP/AVP 96\r\n",
    ],
    ids=["hls", "hls-bom-lowercase", "ffconcat", "dash", "smooth-streaming", "sdp"],
)
def test_playlists_and_stream_descriptions(tmp_path, content):
    refused = rejection(write(tmp_path, content))
    assert refused.code == "playlist"
    assert "playlist" in str(refused.message)


@pytest.mark.parametrize(
    "content",
    [
        "Témoignage d’Aminata, Sévaré, 2024.\nTranscription à relire.\n".encode(),
        "Témoignage".encode("utf-16"),
        b'<?xml version="1.0"?><note>pas une vid\xc3\xa9o</note>',
        b"http://127.0.0.1:9/x.ts\n" * 10,
    ],
    ids=["utf8-french", "utf16", "plain-xml", "list-of-urls"],
)
def test_text_renamed_as_media(tmp_path, content):
    refused = rejection(write(tmp_path, content))
    assert refused.code == "text"
    assert "text" in str(refused.message)


@pytest.mark.parametrize(
    "head",
    [
        b"RIFF\x00\x10\x00\x00AVI LIST",  # AVI: RIFF, but not WAVE
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"\x47\x40\x00\x10\x00\x00\xb0\x0d",  # MPEG-TS, not accepted
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84abcd",  # EBML, unknown DocType
        b"\xff\xfb\xf0\x64",  # MPEG audio with the reserved bitrate index
        b"\xff\xeb\x90\x64",  # MPEG audio with the reserved version
        b"\xff\xfd\x90\x64",  # MPEG audio Layer II (MP2)
    ],
    ids=[
        "avi", "png", "jpeg", "mpegts", "ebml-other", "mp3-bad-bitrate", "mp3-bad-version", "mp2",
    ],
)
def test_unknown_binary_is_refused(tmp_path, head):
    refused = rejection(write(tmp_path, head + bytes(range(256)) * 4))
    assert refused.code == "unsupported-container"
    assert "MP4" in str(refused.message)  # it lists what is accepted


def test_photos_in_iso_bmff_are_refused(tmp_path):
    refused = rejection(write(tmp_path, b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00mif1heic"))
    assert refused.code == "unsupported-container"
    assert "photo" in str(refused.message)


@pytest.mark.parametrize("word", [b"free", b"skip", b"wide", b"mdat", b"moov"])
def test_text_that_spells_an_old_quicktime_box_is_still_text(tmp_path, word):
    refused = rejection(write(tmp_path, b"The " + word + b" recording is attached below.\n"))
    assert refused.code == "text"
