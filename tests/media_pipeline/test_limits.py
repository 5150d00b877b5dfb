"""run_limited and stream_limited: each limit is really enforced on the child, and failures read
as one short line."""

import os
import sys
from pathlib import Path

import pytest

import media_pipeline
from media_pipeline.limits import ChildFailed, ChildTimedOut, Limits, run_limited, stream_limited

ROOMY = Limits(cpu_seconds=10, memory_bytes=1024**3, wall_seconds=20)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_returns_standard_output():
    assert run_limited(python("print('bonjour')"), ROOMY) == b"bonjour\n"


def test_the_child_sees_the_limits_and_no_core_dumps():
    code = (
        "import resource as r; "
        "print([r.getrlimit(x) for x in (r.RLIMIT_CPU, r.RLIMIT_AS, r.RLIMIT_CORE, "
        "r.RLIMIT_FSIZE)])"
    )
    limits = Limits(cpu_seconds=7, memory_bytes=900 * 2**20, wall_seconds=20, file_bytes=12345)
    output = run_limited(python(code), limits).decode()
    assert output.strip() == str([(7, 8), (900 * 2**20,) * 2, (0, 0), (12345, 12345)])


def test_the_child_has_no_standard_input():
    assert run_limited(python("import sys; print(repr(sys.stdin.read()))"), ROOMY) == b"''\n"


def test_processor_time_limit():
    limits = Limits(cpu_seconds=1, memory_bytes=1024**3, wall_seconds=20)
    with pytest.raises(ChildFailed, match="CPU limit"):
        run_limited(python("while True: pass"), limits)


def test_memory_limit():
    limits = Limits(cpu_seconds=10, memory_bytes=300 * 2**20, wall_seconds=20)
    with pytest.raises(ChildFailed, match="memory limit"):
        run_limited(python("x = bytearray(600 * 2**20)"), limits)


def test_wall_clock_limit():
    limits = Limits(cpu_seconds=10, memory_bytes=1024**3, wall_seconds=0.5)
    with pytest.raises(ChildFailed, match="time limit"):
        run_limited(python("import time; time.sleep(30)"), limits)


def test_file_size_limit(tmp_path):
    limits = Limits(cpu_seconds=10, memory_bytes=1024**3, wall_seconds=20, file_bytes=2**20)
    code = f"open({str(tmp_path / 'big')!r}, 'wb').write(bytes(4 * 2**20))"
    with pytest.raises(ChildFailed, match="file size limit"):
        run_limited(python(code), limits)


def test_a_flood_on_stderr_becomes_one_short_line():
    code = (
        "import sys\n"
        "for i in range(200_000): print('[h264 @ 0x55d0c0ffee00] error while decoding MB', i,"
        " file=sys.stderr)\n"
        "print('[in#0 @ 0x55d0c0ffee00] Invalid data found when processing input',"
        " file=sys.stderr)\n"
        "sys.exit(3)"
    )
    with pytest.raises(ChildFailed) as caught:
        run_limited(python(code), ROOMY)
    message = str(caught.value)
    assert len(message) <= 300
    assert message.endswith("Invalid data found when processing input")
    assert "0x55d0c0ffee00" not in message


def test_limits_never_exceed_those_already_imposed():
    """Under a service manager's or container's lower ceiling, the launcher keeps the lower."""
    code = "import resource as r; print(r.getrlimit(r.RLIMIT_CPU))"
    capped = python(
        "import resource, subprocess, sys; "
        "resource.setrlimit(resource.RLIMIT_CPU, (5, 5)); "
        "from media_pipeline.limits import Limits, run_limited; "
        f"sys.stdout.buffer.write(run_limited([sys.executable, '-c', {code!r}], "
        "Limits(cpu_seconds=60, memory_bytes=2**30, wall_seconds=20)))"
    )
    project = Path(media_pipeline.__file__).resolve().parent.parent
    assert run_limited(capped, ROOMY, cwd=project).strip() == b"(5, 5)"


# --- stream_limited: the same limits, output handed over line by line ---------------------------
def test_stream_hands_over_each_line_as_the_child_writes_it(tmp_path):
    """The child writes its second line only once the parent has seen the first: a stream that
    waited for the end would get "late" instead."""
    go = tmp_path / "go"
    code = (
        "import os, sys, time\n"
        "print('first', flush=True)\n"
        "deadline = time.monotonic() + 10\n"
        f"while not os.path.exists({str(go)!r}) and time.monotonic() < deadline:\n"
        "    time.sleep(0.01)\n"
        f"print('second' if os.path.exists({str(go)!r}) else 'late', flush=True)\n"
    )
    lines = []
    for line in stream_limited(python(code), ROOMY):
        lines.append(line)
        go.touch()
    assert lines == [b"first\n", b"second\n"]


def test_stream_applies_the_limits(tmp_path):
    code = "import resource as r; print(r.getrlimit(r.RLIMIT_AS)); print(r.getrlimit(r.RLIMIT_CPU))"
    limits = Limits(cpu_seconds=7, memory_bytes=900 * 2**20, wall_seconds=20)
    assert list(stream_limited(python(code), limits)) == [
        f"{(900 * 2**20,) * 2}\n".encode(), b"(7, 8)\n",
    ]


def test_stream_memory_limit_and_stderr_kept(tmp_path):
    log = tmp_path / "child.log"
    limits = Limits(cpu_seconds=10, memory_bytes=300 * 2**20, wall_seconds=20)
    with pytest.raises(ChildFailed, match="memory limit") as caught:
        list(stream_limited(python("x = bytearray(600 * 2**20)"), limits, stderr_path=log))
    assert "MemoryError" in caught.value.stderr_tail
    assert "MemoryError" in log.read_text()


def test_stream_wall_clock_limit_keeps_the_lines_already_written():
    limits = Limits(cpu_seconds=10, memory_bytes=1024**3, wall_seconds=1)
    lines = []
    with pytest.raises(ChildTimedOut, match="time limit"):
        for line in stream_limited(python("import time; print('a', flush=True); time.sleep(30)"),
                                   limits):
            lines.append(line)
    assert lines == [b"a\n"]


def test_stream_failure_reads_as_one_short_line():
    code = "import sys; print('[in#0 @ 0x55d0c0ffee00] Invalid data', file=sys.stderr); sys.exit(1)"
    with pytest.raises(ChildFailed) as caught:
        list(stream_limited(python(code), ROOMY))
    assert str(caught.value) == "Invalid data"
    assert "0x55d0c0ffee00" in caught.value.stderr_tail


def test_leaving_the_stream_early_kills_the_child(tmp_path):
    pid_file = tmp_path / "pid"
    code = (f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); "
            "print('a', flush=True); time.sleep(30)")
    stream = stream_limited(python(code), ROOMY)
    assert next(stream) == b"a\n"
    stream.close()
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # reaped: gone, not a zombie
