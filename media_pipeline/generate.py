"""Small synthetic media made by ffmpeg: the demo archive's files and the tests' inputs.

Nothing here is downloaded; every file is a few seconds of test pattern and tone (or a
speech-like signal), optionally carrying the kind of metadata a phone writes, so that tests can
check that none of it survives the pipeline.
"""

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .tools import ffmpeg_binary


class MediaGenerationError(RuntimeError):
    pass


def _run_ffmpeg(args: list[str]) -> None:
    command = [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if completed.returncode != 0:
        raise MediaGenerationError(completed.stderr.strip() or "ffmpeg failed")


def metadata_args(metadata: dict[str, str] | None) -> list[str]:
    """ffmpeg arguments that write the given container tags (the tests use them)."""
    pairs = (metadata or {}).items()
    return [arg for key, value in pairs for arg in ("-metadata", f"{key}={value}")]


def _stream_metadata_args(stream_metadata: dict[str, str] | None, has_audio: bool) -> list[str]:
    specifiers = ["s:v:0", "s:a:0"] if has_audio else ["s:v:0"]
    return [
        arg
        for specifier in specifiers
        for key, value in (stream_metadata or {}).items()
        for arg in (f"-metadata:{specifier}", f"{key}={value}")
    ]


def _movflags(metadata: dict[str, str] | None, path: Path) -> list[str]:
    """MP4 family files start with their index (+faststart); keys with dots (as iPhones write,
    com.apple.quicktime.*) are stored as MOV metadata keys."""
    if path.suffix.lower() not in (".mp4", ".m4a", ".mov"):
        return []
    apple_keys = any("." in key for key in metadata or {})
    return ["-movflags", "+faststart+use_metadata_tags" if apple_keys else "+faststart"]


def _chapters_file(directory: Path, chapters: Sequence[tuple[float, float, str]]) -> Path:
    lines = [";FFMETADATA1"]
    for start, end, title in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}",
                  f"END={round(end * 1000)}", f"title={title}"]
    path = directory / "chapters.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def speech_like_source(seconds: float, sample_rate: int = 44100) -> str:
    """A lavfi source that sounds roughly like one voice talking: a gliding voiced tone with
    harmonics, chopped into syllables and phrases, over a little pink noise (breath, room)."""
    voice = (
        "st(0,2*PI*150*t+57*sin(2*PI*0.7*t));"
        "0.25*(sin(ld(0))+0.6*sin(2*ld(0))+0.4*sin(3*ld(0))+0.25*sin(4*ld(0))+0.15*sin(5*ld(0)))"
        "*pow(max(0,sin(2*PI*3.5*t)),2)*gt(sin(2*PI*0.23*t),-0.6)"
    )
    return (
        f"aevalsrc='{voice}':s={sample_rate}:d={seconds}[voice];"
        f"anoisesrc=color=pink:amplitude=0.02:r={sample_rate}:d={seconds}[room];"
        "[voice][room]amix=inputs=2:normalize=0"
    )


def make_video(
    path: Path,
    *,
    seconds: float = 3,
    width: int = 320,
    height: int = 180,
    tone_hz: int = 440,
    audio: str | None = "tone",
    frame_rate: float = 25,
    metadata: dict[str, str] | None = None,
    stream_metadata: dict[str, str] | None = None,
    chapters: Sequence[tuple[float, float, str]] = (),
    rotation: int = 0,
) -> Path:
    """An H.264/AAC MP4 (or MOV, by suffix) of a moving test pattern.

    `audio` is "tone" (a sine at `tone_hz`), "speech" (speech_like_source) or None (no audio
    track). `rotation` stores the picture turned by that many degrees with a display matrix, as
    phones do for portrait video.
    """
    has_audio = audio is not None
    picture = f"testsrc2=size={width}x{height}:rate={frame_rate}:duration={seconds}"
    inputs = ["-f", "lavfi", "-i", picture]
    if audio == "tone":
        tone = f"sine=frequency={tone_hz}:sample_rate=44100:duration={seconds}"
        inputs += ["-f", "lavfi", "-i", tone]
    elif audio == "speech":
        inputs += ["-f", "lavfi", "-i", speech_like_source(seconds)]
    elif has_audio:
        raise ValueError(f"unknown audio kind {audio!r}")
    with tempfile.TemporaryDirectory(prefix="kafamuya-generate-") as scratch:
        scratch_dir = Path(scratch)
        maps = ["-map", "0:v", *(["-map", "1:a"] if has_audio else [])]
        if chapters:
            inputs += ["-f", "ffmetadata", "-i", str(_chapters_file(scratch_dir, chapters))]
            maps += ["-map_chapters", "2" if has_audio else "1"]
        tags = metadata_args(metadata) + _stream_metadata_args(stream_metadata, has_audio)
        movflags = _movflags(metadata, path)
        target = scratch_dir / f"plain{path.suffix}" if rotation else path
        _run_ffmpeg([
            *inputs, *maps,
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            *(["-c:a", "aac", "-b:a", "64k"] if has_audio else []),
            "-shortest", *tags, *movflags, str(target),
        ])
        if rotation:
            _run_ffmpeg([
                "-display_rotation:v:0", str(rotation), "-i", str(target),
                "-map", "0", "-c", "copy", "-map_metadata", "0", *movflags, str(path),
            ])
    return path


def make_audio(
    path: Path,
    *,
    seconds: float = 3,
    tone_hz: int = 330,
    metadata: dict[str, str] | None = None,
    silent_from: float | None = None,
) -> Path:
    """A mono audio file of a tone; the container follows the suffix (.m4a, .mp3, .wav, .ogg).

    With `silent_from`, the tone stops at that second and silence fills the rest.
    """
    tags = metadata_args(metadata)
    gate = [] if silent_from is None else ["-af", f"volume=0:enable='gte(t,{silent_from})'"]
    _run_ffmpeg([
        "-f", "lavfi", "-i", f"sine=frequency={tone_hz}:sample_rate=22050:duration={seconds}",
        *gate, "-ac", "1", *tags, *_movflags(metadata, path), str(path),
    ])
    return path
