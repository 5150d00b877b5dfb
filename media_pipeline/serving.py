"""Sending a file of the private store to someone a view has already checked.

A store that signs its URLs (S3) gets a redirect to a short-lived signed URL, and S3 answers
range requests itself. The local private store has no URL: the file is streamed from here,
answering a single byte range (`Range: bytes=START-END`), which browsers need to seek in a video
(Safari will not even start one without it). Django's FileResponse does not handle ranges.
"""

import logging
import mimetypes
import re
from collections.abc import Iterator
from typing import IO

from django.core.files.storage import Storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)

logger = logging.getLogger(__name__)

CHUNK_BYTES = 256 * 1024
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
# Types the standard library may not know on every system.
CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".m4a": "audio/mp4",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".webp": "image/webp",
    ".json": "application/json",
}


def content_type_for(name: str) -> str:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def signed_url(storage: Storage, name: str) -> str | None:
    """The store's short-lived signed URL for `name`, or None for a store without URLs."""
    try:
        return storage.url(name)
    except (ValueError, NotImplementedError):  # the local private store has no URL
        return None


class UnsatisfiableRange(ValueError):
    """The range asked for starts past the end of the file."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of the single range a `Range` header asks for, or None to send
    the whole file (no header, or one this view does not handle, as RFC 9110 allows).
    Raises UnsatisfiableRange."""
    match = _RANGE.fullmatch(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        if int(last) == 0 or size == 0:
            raise UnsatisfiableRange(header)
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise UnsatisfiableRange(header)
    return start, end


class _RangeReader:
    """`length` bytes of an open file, in chunks; Django calls close() when the response ends,
    even if the client left before the first chunk."""

    def __init__(self, handle: IO[bytes], length: int) -> None:
        self.handle, self.length = handle, length

    def __iter__(self) -> Iterator[bytes]:
        left = self.length
        while left > 0:
            chunk = self.handle.read(min(CHUNK_BYTES, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.handle.close()


def serve_private_file(request: HttpRequest, storage: Storage, name: str) -> HttpResponse:
    """The stored file `name`, never cached by anyone but the viewer's browser."""
    url = signed_url(storage, name)
    if url is not None:
        response: HttpResponse = HttpResponseRedirect(url)
    else:
        response = stream_file(request, storage, name)
    response["Cache-Control"] = "private, no-store"
    return response


def stream_file(request: HttpRequest, storage: Storage, name: str) -> HttpResponse:
    """The file streamed from here, whole or the one byte range asked for.

    A stored file that has gone missing is a 404 for the viewer and an error in the log: the
    archive's rows say it exists, so someone must look.
    """
    content_type = content_type_for(name)
    try:
        size = storage.size(name)
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        logger.error("Stored file missing: %s", name)
        raise Http404 from None
    try:
        wanted = byte_range(request.headers.get("Range", ""), size)
    except UnsatisfiableRange:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        start, end = wanted
        handle.seek(start)
        response = StreamingHttpResponse(_RangeReader(handle, end - start + 1), status=206,
                                         content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
