"""Probing: what a media file contains, read by PyAV in a separate, limited process.

The bundled static ffmpeg has no ffprobe, so probing uses PyAV (FFmpeg's libraries, shipped in
its wheel). Untrusted files are opened in a child process with a CPU-time and memory ceiling and
only the `file` protocol, so a hostile file can at worst kill that child.

Run as `python -m media_pipeline.probe PATH` it prints the probe as JSON.
"""

import json
import resource
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROBE_TIMEOUT_SECONDS = 30
PROBE_MEMORY_BYTES = 1024 * 1024 * 1024
PROBE_CPU_SECONDS = 20

class ProbeError(RuntimeError):
    """The file could not be read as media; the message says why in plain words."""

@dataclass(frozen=True)
class StreamInfo:
    kind: str  # "video", "audio", "subtitle", "data"
    codec: str
    width: int | None = None
    height: int | None = None
    sample_rate: int | None = None
    channels: int | None = None

@dataclass(frozen=True)
class ProbeResult:
    format_name: str
    duration: float
    streams: list[StreamInfo] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def video(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == "video"), None)

    @property
    def audio(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.kind == "audio"), None)

def _read(path: str) -> dict:
    import av

    with av.open(path, options={"protocol_whitelist": "file"}) as container:
        streams = []
        for stream in container.streams:
            context = stream.codec_context
            streams.append({
                "kind": stream.type,
                "codec": context.name if context else "",
                "width": getattr(context, "width", None) if stream.type == "video" else None,
                "height": getattr(context, "height", None) if stream.type == "video" else None,
                "sample_rate": getattr(context, "sample_rate", None)
                if stream.type == "audio" else None,
                "channels": getattr(context, "channels", None) if stream.type == "audio" else None,
            })
        duration = (container.duration or 0) / 1_000_000
        return {
            "format_name": container.format.name,
            "duration": duration,
            "streams": streams,
            "tags": {str(k): str(v) for k, v in container.metadata.items()},
        }

def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (PROBE_MEMORY_BYTES, PROBE_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (PROBE_CPU_SECONDS, PROBE_CPU_SECONDS))

def probe(path: Path) -> ProbeResult:
    """Probe a file in a limited child process; raises ProbeError when it is not readable media."""
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "media_pipeline.probe", str(path)],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_SECONDS,
            preexec_fn=_limit_child,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except subprocess.TimeoutExpired:
        raise ProbeError("reading this file took too long; it may be damaged") from None
    if completed.returncode != 0:
        reason = completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else ""
        raise ProbeError(f"this file could not be read as audio or video ({reason})")
    data = json.loads(completed.stdout)
    return ProbeResult(
        format_name=data["format_name"],
        duration=data["duration"],
        streams=[StreamInfo(**s) for s in data["streams"]],
        tags=data["tags"],
    )

def main(argv: list[str]) -> int:
    try:
        print(json.dumps(_read(argv[1])))
    except Exception as exc:  # reported to the parent process as one line
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
