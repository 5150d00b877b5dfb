"""The pipeline in Wagtail's admin: a media's processing, rendition by rendition.

- "Renditions" (linked from the media's edit page): the processing status and the reason for a
  rejection or failure, every rendition's profile, kind, status, progress, error and size, and
  a player previewing what the public will get (the progressive MP4, else the audio).
- "Retry processing": a POST that queues the media again, recorded in the media's history.
- A rendition's file, for that player: staff only, from the private store, with byte ranges.

All three are for people who may edit the media: the model permission `change_media` (as the
original's serving view asks) or wagtailmedia's collection permission on this media. Others get
a 403 (the page: Wagtail's usual redirect to the dashboard, with a message).
"""

from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtailmedia import get_permission_policy

from .models import Media, Rendition
from .queueing import queue_processing
from .serving import serve_private_file
from .storage import private_storage

RETRY_ACTION = "media_pipeline.retry_processing"
PREVIEW_KINDS = ("progressive", "audio")  # what a browser plays without any script
KIND_LABELS = {
    "hls": gettext_lazy("HLS master playlist"),
    "hls_video": gettext_lazy("HLS video"),
    "audio": gettext_lazy("Audio"),
    "progressive": gettext_lazy("Progressive MP4 (download)"),
    "poster": gettext_lazy("Poster"),
    "thumbnails": gettext_lazy("Thumbnail strip"),
    "waveform": gettext_lazy("Waveform"),
}


def may_manage_processing(user: AbstractBaseUser | AnonymousUser, media: Media | None) -> bool:
    """Whether `user` may edit this media (with None: some media), and so see and restart its
    processing."""
    if user.has_perm("media_pipeline.change_media"):
        return True
    policy = get_permission_policy()
    if media is None:
        return policy.user_has_permission(user, "change")
    return policy.user_has_permission_for_instance(user, "change", media)


def _media_for(request: HttpRequest, **lookup) -> Media:
    # Refused before the lookup too, so that nobody can probe which media exist.
    if not may_manage_processing(request.user, None):
        raise PermissionDenied
    media = get_object_or_404(Media, **lookup)
    if not may_manage_processing(request.user, media):
        raise PermissionDenied
    return media


def plain_403(view):
    """Wagtail's admin turns PermissionDenied into a redirect to its dashboard: right for a page,
    wrong for a form's POST or a file that a player asks for. These get a plain 403."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return HttpResponseForbidden()

    return checked


def may_retry(media: Media) -> bool:
    """Not while a job is queued or running: a second one would only race it."""
    return bool(media.file) and media.processing_status not in (
        Media.Processing.PENDING, Media.Processing.PROCESSING
    )


def _ready_by_kind(renditions) -> dict[str, Rendition]:
    return {row.kind: row for row in renditions if row.status == Rendition.Status.READY}


def _file_url(media: Media, rendition: Rendition | None) -> str | None:
    if rendition is None:
        return None
    return reverse("media_pipeline_admin:rendition_file",
                   kwargs={"media_uuid": media.uuid, "profile": rendition.profile})


def processing_in_progress(media: Media, renditions) -> bool:
    if media.processing_status in (Media.Processing.PENDING, Media.Processing.PROCESSING):
        return True
    busy = (Rendition.Status.QUEUED, Rendition.Status.RUNNING)
    return any(row.status in busy for row in renditions)


class RenditionsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "media_pipeline/admin/renditions.html"
    header_icon = "media"
    page_title = gettext_lazy("Renditions")
    REFRESH_SECONDS = 5

    def dispatch(self, request, *args, **kwargs):
        self.media = _media_for(request, pk=kwargs["media_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.media.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailmedia:index"), "label": _("Media")},
            {"url": reverse("wagtailmedia:edit", args=[self.media.pk]), "label": self.media.title},
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def renditions(self) -> list[Rendition]:
        rows = list(self.media.renditions.order_by("kind", "profile"))
        for row in rows:
            row.kind_label = KIND_LABELS.get(row.kind, row.kind)
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ready = _ready_by_kind(self.renditions)
        preview = next((ready[kind] for kind in PREVIEW_KINDS if kind in ready), None)
        in_progress = processing_in_progress(self.media, self.renditions)
        context.update(
            media=self.media,
            renditions=self.renditions,
            preview=preview,
            preview_url=_file_url(self.media, preview),
            poster_url=_file_url(self.media, ready.get("poster")),
            retry_url=reverse("media_pipeline_admin:retry", args=[self.media.pk]),
            may_retry=may_retry(self.media),
            in_progress=in_progress,
            refresh_seconds=self.REFRESH_SECONDS if in_progress else None,
        )
        return context


renditions_view = require_GET(RenditionsView.as_view())


@require_POST
@plain_403
def retry_processing(request: HttpRequest, media_id: int) -> HttpResponse:
    """Queue the media for processing again (after a failure, a rejection, or a lost job)."""
    media = _media_for(request, pk=media_id)
    if not media.file:
        messages.error(request, _("This media has no file to process."))
    elif not may_retry(media):
        messages.warning(request, _("This media is already queued or being processed."))
    else:
        queue_processing(media)
        log(media, RETRY_ACTION, user=request.user)
        messages.success(request, _("“%(title)s” is queued for processing again.")
                         % {"title": media.title})
    return redirect("media_pipeline_admin:renditions", media_id=media.pk)


@require_GET
@plain_403
def serve_rendition_file(request: HttpRequest, media_uuid, profile: str) -> HttpResponse:
    """The main file of a ready rendition (an MP4, an M4A, a poster...), for the preview."""
    media = _media_for(request, uuid=media_uuid)
    rendition = get_object_or_404(media.renditions.ready(), profile=profile)
    if not rendition.main_file:
        raise Http404
    return serve_private_file(request, private_storage(), rendition.main_file)
