"""Processing one media file: check it, plan its renditions, encode them, store them.

Run by the `process_media` task. Running it again for the same media is safe: renditions are
rows keyed by (media, profile), updated in place, and files of an earlier run are removed only
once the new ones are stored.
"""

import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .anonymise import Anonymisation, InvalidRedactions, parse_redactions
from .encode import EncodeResult, MetadataLeak, encode
from .errors import RejectedMedia
from .ffmpeg_run import EncodeError, EncodeTimeout
from .models import Media, Rendition
from .outputs import StorageUnavailable, delete_files, fetch_original, store_files
from .profiles import EncodePlan, Kind, SourceInfo, plan
from .safe_ffmpeg import safe_input_args
from .validate import MediaVerdict, inspect_media

logger = logging.getLogger(__name__)

MASTER_PROFILE = "hls"  # the row holding the HLS master playlists (full ladder, lowest rung)
PROGRESS_EVERY_SECONDS = 2.0
MAX_ERROR_CHARS = 500


def anonymisation_for(media: Media) -> Anonymisation:
    """Raises InvalidRedactions (or ValueError for a pitch out of range)."""
    return Anonymisation(pitch_semitones=media.voice_pitch_semitones, blur=media.blur_video,
                         redactions=parse_redactions(media.redactions))


def source_for(verdict: MediaVerdict) -> SourceInfo:
    return SourceInfo(
        kind=verdict.kind, duration=verdict.duration, width=verdict.width,
        height=verdict.height, has_audio=verdict.has_audio, rotation=verdict.rotation,
        private_values=verdict.private_values, video_stream=verdict.video_stream,
        audio_stream=verdict.audio_stream,
    )


def _set_status(media: Media, status: str, code: str = "", params: dict | None = None,
                detail: str = "") -> None:
    fields = {"processing_status": status, "processing_code": code,
              "processing_params": params or {}, "processing_detail": detail}
    for name, value in fields.items():
        setattr(media, name, value)
    Media.objects.filter(pk=media.pk).update(**fields)


def _start_rows(media: Media, encode_plan: EncodePlan) -> None:
    """One row per planned rendition, running; rows of profiles no longer planned go."""
    keys = [r.key for r in encode_plan.renditions]
    if encode_plan.of_kind(Kind.HLS_VIDEO):
        keys.append(MASTER_PROFILE)
    kinds = {r.key: r.kind.value for r in encode_plan.renditions} | {MASTER_PROFILE: "hls"}
    for key in keys:
        Rendition.objects.update_or_create(
            media=media, profile=key,
            defaults={"kind": kinds[key], "status": Rendition.Status.RUNNING, "progress": 0,
                      "error": ""},
        )
    stale = Rendition.objects.filter(media=media).exclude(profile__in=keys)
    delete_files(name for row in stale for name in row.files)
    stale.delete()


def _progress_reporter(media: Media):
    last = [0.0]

    def report(percent: float) -> None:
        now = time.monotonic()
        if percent < 100 and now - last[0] < PROGRESS_EVERY_SECONDS:
            return
        last[0] = now
        media.renditions.running().update(progress=min(int(percent), 99))

    return report


def _master_files(result: EncodeResult) -> list[Path]:
    """The master row's files: the full ladder's playlist, then the lowest rung's alone."""
    return [p for p in (result.master_playlist, result.lowest_playlist) if p is not None]


def _store(media: Media, result: EncodeResult, output_dir: Path) -> None:
    prefix = f"renditions/{media.uuid}"
    rows = {row.profile: row for row in media.renditions.all()}
    stored_by_key = {}
    try:
        for key, rendition in result.renditions.items():
            stored_by_key[key] = store_files(rendition.files, output_dir, prefix)
        if result.master_playlist is not None:
            stored_by_key[MASTER_PROFILE] = store_files(
                _master_files(result), output_dir, prefix
            )
    except StorageUnavailable:
        delete_files(name for names in stored_by_key.values() for name in names)
        raise
    old_files = []
    with transaction.atomic():
        for key, names in stored_by_key.items():
            row = rows[key]
            old_files += [name for name in row.files if name not in names]
            rendition = result.renditions.get(key)
            paths = rendition.files if rendition else _master_files(result)
            row.files = names
            row.size_bytes = sum(path.stat().st_size for path in paths)
            row.width = rendition.width if rendition else None
            row.height = rendition.height if rendition else None
            row.tiles = rendition.tiles if rendition else None
            row.status, row.progress, row.error = Rendition.Status.READY, 100, ""
            row.save()
    delete_files(old_files)


@contextmanager
def scratch_folder(media: Media) -> Iterator[Path]:
    """The job's working folder: one per media, so that a run started again after its worker
    was killed first clears what the killed run left behind."""
    path = Path(settings.MEDIA_PIPELINE_WORK_DIR) / f"media-{media.pk}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def failure_reason(error: Exception) -> tuple[str, dict]:
    """The code (and parameters) a media's failure is stored with, for any exception."""
    if isinstance(error, EncodeTimeout):
        return "encode-timeout", ({"limit_s": error.limit_s} if error.limit_s else {})
    if isinstance(error, MetadataLeak):
        return "metadata-leak", {}
    if isinstance(error, EncodeError):
        return "encode-failed", {}
    if isinstance(error, InvalidRedactions):
        return "invalid-redactions", {}
    if isinstance(error, StorageUnavailable):
        return "storage-unavailable", {}
    if isinstance(error, FileNotFoundError):
        return "original-missing", {}
    return "internal", {}


def _reject(media: Media, refusal: RejectedMedia) -> None:
    logger.info("Media %s rejected (%s): %s", media.pk, refusal.code, refusal.detail)
    for row in media.renditions.all():
        delete_files(row.files)
    media.renditions.all().delete()
    _set_status(media, Media.Processing.REJECTED, refusal.code, refusal.params, refusal.detail)


def _fail(media: Media, error: Exception) -> None:
    """FAILED, with the reason's code and the technical detail; no rendition left running."""
    code, params = failure_reason(error)
    detail = f"{type(error).__name__}: {error}"
    stderr_tail = getattr(error, "stderr_tail", "")
    logger.error("Processing media %s failed (%s): %s\n%s", media.pk, code, detail, stderr_tail,
                 exc_info=code == "internal")
    Rendition.objects.filter(media=media).exclude(status=Rendition.Status.READY).update(
        status=Rendition.Status.FAILED, error=detail[:MAX_ERROR_CHARS]
    )
    _set_status(media, Media.Processing.FAILED, code, params, detail)


def _make_renditions(media: Media, scratch_dir: Path) -> None:
    original = fetch_original(media.file.name, scratch_dir / "original")
    verdict = inspect_media(
        original, max_bytes=settings.MEDIA_MAX_UPLOAD_BYTES,
        max_duration_s=settings.MEDIA_MAX_DURATION_SECONDS,
    )
    display = verdict.display_size or (None, None)
    Media.objects.filter(pk=media.pk).update(
        type=verdict.kind, duration=round(verdict.duration, 3),
        width=display[0], height=display[1],
    )
    encode_plan = plan(source_for(verdict), anonymisation_for(media))
    _start_rows(media, encode_plan)
    output_dir = scratch_dir / "out"
    result = encode(encode_plan, safe_input_args(verdict, original), output_dir,
                    progress=_progress_reporter(media))
    _store(media, result, output_dir)


def process(media_id: int) -> str:
    """Make every rendition of one media; returns the media's final processing status.

    Whatever is raised on the way, the media ends READY, REJECTED or FAILED (with a reason and
    the detail for the log) and no rendition stays running. A storage outage is raised again
    once recorded, so that the task can schedule a retry.
    """
    media = Media.objects.get(pk=media_id)
    Media.objects.filter(pk=media.pk).update(processing_attempts=media.processing_attempts + 1)
    _set_status(media, Media.Processing.PROCESSING)
    try:
        with scratch_folder(media) as scratch_dir:
            _make_renditions(media, scratch_dir)
    except RejectedMedia as refusal:
        _reject(media, refusal)
    except StorageUnavailable as outage:
        _fail(media, outage)
        raise
    except Exception as error:  # every failure, ours or a library's, ends in a final state
        _fail(media, error)
    else:
        _set_status(media, Media.Processing.READY)
    return media.processing_status
