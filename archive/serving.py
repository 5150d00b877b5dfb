"""Serving renditions (HLS playlists and segments, MP4, audio, posters) after asking the policy.

Nothing derived from a recording is ever at a public storage URL: every request comes here,
the access policy answers, and then the bytes are handed over in the cheapest way available:
  - nginx: an `X-Accel-Redirect` to an internal location (settings.PRIVATE_MEDIA_ACCEL_PREFIX);
  - S3: a redirect to a signed URL valid for at most 300 s (playlists excepted: they are read
    here, so that the segments they name are fetched through this view too);
  - otherwise Django streams the file itself, honouring single byte ranges for seeking.
"""

import mimetypes
import re
from uuid import UUID

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from media_pipeline.models import Media
from media_pipeline.storage import private_storage

from .access import can_view_media

CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".m4a": "audio/mp4",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".json": "application/json",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def content_type_for(name: str) -> str:
    suffix = name[name.rfind("."):].lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def rendition_file(media: Media, relative_path: str) -> str | None:
    """The stored name, if it belongs to one of the media's ready renditions."""
    name = f"renditions/{media.uuid}/{relative_path}"
    for files in media.renditions.ready().values_list("files", flat=True):
        if name in files:
            return name
    return None


@require_GET
def serve_rendition(request: HttpRequest, media_uuid: UUID, path: str) -> HttpResponse:
    media = get_object_or_404(Media, uuid=media_uuid)
    if not can_view_media(request.user, media):
        raise Http404  # the same answer as for a file that does not exist
    name = rendition_file(media, path)
    if name is None:
        raise Http404
    response = deliver(request, name)
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def deliver(request: HttpRequest, name: str) -> HttpResponse:
    content_type = content_type_for(name)
    accel_prefix = getattr(settings, "PRIVATE_MEDIA_ACCEL_PREFIX", "")
    if accel_prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{name}"
        return response
    storage = private_storage()
    if not name.endswith(".m3u8") and not _is_local(storage):
        return HttpResponseRedirect(storage.url(name))
    return ranged_response(request, storage.open(name, "rb"), storage.size(name), content_type)


def _is_local(storage) -> bool:
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True


def ranged_response(request: HttpRequest, handle, size: int, content_type: str) -> HttpResponse:
    """The whole file, or the one byte range asked for (players seek with ranges)."""
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if not match or (not match[1] and not match[2]):
        response = FileResponse(handle, content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        response["Content-Length"] = str(size)
        return response
    if match[1]:
        start, end = int(match[1]), int(match[2]) if match[2] else size - 1
    else:  # "bytes=-N": the last N bytes
        start, end = max(0, size - int(match[2])), size - 1
    end = min(end, size - 1)
    if start > end or start >= size:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    handle.seek(start)

    def chunks(remaining: int = end - start + 1):
        try:
            while remaining > 0:
                data = handle.read(min(CHUNK, remaining))
                if not data:
                    break
                remaining -= len(data)
                yield data
        finally:
            handle.close()

    response = StreamingHttpResponse(chunks(), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
