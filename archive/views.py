"""Serving the archive's private files through views that check who is asking."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from media_pipeline.models import Media

from .access import (
    AUDIT_REPEAT_WINDOW,
    is_media_public,
    record_restricted_media_access,
    visible_transcripts,
)
from .players import QUALITIES, QUALITY_COOKIE
from .transcripts.exporting import EXPORT_FORMATS, export_transcript
from .transcripts.formats import CONTENT_TYPES


@require_GET
def serve_original(request: HttpRequest, media_uuid: UUID) -> FileResponse:
    """An original upload, for staff who may edit media. Everyone else gets 403.

    Originals may carry faces, voices and metadata that identify a person; the public only
    ever sees renditions. Each fetch of the original of a non-public item is audited as a
    download.
    """
    if not request.user.has_perm("media_pipeline.change_media"):
        raise PermissionDenied  # before the lookup, so nobody can probe which UUIDs exist
    media = get_object_or_404(Media, uuid=media_uuid)
    response = FileResponse(media.file.open("rb"), as_attachment=False)
    record_restricted_media_access(request, media, surface="media", action="download",
                                   detail="original")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def serve_transcript(
    request: HttpRequest, media_uuid: UUID, language: str, fmt: str
) -> HttpResponse:
    """A transcript as WebVTT, SRT, plain text or JSON, for whoever may see it; else 404.

    404 rather than 403, so that nobody learns which hidden media or languages exist. Redacted
    passages are replaced by a marker; an export of a non-public item is audited.
    """
    return transcript_response(request, media_uuid, language, fmt)


@require_GET
def serve_captions(request: HttpRequest, media_uuid: UUID, language: str) -> HttpResponse:
    """The WebVTT caption track of a media in one language (`text/vtt; charset=utf-8`).

    A player fetches its tracks by itself, maybe more than once for one viewing: a caption
    fetch of a non-public item is audited once per user, track and AUDIT_REPEAT_WINDOW.
    """
    return transcript_response(request, media_uuid, language, "vtt", captions=True)


def transcript_response(request: HttpRequest, media_uuid: UUID, language: str, fmt: str,
                        captions: bool = False) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404
    media = get_object_or_404(Media, uuid=media_uuid)
    transcript = (
        visible_transcripts(request.user, media).filter(language=language)
        .select_related("media", "translated_from").first()
    )
    if transcript is None:
        raise Http404
    response = HttpResponse(export_transcript(transcript, fmt), content_type=CONTENT_TYPES[fmt])
    if captions:
        record_restricted_media_access(request, media, surface="captions", action="view",
                                       detail=language, once_within=AUDIT_REPEAT_WINDOW)
    else:
        record_restricted_media_access(request, media, surface="transcript", action="export",
                                       detail=f"{language}.{fmt}")
    # Public files must still follow a withdrawal at the next request: revalidate every time.
    public = is_media_public(media) and transcript.status == transcript.Status.REVIEWED
    response["Cache-Control"] = "no-cache" if public else "private, no-store"
    response["Content-Language"] = language
    if fmt in ("srt", "json"):
        # Named by UUID: a media's title may carry a person's name.
        filename = f"{media.uuid}.{language}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def choose_quality(request: HttpRequest) -> HttpResponse:
    """Remember the viewer's playback quality on this device, then go back to the page."""
    quality = request.GET.get("quality", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if quality in QUALITIES:
        response.set_cookie(QUALITY_COOKIE, quality, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure(), httponly=True)
    return response
