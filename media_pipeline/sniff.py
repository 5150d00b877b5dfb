"""Sniffing: what the first bytes of an upload say it is, before any demuxer sees it.

FFmpeg's own format detection is what hostile uploads exploit: a DASH manifest or an ffconcat
list saved as `.mp4`, or an HLS playlist kept as `.m3u8`, is detected as such and makes FFmpeg
open the files it names. So the archive decides the container family itself, from magic bytes,
refuses anything that is text, and every later step forces the family's demuxer
(`safe_ffmpeg.safe_input_args`).
"""

import codecs
from pathlib import Path
from typing import BinaryIO

from .allowlist import Family
from .errors import RejectedMedia

HEAD_BYTES = 4096

# Old QuickTime files start with one of these boxes rather than `ftyp`. Their names are common
# words, so a text file could spell one at bytes 4 to 8: those only count in binary files.
_QUICKTIME_FIRST_BOXES = {b"moov", b"mdat", b"wide", b"free", b"skip"}
# HEIF/AVIF photos are ISO-BMFF too; FFmpeg would read them as a one-frame video.
_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}
# The start of manifests that name other files or network streams: HLS, ffconcat, DASH,
# Smooth Streaming, SMIL, SDP. Compared in lower case, after a BOM and blank space.
_PLAYLIST_STARTS = (b"#extm3u", b"ffconcat version", b"v=0")
_MANIFEST_TAGS = (b"<mpd", b"<smoothstreamingmedia", b"<smil")
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


def sniff(path: Path) -> Family:
    """The container family of the file at `path`; raises RejectedMedia for anything else."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        if not head:
            raise RejectedMedia("empty")
        if _is_playlist(head):
            raise RejectedMedia("playlist")
        family = _family_from_magic(head, handle)
    if family is not None:
        return family
    if _is_text(head):
        raise RejectedMedia("text")
    raise RejectedMedia("unsupported-container", detail=f"first bytes {head[:16].hex()}")


def _is_playlist(head: bytes) -> bool:
    start = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith(_PLAYLIST_STARTS):
        return True
    return start.startswith(b"<") and any(tag in start for tag in _MANIFEST_TAGS)


def _is_text(head: bytes) -> bool:
    """Mostly printable characters in UTF-8, or a UTF-16 byte-order mark: a text file."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    text = head.decode("utf-8", errors="replace")
    printable = sum(
        1 for ch in text if ch != "\ufffd" and (ch.isprintable() or ch in _TEXT_CONTROLS)
    )
    return printable >= 0.95 * len(text)


def _family_from_magic(head: bytes, handle: BinaryIO) -> Family | None:
    if head[4:8] == b"ftyp":
        if head[8:12] in _IMAGE_BRANDS:
            raise RejectedMedia("unsupported-container", photo=True)
        return Family.ISO_BMFF
    if head[4:8] in _QUICKTIME_FIRST_BOXES and not _is_text(head):
        return Family.ISO_BMFF
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        # The EBML header names its DocType within its first few dozen bytes.
        return Family.MATROSKA if b"matroska" in head[:64] or b"webm" in head[:64] else None
    if head.startswith(b"OggS"):
        return Family.OGG
    if head[:4] in (b"RIFF", b"RF64", b"BW64") and head[8:12] == b"WAVE":
        return Family.WAVE
    if head.startswith(b"fLaC"):
        return Family.FLAC
    if head.startswith(b"ID3"):
        return _family_after_id3(head, handle)
    return _family_from_frame_sync(head)


def _family_after_id3(head: bytes, handle: BinaryIO) -> Family:
    """An ID3v2 tag usually precedes MP3, sometimes ADTS AAC or FLAC: look past it."""
    size = 10 + sum((byte & 0x7F) << (7 * (3 - i)) for i, byte in enumerate(head[6:10]))
    if len(head) > 5 and head[5] & 0x10:  # a footer follows the tag
        size += 10
    handle.seek(size)
    following = handle.read(4)
    if following.startswith(b"fLaC"):
        return Family.FLAC
    return _family_from_frame_sync(following) or Family.MP3


def _family_from_frame_sync(head: bytes) -> Family | None:
    """Raw MP3 or ADTS (AAC) frames: both start with the 0xFFF… sync word of MPEG audio."""
    if len(head) < 3 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return None
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    if layer == 0:  # ADTS; Layer bits 00 are reserved in MPEG audio
        sampling_index = (head[2] >> 2) & 0xF
        return Family.ADTS if head[1] & 0xF0 == 0xF0 and sampling_index < 13 else None
    # Only Layer III (01): a UTF-16 byte-order mark, FF FE, would pass for Layer I.
    bitrate_index, sampling_index = head[2] >> 4, (head[2] >> 2) & 3
    if layer != 1 or version == 1 or bitrate_index == 0xF or sampling_index == 3:
        return None
    return Family.MP3
