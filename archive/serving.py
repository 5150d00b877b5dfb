"""Serving renditions (HLS playlists and segments, MP4, audio, posters) after asking the policy.

Nothing derived from a recording is ever at a public storage URL: every request comes here,
the access policy answers, and then the bytes are handed over in the cheapest way available:
  - nginx: an `X-Accel-Redirect` to an internal location (settings.PRIVATE_MEDIA_ACCEL_PREFIX);
  - S3: a redirect to a signed URL valid for at most 300 s (playlists excepted: they are read
    here, so that the segments they name are fetched through this view too);
  - otherwise Django streams the file itself, honouring single byte ranges for seeking.
"""

from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from media_pipeline.models import Media
from media_pipeline.serving import content_type_for, signed_url, stream_file
from media_pipeline.storage import private_storage

from .access import can_view_media


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
    accel_prefix = getattr(settings, "PRIVATE_MEDIA_ACCEL_PREFIX", "")
    if accel_prefix:
        response = HttpResponse(content_type=content_type_for(name))
        response["X-Accel-Redirect"] = f"{accel_prefix.rstrip('/')}/{name}"
        return response
    storage = private_storage()
    url = None if name.endswith(".m3u8") else signed_url(storage, name)
    return HttpResponseRedirect(url) if url else stream_file(request, storage, name)
