"""Running one ffmpeg process: wall-clock and memory limits, progress, readable failures."""

import re
import resource
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

ProgressCallback = Callable[[float], None]

DEFAULT_MEMORY_BYTES = 6 * 1024**3  # address space: the 720p ladder maps well under half of it
STDERR_TAIL_BYTES = 4000
_LOG_PREFIX = re.compile(r"^(\[[^\]]*\]\s*)+")  # "[vost#0:1/libx264 @ 0x55...] "


class EncodeError(RuntimeError):
    """The renditions could not be made. The message is short and plain; `stderr_tail` holds
    ffmpeg's last words for the logs."""

    def __init__(self, message: str, stderr_tail: str = "") -> None:
        super().__init__(message)
        self.stderr_tail = stderr_tail


class EncodeTimeout(EncodeError):
    """ffmpeg ran past its wall-clock limit and was stopped."""


def _limit_memory(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _stderr_tail(path: Path) -> str:
    with path.open("rb") as stream:
        stream.seek(max(0, path.stat().st_size - STDERR_TAIL_BYTES))
        return stream.read().decode("utf-8", errors="replace").strip()


def _reason(tail: str) -> str:
    """The last thing ffmpeg said, without its "[component @ address]" prefixes."""
    lines = [_LOG_PREFIX.sub("", line).strip() for line in tail.splitlines()]
    lines = [line for line in lines if line]
    return lines[-1][:200] if lines else "no message"


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
    100) as reports come in, computed against `duration` seconds of media.
    """
    expired = threading.Event()
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
            preexec_fn=_limit_memory(memory_limit),
        )

        def expire() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            reported = 0.0
            for raw in process.stdout or ():
                name, _, value = raw.decode("ascii", errors="replace").strip().partition("=")
                if name == "out_time_us" and value.isdigit() and progress and duration:
                    percent = min(99.9, int(value) / 1e4 / duration)
                    if percent > reported:
                        reported = percent
                        progress(percent)
            returncode = process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
    if expired.is_set():
        raise EncodeTimeout(f"encoding took longer than {timeout:.0f} s and was stopped",
                            _stderr_tail(stderr_path))
    if returncode != 0:
        tail = _stderr_tail(stderr_path)
        raise EncodeError(f"encoding failed: {_reason(tail)}", tail)
