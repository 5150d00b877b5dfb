"""The media pipeline on a generated 60 s 720p source with speech-like sound.

- pipeline_vs_ffmpeg_wall: encode() (progress reports, strip stitching, bandwidth figures, the
  leak scan, publication) over the very same ffmpeg commands run bare, the faster of two runs
  each. Goal: at most 1.10.
- ladder_single_vs_multi: the four HLS video rungs made by one process (one decode) over the
  same rungs made by one process each, run one after another as per-rung jobs would run.
  Goal: at most 0.85.
- ladder_realtime_factor: seconds of source per second of encode(); above 1 is faster than
  real time.
- bytes_per_minute_<rendition>: what each rendition weighs per minute of source. For audio,
  `audio` is the M4A file and `audio_hls` its HLS copy; `144p_plus_audio` is what a phone on
  the lowest rung downloads (goal: at most 1.4 MB), `audio` alone should stay under 240 KB.
"""

import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from media_pipeline.encode import EncodeResult, encode
from media_pipeline.generate import make_video
from media_pipeline.ladder import HLS_DIR, build_command, stitch_command, tile_pattern
from media_pipeline.profiles import EncodePlan, Kind, SourceInfo, plan

SECONDS = 60
WIDTH, HEIGHT = 1280, 720


def _timed(action: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    action(*args)
    return time.perf_counter() - start


def _bare(planned: EncodePlan, input_args: list[str], work_dir: Path) -> None:
    """The pipeline's ffmpeg commands and nothing else: the baseline."""
    (work_dir / HLS_DIR).mkdir(parents=True)
    subprocess.run(build_command(planned, input_args, work_dir, progress_url=None), check=True)
    for rendition in planned.of_kind(Kind.THUMBNAILS):
        pattern = tile_pattern(rendition, work_dir).name.split("%")[0]
        count = len(list(work_dir.glob(f"{pattern}*.png")))
        subprocess.run(stitch_command(rendition, work_dir, count), check=True)


def _sizes(result: EncodeResult) -> dict[str, float]:
    minutes = SECONDS / 60
    figures = {}
    for key, rendition in result.renditions.items():
        if rendition.kind is Kind.AUDIO:
            download, *hls = rendition.files
            figures["audio"] = download.stat().st_size / minutes
            figures["audio_hls"] = sum(p.stat().st_size for p in hls) / minutes
        else:
            figures[key] = sum(p.stat().st_size for p in rendition.files) / minutes
    figures["144p_plus_audio"] = figures["144p"] + figures["audio_hls"]
    return {f"bytes_per_minute_{name}": round(value) for name, value in figures.items()}


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kafamuya-bench-") as scratch:
        root = Path(scratch)
        source = make_video(root / "source.mp4", seconds=SECONDS, width=WIDTH, height=HEIGHT,
                            audio="speech")
        info = SourceInfo(kind="video", duration=SECONDS, width=WIDTH, height=HEIGHT,
                          frame_rate=25)
        planned = plan(info)
        input_args = ["-f", "mov", "-protocol_whitelist", "file", "-i", str(source)]
        results: list[EncodeResult] = []

        # Twice each, in the order bare, pipeline, pipeline, bare, keeping the faster run of
        # each: on a shared two-core machine a neighbour's burst would otherwise decide.
        def pipeline_run(target: Path) -> None:
            results.append(encode(planned, input_args, target))

        walls: dict[str, list[float]] = {"bare": [], "pipeline": []}
        for kind in ("bare", "pipeline", "pipeline", "bare"):
            target = root / f"{kind}-{len(walls[kind])}"
            if kind == "bare":
                walls[kind].append(_timed(_bare, planned, input_args, target))
            else:
                walls[kind].append(_timed(pipeline_run, target))
        bare, pipeline = min(walls["bare"]), min(walls["pipeline"])

        rungs = [r.key for r in planned.of_kind(Kind.HLS_VIDEO)]
        single = _timed(_bare, planned.only(*rungs), input_args, root / "single")
        multi = sum(_timed(_bare, planned.only(key), input_args, root / f"multi-{key}")
                    for key in rungs)
        return {
            "pipeline_vs_ffmpeg_wall": pipeline / bare,
            "ladder_single_vs_multi": single / multi,
            "ladder_realtime_factor": SECONDS / pipeline,
            "pipeline_wall_seconds": pipeline,
            "bare_ffmpeg_wall_seconds": bare,
            **_sizes(results[0]),
        }
