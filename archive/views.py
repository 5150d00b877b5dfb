"""Serving the archive's private files through views that check who is asking."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from media_pipeline.models import Media

from .access import is_media_public, visible_transcripts
from .transcripts.exporting import EXPORT_FORMATS, export_transcript
from .transcripts.formats import CONTENT_TYPES


@require_GET
def serve_original(request: HttpRequest, media_uuid: UUID) -> FileResponse:
    """An original upload, for staff who may edit media. Everyone else gets 403.

    Originals may carry faces, voices and metadata that identify a person; the public only
    ever sees renditions.
    """
    if not request.user.has_perm("media_pipeline.change_media"):
        raise PermissionDenied  # before the lookup, so nobody can probe which UUIDs exist
    media = get_object_or_404(Media, uuid=media_uuid)
    response = FileResponse(media.file.open("rb"), as_attachment=False)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def serve_transcript(
    request: HttpRequest, media_uuid: UUID, language: str, fmt: str
) -> HttpResponse:
    """A transcript as WebVTT, SRT, plain text or JSON, for whoever may see it; else 404.

    404 rather than 403, so that nobody learns which hidden media or languages exist.
    """
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
def serve_captions(request: HttpRequest, media_uuid: UUID, language: str) -> HttpResponse:
    """The WebVTT caption track of a media in one language (`text/vtt; charset=utf-8`)."""
    return serve_transcript(request, media_uuid, language, "vtt")
