"""Serving renditions (HLS playlists and segments, MP4, audio, posters) after asking the policy.

Nothing derived from a recording is ever at a public storage URL: every request comes here,
the access policy answers, and then the bytes are handed over in the cheapest way available:
  - nginx: an `X-Accel-Redirect` to an internal location (settings.PRIVATE_MEDIA_ACCEL_PREFIX);
  - S3: a redirect to a signed URL valid for at most 300 s (playlists excepted: they are read
    here, so that the segments they name are fetched through this view too);
  - otherwise Django streams the file itself, honouring single byte ranges for seeking.

Whatever a browser keeps of a recording, it asks again before using it, so that a withdrawal
counts at the next request: the files of a public item are sent `no-cache` with an ETag (a
revalidation costs a 304, not the bytes again), those of any other item `private, no-store`.

Plays and downloads of a non-public item are audited (`audited_access`), once per play rather
than once per request: a player fetches an HLS master playlist, then a variant playlist, then
many segments, and reads a progressive file in many byte ranges. So:
  - an HLS playlist, or the first bytes of the MP4 or audio file (a range from byte 0: how every
    browser's player starts), is the start of a play; the entries of one play (master and
    variant playlists; Safari's two opening ranges) collapse into one within
    `AUDIT_REPEAT_WINDOW` for the same user, item and kind of rendition;
  - a whole file asked for without a range is a download (a link with `download`, a download
    manager); each one is recorded;
  - segments, later byte ranges, posters, thumbnails and waveforms record nothing (the page that
    shows a poster is audited as a page view).
"""

import hashlib
import re
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_GET

from media_pipeline.models import Media, Rendition
from media_pipeline.profiles import Kind
from media_pipeline.serving import content_type_for, signed_url, stream_file
from media_pipeline.storage import private_storage

from .access import (
    AUDIT_REPEAT_WINDOW,
    can_view_media,
    is_media_public,
    record_restricted_media_access,
)

PLAYED_WHOLE = frozenset({Kind.PROGRESSIVE, Kind.AUDIO})  # renditions played from one file
FROM_FIRST_BYTE = re.compile(r"\s*bytes\s*=\s*0\s*-")


def rendition_file(media: Media, relative_path: str) -> tuple[Rendition, str] | None:
    """The ready rendition holding that file, and its stored name; None if there is none."""
    name = f"renditions/{media.uuid}/{relative_path}"
    for rendition in media.renditions.ready():
        if name in rendition.files:
            return rendition, name
    return None


def etag_of(rendition: Rendition, name: str) -> str:
    """Changes whenever the rendition is written again (a re-encode keeps the file names)."""
    version = f"{rendition.pk}:{rendition.updated_at.isoformat()}:{name}"
    return f'"{hashlib.sha256(version.encode()).hexdigest()[:32]}"'


def audited_access(request: HttpRequest, rendition: Rendition, name: str
                   ) -> tuple[str, str, bool] | None:
    """(action, detail, once per window) to audit for this request, or None (see above)."""
    if name.endswith(".m3u8"):
        return "play", "hls", True
    if rendition.kind in PLAYED_WHOLE and name == rendition.main_file:
        byte_range = request.headers.get("Range")
        if byte_range is None:
            return "download", rendition.kind, False
        if FROM_FIRST_BYTE.match(byte_range):
            return "play", rendition.kind, True
    return None


@require_GET
def serve_rendition(request: HttpRequest, media_uuid: UUID, path: str) -> HttpResponse:
    media = get_object_or_404(Media, uuid=media_uuid)
    if not can_view_media(request.user, media):
        raise Http404  # the same answer as for a file that does not exist
    found = rendition_file(media, path)
    if found is None:
        raise Http404
    rendition, name = found
    public = is_media_public(media)
    etag = etag_of(rendition, name) if public else None
    response = get_conditional_response(request, etag=etag) if public else None
    if response is not None:  # 304: the viewer's copy is still the one to play
        response["Cache-Control"] = "no-cache"
        return response
    response = deliver(request, name)
    audited = audited_access(request, rendition, name)
    if audited is not None and response.status_code < 400:
        action, detail, once = audited
        record_restricted_media_access(request, media, surface="rendition", action=action,
                                       detail=detail,
                                       once_within=AUDIT_REPEAT_WINDOW if once else None)
    # A redirect to a signed URL may not outlive the URL (at most 300 s): never kept.
    if public and response.status_code not in (301, 302):
        response["Cache-Control"] = "no-cache"
        response["ETag"] = etag
    else:
        response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def deliver(request: HttpRequest, name: str) -> HttpResponse:
    accel_prefix = getattr(settings, "PRIVATE_MEDIA_ACCEL_PREFIX", "")
    if accel_prefix:
        response = HttpResponse(content_type=content_type_for(name))
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{name}"
        return response
    storage = private_storage()
    url = None if name.endswith(".m3u8") else signed_url(storage, name)
    return HttpResponseRedirect(url) if url else stream_file(request, storage, name)
