"""run_ffmpeg (the ladder's runner): the pipeline's launcher applies the limits, progress still
comes line by line, and failures stay short. A Python child stands in for ffmpeg."""

import sys

import pytest

from media_pipeline import limits
from media_pipeline.ffmpeg_run import EncodeError, EncodeTimeout, run_ffmpeg


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_the_ladder_runs_behind_the_launcher_not_preexec_fn(tmp_path, monkeypatch):
    seen = {}
    real_popen = limits.subprocess.Popen

    def spy(command, **kwargs):
        seen.update(kwargs, command=command)
        return real_popen(command, **kwargs)

    monkeypatch.setattr(limits.subprocess, "Popen", spy)
    code = "import resource as r; print('as=%d' % r.getrlimit(r.RLIMIT_AS)[0])"
    run_ffmpeg(python(code), stderr_path=tmp_path / "log", timeout=20,
               memory_limit=700 * 2**20)
    assert "preexec_fn" not in seen
    assert seen["command"][-3:] == python(code)
    assert "limits.py" in seen["command"][3]


def test_memory_limit_is_enforced(tmp_path):
    with pytest.raises(EncodeError, match="memory limit"):
        run_ffmpeg(python("x = bytearray(600 * 2**20)"), stderr_path=tmp_path / "log",
                   timeout=20, memory_limit=300 * 2**20)


def test_progress_is_reported_as_the_reports_come(tmp_path):
    code = (
        "import time\n"
        "for us in (250000, 500000, 500000, 900000):\n"
        "    print('frame=1'); print(f'out_time_us={us}', flush=True); time.sleep(0.05)\n"
        "print('progress=end', flush=True)\n"
    )
    progress = []
    run_ffmpeg(python(code), stderr_path=tmp_path / "log", timeout=20, duration=1,
               progress=progress.append)
    assert progress == [25.0, 50.0, 90.0]


def test_a_failure_is_short_and_keeps_the_tail_for_the_logs(tmp_path):
    code = ("import sys\n"
            "for i in range(500): print('[aac @ 0x5555] noise', i, file=sys.stderr)\n"
            "print('[in#0 @ 0x5555] Invalid data found when processing input', file=sys.stderr)\n"
            "sys.exit(1)")
    with pytest.raises(EncodeError) as failure:
        run_ffmpeg(python(code), stderr_path=tmp_path / "log", timeout=20)
    message = str(failure.value)
    assert message.startswith("encoding failed: ") and len(message) < 250
    assert message.endswith("Invalid data found when processing input")
    assert "Invalid data" in failure.value.stderr_tail
    assert "noise 0" in (tmp_path / "log").read_text()


def test_past_the_timeout_it_is_stopped(tmp_path):
    with pytest.raises(EncodeTimeout, match="longer than 1 s"):
        run_ffmpeg(python("import time; time.sleep(30)"), stderr_path=tmp_path / "log", timeout=1)
