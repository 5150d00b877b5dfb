"""The media pipeline on a generated 60 s 720p source with speech-like sound.

The source is written the way a phone writes video (H.264 High profile with CABAC, 8 Mbit/s),
so that decoding it costs what decoding an upload costs: about four times a test pattern
written with x264's fastest preset.

- pipeline_vs_ffmpeg_wall: encode() (progress reports, strip stitching, bandwidth figures, the
  leak scan, publication) over the very same ffmpeg commands run bare, the faster of two runs
  each (see _fastest). Goal: at most 1.10. `_cpu`: the same in CPU seconds (this process's
  and ffmpeg's), which neighbours on a busy machine disturb far less than wall time.
- ladder_single_vs_multi: the four HLS video rungs made by one process (one decode) over the
  same rungs made by one process each, run one after another as per-rung jobs would run.
  Goal: at most 0.85. `_cpu`: the same in CPU seconds.
- ladder_realtime_factor: seconds of source per second of encode(); above 1 is faster than
  real time.
- bytes_per_minute_<rendition>: what each rendition weighs per minute of source. For audio,
  `audio` is the M4A file and `audio_hls` its HLS copy; `144p_plus_audio` is what a phone on
  the lowest rung downloads (goal: at most 1.4 MB), `audio` alone should stay under 240 KB.
"""

import math
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from media_pipeline.encode import EncodeResult, encode
from media_pipeline.generate import make_video
from media_pipeline.ladder import HLS_DIR, build_command, stitch_command, tile_pattern
from media_pipeline.profiles import EncodePlan, Kind, SourceInfo, plan

SECONDS = 60
WIDTH, HEIGHT = 1280, 720


@dataclass
class Timing:
    wall: float = math.inf  # the fastest run, in seconds
    cpu: float = math.inf  # CPU seconds in that run, this process's and its children's


def _cpu_seconds() -> float:
    return sum(usage.ru_utime + usage.ru_stime for usage in (
        resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def _time(action: Callable[[Path], object], target: Path) -> Timing:
    cpu, start = _cpu_seconds(), time.perf_counter()
    action(target)
    return Timing(time.perf_counter() - start, _cpu_seconds() - cpu)


def _fastest(first: Callable[[Path], object], second: Callable[[Path], object],
             root: Path) -> tuple[Timing, Timing]:
    """Each action twice, in the order first, second, second, first, keeping each one's
    fastest run: on a shared two-core machine a neighbour's burst would otherwise decide."""
    best = [Timing(), Timing()]
    for run, index in enumerate((0, 1, 1, 0)):
        timing = _time((first, second)[index], root / f"{run}")
        if timing.wall < best[index].wall:
            best[index] = timing
    return best[0], best[1]


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
                            audio="speech", preset="superfast", video_bitrate=8_000_000)
        info = SourceInfo(kind="video", duration=SECONDS, width=WIDTH, height=HEIGHT,
                          frame_rate=25)
        planned = plan(info)
        input_args = ["-f", "mov", "-protocol_whitelist", "file", "-i", str(source)]
        results: list[EncodeResult] = []

        def bare_run(target: Path) -> None:
            _bare(planned, input_args, target)

        def pipeline_run(target: Path) -> None:
            results.append(encode(planned, input_args, target))

        rungs = [r.key for r in planned.of_kind(Kind.HLS_VIDEO)]

        def single_run(target: Path) -> None:
            _bare(planned.only(*rungs), input_args, target)

        def multi_run(target: Path) -> None:
            for key in rungs:
                _bare(planned.only(key), input_args, target / key)

        bare, pipeline = _fastest(bare_run, pipeline_run, root / "full")
        # Once each: one decode instead of four leaves a wide margin, and the bench its minutes.
        single = _time(single_run, root / "single")
        multi = _time(multi_run, root / "multi")
        return {
            "pipeline_vs_ffmpeg_wall": pipeline.wall / bare.wall,
            "pipeline_vs_ffmpeg_cpu": pipeline.cpu / bare.cpu,
            "ladder_single_vs_multi": single.wall / multi.wall,
            "ladder_single_vs_multi_cpu": single.cpu / multi.cpu,
            "ladder_realtime_factor": SECONDS / pipeline.wall,
            "pipeline_wall_seconds": pipeline.wall,
            "bare_ffmpeg_wall_seconds": bare.wall,
            **_sizes(results[0]),
        }
