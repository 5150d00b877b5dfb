"""Serving the archive's private files through a view that checks who is asking."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from media_pipeline.models import Media


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
