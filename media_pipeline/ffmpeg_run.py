"""Running the ladder's ffmpeg: under the pipeline's limits, with progress and readable failures.

The limits (memory, processor time, wall clock, no core dumps) are applied by the same launcher
as every other child of the pipeline (media_pipeline.limits), never by `preexec_fn`, which is
unsafe in the threaded web server and task workers.
"""

import math
import os
from collections.abc import Callable
from pathlib import Path

from .limits import ChildFailed, ChildTimedOut, Limits, stream_limited

ProgressCallback = Callable[[float], None]

DEFAULT_MEMORY_BYTES = 6 * 1024**3  # address space: the 720p ladder maps well under half of it
MESSAGE_CHARS = 200


class EncodeError(RuntimeError):
    """The renditions could not be made. The message is short and plain; `stderr_tail` holds
    ffmpeg's last words for the logs."""

    def __init__(self, message: str, stderr_tail: str = "") -> None:
        super().__init__(message)
        self.stderr_tail = stderr_tail


class EncodeTimeout(EncodeError):
    """ffmpeg ran past its wall-clock limit (`limit_s` seconds) and was stopped."""

    def __init__(self, message: str, stderr_tail: str = "", limit_s: float = 0) -> None:
        super().__init__(message, stderr_tail)
        self.limit_s = limit_s


def ladder_limits(timeout: float, memory_limit: int) -> Limits:
    """The wall clock is the real bound; processor time is capped at what every core could
    spend in that time, so that it only ever stops a runaway the clock has not yet caught."""
    cpu_seconds = math.ceil(timeout * (os.cpu_count() or 1)) + 1
    return Limits(cpu_seconds=cpu_seconds, memory_bytes=memory_limit, wall_seconds=timeout)


def run_ffmpeg(
    command: list[str],
    *,
    stderr_path: Path,
    timeout: float,
    duration: float | None = None,
    progress: ProgressCallback | None = None,
    memory_limit: int = DEFAULT_MEMORY_BYTES,
) -> None:
    """Run ffmpeg; raise EncodeError (EncodeTimeout past `timeout` seconds) on failure.

    If the command reports `-progress pipe:1`, `progress` gets the percent done (rising, below
    100) as reports come in, computed against `duration` seconds of media. ffmpeg's standard
    error is kept in `stderr_path`.
    """
    reported = 0.0
    try:
        for raw in stream_limited(command, ladder_limits(timeout, memory_limit),
                                  stderr_path=stderr_path):
            name, _, value = raw.decode("ascii", errors="replace").strip().partition("=")
            if name == "out_time_us" and value.isdigit() and progress and duration:
                percent = min(99.9, int(value) / 1e4 / duration)
                if percent > reported:
                    reported = percent
                    progress(percent)
    except ChildTimedOut as timed_out:
        raise EncodeTimeout(f"encoding took longer than {timeout:.0f} s and was stopped",
                            timed_out.stderr_tail, limit_s=timeout) from None
    except ChildFailed as failure:
        reason = str(failure)
        if len(reason) > MESSAGE_CHARS:
            reason = "…" + reason[-MESSAGE_CHARS:]
        raise EncodeError(f"encoding failed: {reason}", failure.stderr_tail) from None
