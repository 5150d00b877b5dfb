"""Running a child process under limits: processor time, memory, file size and wall-clock time.

Untrusted media is only ever parsed in a child process (the PyAV probe, ffmpeg), so a hostile
file can at worst get that child killed. `run_limited` returns the child's whole output (the
gate's short calls); `stream_limited` hands it over line by line as the child writes it (the
ladder, whose `-progress` reports feed the progress bar).

The limits are set by a launcher, this very file run as `python -I -S limits.py ...`, which
calls setrlimit and then execs the real command. Not by `preexec_fn`: Python documents it as
unsafe in a process that has threads, and the web server and task workers do. The launcher
costs about 10 ms per call and needs only the standard library.

Core dumps are always off: a dump of a decoder holds the private media it was reading.
"""

import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import IO

_LAUNCHER = str(Path(__file__).resolve())
STDERR_TAIL_BYTES = 8192
_LOG_PREFIX = re.compile(r"^(\[[^\]]* @ 0x[0-9a-f]+\]\s*)+")


@dataclass(frozen=True)
class Limits:
    cpu_seconds: int
    memory_bytes: int  # address space (RLIMIT_AS), so it counts thread stacks too
    wall_seconds: float
    file_bytes: int | None = None  # the largest file the child may write (RLIMIT_FSIZE)


class ChildFailed(RuntimeError):
    """The child exited with an error, hit a limit or was killed; the message is one short line.
    `stderr_tail` keeps the end of what the child wrote to standard error, for the logs."""

    def __init__(self, message: str, stderr_tail: str = "") -> None:
        super().__init__(message)
        self.stderr_tail = stderr_tail


class ChildTimedOut(ChildFailed):
    """The child ran past its wall-clock limit and was killed."""


def _command(argv: list[str], limits: Limits) -> list[str]:
    """`argv` behind the launcher, which applies `limits` and then execs it."""
    file_bytes = -1 if limits.file_bytes is None else limits.file_bytes
    return [
        sys.executable, "-I", "-S", _LAUNCHER,
        str(limits.cpu_seconds), str(limits.memory_bytes), str(file_bytes), "--", *argv,
    ]


def _timed_out(limits: Limits, stderr_tail: str = "") -> ChildTimedOut:
    return ChildTimedOut(f"stopped after {limits.wall_seconds:g} s (time limit)", stderr_tail)


def run_limited(argv: list[str], limits: Limits, *, cwd: Path | None = None) -> bytes:
    """Run `argv` under `limits` with no standard input; return its standard output.

    Raises ChildFailed with a short reason (the tail of the child's stderr, or the limit hit;
    ChildTimedOut for the wall-clock limit). Standard error goes to a temporary file of which
    only the tail is read, so a file that makes the decoder complain a million times cannot
    fill the parent's memory.
    """
    command = _command(argv, limits)
    with tempfile.TemporaryFile() as stderr:
        try:
            completed = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr,
                timeout=limits.wall_seconds,
                cwd=cwd,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise _timed_out(limits, _tail(stderr)) from None
        if completed.returncode == 0:
            return completed.stdout
        tail = _tail(stderr)
        raise ChildFailed(_reason(completed.returncode, tail, limits), tail)


def stream_limited(
    argv: list[str], limits: Limits, *, stderr_path: Path | None = None, cwd: Path | None = None
) -> Iterator[bytes]:
    """Run `argv` under `limits` with no standard input, yielding its standard output line by
    line as the child writes it (ffmpeg's `-progress pipe:1` reports, say).

    After the last line, raises ChildFailed as run_limited does (ChildTimedOut when the
    wall-clock limit killed it). Standard error goes to `stderr_path` when given (kept for the
    logs), else to a temporary file. Leaving the loop early kills the child.
    """
    with ExitStack() as stack:
        if stderr_path:
            stderr = stack.enter_context(stderr_path.open("w+b"))
        else:
            stderr = stack.enter_context(tempfile.TemporaryFile())
        process = subprocess.Popen(
            _command(argv, limits), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=stderr, cwd=cwd,
        )
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            process.kill()

        # The launcher execs the command, so killing this pid kills the command itself.
        timer = threading.Timer(limits.wall_seconds, expire)
        timer.daemon = True
        timer.start()
        try:
            with process.stdout:  # type: ignore[union-attr]
                yield from process.stdout  # type: ignore[misc]
            returncode = process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
        if returncode == 0:
            return
        tail = _tail(stderr)
        if expired.is_set():
            raise _timed_out(limits, tail)
        raise ChildFailed(_reason(returncode, tail, limits), tail)


def _tail(stderr: IO[bytes]) -> str:
    size = stderr.seek(0, os.SEEK_END)
    stderr.seek(max(0, size - STDERR_TAIL_BYTES))
    tail = stderr.read()
    if size > STDERR_TAIL_BYTES:  # drop the line the cut went through
        tail = tail.partition(b"\n")[2]
    return tail.decode("utf-8", errors="replace")


def _reason(returncode: int, stderr: str, limits: Limits) -> str:
    if returncode == -signal.SIGXCPU:
        return f"stopped after {limits.cpu_seconds} s of processor time (CPU limit)"
    if returncode == -signal.SIGKILL:  # the hard CPU limit, or the kernel's out-of-memory killer
        return f"killed after at most {limits.cpu_seconds + 1} s of processor time (SIGKILL)"
    if returncode == -signal.SIGXFSZ or "File too large" in stderr:  # killed, or EFBIG
        return f"tried to write more than {limits.file_bytes} bytes (file size limit)"
    if "Cannot allocate memory" in stderr or "MemoryError" in stderr:
        return f"ran out of its {limits.memory_bytes // 2**20} MiB memory limit"
    lines = [_LOG_PREFIX.sub("", line).strip() for line in stderr.splitlines()]
    lines = list(dict.fromkeys(line for line in lines if line))  # drop repeats, keep order
    if returncode < 0:
        lines.append(f"killed by {signal.Signals(-returncode).name}")
    if len(lines) > 2:  # the first error is usually the cause, the last one the conclusion
        lines = [lines[0], lines[-1]]
    return "; ".join(lines)[-300:] or f"exited with status {returncode}"


def _launch(args: list[str]) -> None:
    """The launcher: `CPU MEMORY FILE_BYTES -- COMMAND...`; sets the limits, then execs."""
    cpu, memory, file_bytes = (int(value) for value in args[:3])
    command = args[4:]
    _lower(resource.RLIMIT_CORE, 0, 0)
    # The soft limit sends SIGXCPU; the hard one, a second later, SIGKILL.
    _lower(resource.RLIMIT_CPU, cpu, cpu + 1)
    _lower(resource.RLIMIT_AS, memory, memory)
    if file_bytes >= 0:
        _lower(resource.RLIMIT_FSIZE, file_bytes, file_bytes)
    os.execvp(command[0], command)  # noqa: S606 (an argument list, never a shell)


def _lower(kind: int, soft: int, hard: int) -> None:
    """Set a limit, never above one the service manager or container already imposes."""
    _, current = resource.getrlimit(kind)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(kind, (soft, hard))


if __name__ == "__main__":
    _launch(sys.argv[1:])
