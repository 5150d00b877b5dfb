"""Making the renditions: run the ladder, finish its outputs, check them, publish them.

`encode()` writes everything into a hidden work directory inside `output_dir`, finishes what
ffmpeg leaves half-done (thumbnail strips, waveform peaks, HLS bandwidth figures), checks every
output for leaked metadata, then moves the outputs into `output_dir` under fresh random names
(a UUID's hex), never derived from the uploaded file's name. On any failure the work directory
is removed and nothing appears in `output_dir`, so a retry starts clean.

Layout in `output_dir` after success (each <uuid> a new one):

    <uuid>/master.m3u8, <uuid>/lowest.m3u8 (the lowest rung alone) and, beside them, each
        rung's and the audio's playlist, init file and fMP4 segments (named by profile key:
        144p.m3u8, 144p_init.mp4, 144p_00000.m4s...)
    <uuid>.m4a      the audio rendition (download, audio-only playback)
    <uuid>.mp4      each progressive MP4
    <uuid>.webp and <uuid>.jpg   each poster (one UUID for the pair)
    <uuid>.jpg      each thumbnail strip
    <uuid>.json     the waveform peaks (audio sources)
"""

import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import leaks, playlists, waveform
from .ffmpeg_run import DEFAULT_MEMORY_BYTES, EncodeError, ProgressCallback, run_ffmpeg
from .ladder import (
    HLS_DIR,
    LOWEST_PLAYLIST,
    MASTER_PLAYLIST,
    build_command,
    stitch_command,
    tile_pattern,
    work_files,
)
from .profiles import EncodePlan, Kind, PlannedRendition

STITCH_TIMEOUT_SECONDS = 60


class MetadataLeak(EncodeError):
    """An output still carried source metadata or an encoder signature; nothing was published."""


@dataclass(frozen=True)
class RenditionFiles:
    """What one rendition became. `files[0]` is the file to link to (playlist, MP4, M4A, image,
    JSON); the rest are what it needs beside it (HLS init and segments, the poster's JPEG)."""

    key: str
    kind: Kind
    files: tuple[Path, ...]
    width: int | None = None  # pictures: the size made; thumbnails: one tile's size
    height: int | None = None
    tiles: int | None = None  # thumbnails: frames in the strip, one every duration/tiles s


@dataclass(frozen=True)
class EncodeResult:
    renditions: dict[str, RenditionFiles]  # by profile key
    master_playlist: Path | None  # None when the source has no video
    lowest_playlist: Path | None = None  # the master playlist of the lowest rung alone


def default_timeout(plan: EncodePlan) -> float:
    """Generous: two minutes plus four times the duration. A 2-core server makes the default
    ladder of a 720p source two to three times faster than real time."""
    return 120 + 4 * plan.source.duration


def _numbered(directory: Path, prefix: str, suffix: str) -> list[Path]:
    pattern = re.compile(rf"{re.escape(prefix)}\d+{re.escape(suffix)}")
    return sorted(p for p in directory.iterdir() if pattern.fullmatch(p.name))


def _hls_files(hls_dir: Path, key: str) -> list[Path]:
    segments = _numbered(hls_dir, f"{key}_", ".m4s")
    return [hls_dir / f"{key}.m3u8", hls_dir / f"{key}_init.mp4", *segments]


def _stitch_thumbnails(
    plan: EncodePlan, work_dir: Path, memory_limit: int
) -> dict[str, PlannedRendition]:
    """Stitch each strip from its frames; the renditions come back with the real tile count
    (the frame-rate filter may deliver one frame fewer than planned on a short source)."""
    finished = {}
    for rendition in plan.of_kind(Kind.THUMBNAILS):
        pattern = tile_pattern(rendition, work_dir)
        count = len(_numbered(work_dir, pattern.name.split("%")[0], ".png"))
        if not count:
            raise EncodeError("the source gave no frame for the thumbnails")
        run_ffmpeg(stitch_command(rendition, work_dir, count),
                   stderr_path=work_dir / f"{rendition.key}-stitch.log",
                   timeout=STITCH_TIMEOUT_SECONDS, memory_limit=memory_limit)
        finished[rendition.key] = PlannedRendition(rendition.profile, rendition.width,
                                                   rendition.height, tiles=count)
    return finished


def _write_waveforms(plan: EncodePlan, work_dir: Path) -> None:
    for rendition in plan.of_kind(Kind.WAVEFORM):
        (pcm,) = work_files(rendition, work_dir)
        waveform.write_peaks(pcm, work_dir / f"{rendition.key}.json",
                             sample_rate=rendition.profile.sample_rate or 0,
                             duration=plan.source.duration, points=rendition.profile.points or 0)


def _collect(plan: EncodePlan, work_dir: Path) -> dict[str, list[Path]]:
    """Every file that each rendition consists of, in the work directory."""
    hls_dir = work_dir / HLS_DIR
    has_hls = (hls_dir / MASTER_PLAYLIST).exists()
    files: dict[str, list[Path]] = {}
    for rendition in plan.renditions:
        if rendition.kind is Kind.HLS_VIDEO:
            files[rendition.key] = _hls_files(hls_dir, rendition.key)
        elif rendition.kind is Kind.WAVEFORM:
            files[rendition.key] = [work_dir / f"{rendition.key}.json"]
        else:
            files[rendition.key] = list(work_files(rendition, work_dir))
            if rendition.kind is Kind.AUDIO and has_hls:
                files[rendition.key] += _hls_files(hls_dir, rendition.key)
    missing = [path.name for paths in files.values() for path in paths if not path.is_file()]
    if missing:
        raise EncodeError(f"ffmpeg did not write {', '.join(sorted(missing)[:5])}")
    return files


def _publish(
    renditions: list[PlannedRendition],
    files: dict[str, list[Path]],
    work_dir: Path,
    output_dir: Path,
) -> EncodeResult:
    """Move the files out of the work directory under new random names."""
    hls_work = work_dir / HLS_DIR
    hls_final = output_dir / uuid.uuid4().hex
    master = lowest = None
    moved: list[Path] = []
    try:
        if (hls_work / MASTER_PLAYLIST).exists():
            hls_work.rename(hls_final)
            moved.append(hls_final)
            master = hls_final / MASTER_PLAYLIST
            lowest = hls_final / LOWEST_PLAYLIST
        published = {}
        for rendition in renditions:
            stem = uuid.uuid4().hex
            final = []
            for path in files[rendition.key]:
                if path.parent == hls_work:
                    final.append(hls_final / path.name)
                    continue
                target = output_dir / f"{stem}{path.suffix}"
                path.rename(target)
                moved.append(target)
                final.append(target)
            published[rendition.key] = RenditionFiles(
                key=rendition.key, kind=rendition.kind, files=tuple(final),
                width=rendition.width, height=rendition.height, tiles=rendition.tiles,
            )
    except OSError:
        for path in moved:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        raise
    return EncodeResult(renditions=published, master_playlist=master, lowest_playlist=lowest)


def encode(
    plan: EncodePlan,
    input_args: list[str],
    output_dir: Path,
    *,
    progress: ProgressCallback | None = None,
    timeout: float | None = None,
    memory_limit: int = DEFAULT_MEMORY_BYTES,
) -> EncodeResult:
    """Make every rendition of `plan` from the input that `input_args` opens (the hardened
    options ending with `-i PATH`), into `output_dir`.

    `progress` gets the percent done, ending with 100. `timeout` (seconds, wall clock) defaults
    to default_timeout(plan). Raises EncodeError (or its EncodeTimeout, MetadataLeak), and then
    leaves nothing behind.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    work_dir = output_dir / f".work-{uuid.uuid4().hex}"
    (work_dir / HLS_DIR).mkdir(parents=True)
    try:
        run_ffmpeg(build_command(plan, input_args, work_dir),
                   stderr_path=work_dir / "ffmpeg.log", timeout=timeout or default_timeout(plan),
                   duration=plan.source.duration, progress=progress, memory_limit=memory_limit)
        stitched = _stitch_thumbnails(plan, work_dir, memory_limit)
        _write_waveforms(plan, work_dir)
        files = _collect(plan, work_dir)
        master = work_dir / HLS_DIR / MASTER_PLAYLIST
        if master.exists():
            playlists.correct_bandwidths(master)
            playlists.write_lowest_variant(master, LOWEST_PLAYLIST)
        found = leaks.find_leaks([p for paths in files.values() for p in paths],
                                 plan.source.private_values)
        if found:
            raise MetadataLeak("an output still carries metadata: " + "; ".join(found))
        renditions = [stitched.get(r.key, r) for r in plan.renditions]
        result = _publish(renditions, files, work_dir, output_dir)
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    if progress:
        progress(100.0)
    return result
