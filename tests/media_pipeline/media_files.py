"""Real media for the pipeline's tests, made on the fly by the same ffmpeg the archive uses.

media_pipeline.generate makes the archive's ordinary H.264/AAC files; these helpers add what
only tests need: other codecs and containers, rotation, cut files and hostile manifests.
"""

import subprocess
from pathlib import Path

from media_pipeline.generate import make_video
from media_pipeline.tools import ffmpeg_binary

TONE = ["-f", "lavfi", "-i", "sine=frequency=330:sample_rate=22050:duration=1"]


def pattern(size: str = "160x90") -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=10:duration=1"]


def ffmpeg(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the archive's ffmpeg (no limits: test inputs are trusted) and return the result."""
    command = [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args]
    return subprocess.run(command, capture_output=True, timeout=60, check=False)


def encode(path: Path, *args: str) -> Path:
    completed = ffmpeg(*args, str(path))
    assert completed.returncode == 0, completed.stderr.decode()
    return path


def piped(path: Path, *args: str) -> Path:
    """A WebM written to a pipe, as live recorders write: no duration, no Segment size."""
    completed = ffmpeg(*args, "-f", "webm", "pipe:1")
    assert completed.returncode == 0, completed.stderr.decode()
    path.write_bytes(completed.stdout)
    return path


def rotated(source: Path, path: Path, degrees: int) -> Path:
    """A copy of `source` whose video carries a display rotation, as phones write it."""
    return encode(path, "-display_rotation:v:0", str(degrees), "-i", str(source), "-c", "copy")


def moov_at_end(path: Path) -> Path:
    """An MP4 as cameras write it while recording: the index (moov) after the data."""
    source = make_video(path.with_name(f"faststart-{path.name}"), seconds=1)
    return encode(path, "-i", str(source), "-c", "copy")


def cut(source: Path, path: Path, keep: int) -> Path:
    path.write_bytes(source.read_bytes()[:keep])
    return path


def top_level_boxes(path: Path) -> dict[bytes, tuple[int, int]]:
    """ISO-BMFF top-level boxes: type → (offset, size); enough to cut a file at its index."""
    data, offset, boxes = path.read_bytes(), 0, {}
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset:offset + 4], "big")
        boxes[data[offset + 4:offset + 8]] = (offset, size)
        offset += size
    return boxes
