"""Small synthetic media made by ffmpeg: the demo archive's files and the tests' inputs.

Nothing here is downloaded; every file is a few seconds of test pattern and tone.
"""

import subprocess
from pathlib import Path

from .tools import ffmpeg_binary


class MediaGenerationError(RuntimeError):
    pass


def _run_ffmpeg(args: list[str]) -> None:
    command = [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if completed.returncode != 0:
        raise MediaGenerationError(completed.stderr.strip() or "ffmpeg failed")


def metadata_args(metadata: dict[str, str] | None) -> list[str]:
    """ffmpeg arguments that write the given container tags (the tests use them)."""
    pairs = (metadata or {}).items()
    return [arg for key, value in pairs for arg in ("-metadata", f"{key}={value}")]


def make_video(
    path: Path,
    *,
    seconds: float = 3,
    width: int = 320,
    height: int = 180,
    tone_hz: int = 440,
    metadata: dict[str, str] | None = None,
) -> Path:
    """An H.264/AAC MP4 of a moving test pattern with a tone."""
    tags = metadata_args(metadata)
    _run_ffmpeg([
        "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=25:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency={tone_hz}:sample_rate=44100:duration={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-shortest", *tags, "-movflags", "+faststart", str(path),
    ])
    return path


def make_audio(
    path: Path, *, seconds: float = 3, tone_hz: int = 330, metadata: dict[str, str] | None = None
) -> Path:
    """A mono audio file of a tone; the container follows the suffix (.m4a, .mp3, .wav, .ogg)."""
    tags = metadata_args(metadata)
    _run_ffmpeg([
        "-f", "lavfi", "-i", f"sine=frequency={tone_hz}:sample_rate=22050:duration={seconds}",
        "-ac", "1", *tags, str(path),
    ])
    return path
