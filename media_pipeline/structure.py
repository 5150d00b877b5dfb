"""Completeness: does the file hold every byte its own headers promise?

A cut MP4 still opens when its index (`moov`) comes first: the demuxer reports the full
duration and streams, and the damage only shows hours later, halfway through a transcode. Walking
the top-level boxes (ISO-BMFF) or reading the Segment size (Matroska) finds the cut at once, by
reading a few bytes per box. Other families either carry no total size (Ogg, MP3, ADTS, FLAC
frames) or are still readable up to the cut (WAV), so they are left to the demuxer.
"""

import struct
from pathlib import Path
from typing import BinaryIO

from .allowlist import Family
from .errors import RejectedMedia

# Fragmented MP4 has two top-level boxes per fragment; a four-hour recording in half-second
# fragments has ~60,000. A file with more is built to make this walk slow.
MAX_TOP_LEVEL_BOXES = 1_000_000

# Top-level box types of ISO-BMFF (ISO/IEC 14496-12) and QuickTime. After a complete index,
# anything else is data appended to the file, not a cut one.
TOP_LEVEL_BOXES = frozenset({
    b"ftyp", b"styp", b"moov", b"mdat", b"moof", b"mfra", b"free", b"skip", b"wide", b"udta",
    b"meta", b"uuid", b"sidx", b"ssix", b"prft", b"emsg", b"pdin", b"junk", b"pnot", b"PICT",
})

_EBML_ID = b"\x1a\x45\xdf\xa3"
_SEGMENT_ID = b"\x18\x53\x80\x67"


def check_complete(path: Path, family: Family) -> None:
    """Raise RejectedMedia("truncated") when the file stops before its headers say it ends, and
    ("trailing-data") when something that is not a box follows a complete MP4."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        if family is Family.ISO_BMFF:
            _check_boxes(handle, size)
        elif family is Family.MATROSKA:
            _check_segment(handle, size)


def _check_boxes(handle: BinaryIO, size: int) -> None:
    offset, boxes, seen_moov = 0, 0, False
    while size - offset >= 8:  # a few trailing padding bytes are harmless
        boxes += 1
        if boxes > MAX_TOP_LEVEL_BOXES:
            raise RejectedMedia("unreadable", detail="too many top-level boxes")
        handle.seek(offset)
        header = handle.read(16)
        box_size, box_type = struct.unpack(">I4s", header[:8])
        if seen_moov and not _is_box_type(box_type):
            raise RejectedMedia("trailing-data", detail=f"{size - offset} bytes after the last box")
        header_size = 8
        if box_size == 1:  # a 64-bit size follows the type
            if len(header) < 16:
                raise RejectedMedia("truncated", detail=f"box {box_type!r} header cut")
            (box_size,) = struct.unpack(">Q", header[8:16])
            header_size = 16
        elif box_size == 0:  # the last box runs to the end of the file
            box_size = size - offset
        if box_size < header_size:
            raise RejectedMedia("unreadable", detail=f"box {box_type!r} of size {box_size}")
        if offset + box_size > size:
            raise RejectedMedia(
                "truncated",
                detail=f"box {box_type!r} needs {offset + box_size} bytes, file has {size}",
            )
        seen_moov = seen_moov or box_type == b"moov"
        offset += box_size
    if not seen_moov:
        raise RejectedMedia("truncated", detail="no moov box (the index is missing)")


def _is_box_type(box_type: bytes) -> bool:
    """A box that may stand at the top level of an MP4 or QuickTime file."""
    return box_type in TOP_LEVEL_BOXES


def _check_segment(handle: BinaryIO, size: int) -> None:
    """The EBML header, then the Segment: its declared size must fit in the file."""
    if handle.read(4) != _EBML_ID:
        raise RejectedMedia("unreadable", detail="no EBML header")
    header_size, _ = _read_vint(handle)
    handle.seek(header_size, 1)
    if handle.read(4) != _SEGMENT_ID:
        raise RejectedMedia("truncated", detail="no Segment after the EBML header")
    segment_size, unknown = _read_vint(handle)
    # Live recorders (a browser's MediaRecorder, OBS) write an "unknown" size: nothing to check.
    if not unknown and handle.tell() + segment_size > size:
        raise RejectedMedia(
            "truncated",
            detail=f"Segment needs {handle.tell() + segment_size} bytes, file has {size}",
        )


def _read_vint(handle: BinaryIO) -> tuple[int, bool]:
    """An EBML variable-size integer: (value, whether it is the reserved "unknown" value)."""
    first = handle.read(1)
    if not first or first[0] == 0:
        raise RejectedMedia("unreadable", detail="invalid EBML size")
    length = 8 - first[0].bit_length() + 1
    rest = handle.read(length - 1)
    if len(rest) != length - 1:
        raise RejectedMedia("truncated", detail="EBML size cut")
    value = first[0] & (0xFF >> length)
    for byte in rest:
        value = (value << 8) | byte
    return value, value == (1 << (7 * length)) - 1
