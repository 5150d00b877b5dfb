"""Probing: what a media file contains, read by PyAV in a separate, limited process.

The bundled static ffmpeg has no ffprobe, so probing uses PyAV (FFmpeg's libraries, shipped in
its wheel). Untrusted files are opened in a child process under limits.run_limited, with the
input format forced (never FFmpeg's own detection, which follows playlists), only the `file`
protocol, and only the allowed decoders; a hostile file can at worst get that child killed.

The child also decodes the first frame of the main video and audio streams: that proves they
decode, and a decoded frame is where PyAV exposes the display rotation of portrait videos.

Run as `python -m media_pipeline.probe PATH DEMUXER` it prints the probe as JSON.
"""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .allowlist import ALL_DECODERS, AUDIO_DECODERS, VIDEO_DECODERS, Family
from .limits import ChildFailed, Limits, run_limited

PROBE_LIMITS = Limits(cpu_seconds=20, memory_bytes=1024 * 1024 * 1024, wall_seconds=30)
# The probe does not decode a frame larger than this (validation refuses such files anyway).
DECODE_MAX_PIXELS = 8192 * 8192
# Packets read while looking for the first frames: about a minute of interleaved media.
DECODE_MAX_PACKETS = 5000
_ROOT = Path(__file__).resolve().parent.parent


class ProbeError(RuntimeError):
    """The file could not be read as media; the message says why in plain words."""


@dataclass(frozen=True)
class StreamInfo:
    kind: str  # "video", "audio", "subtitle", "data"
    codec: str  # FFmpeg's codec name ("h264", "mp3", "pcm_s16le"), not a decoder's name
    width: int | None = None
    height: int | None = None
    sample_rate: int | None = None
    channels: int | None = None
    index: int = 0
    attached_pic: bool = False  # cover art: an image stored as a one-frame "video" stream
    rotation: int = 0  # display rotation, degrees counter-clockwise (0, 90, 180 or 270)
    frames: int = 0  # frames the container declares (0: it does not say)


@dataclass(frozen=True)
class ProbeResult:
    format_name: str
    duration: float
    streams: list[StreamInfo] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    video_index: int | None = None  # the main video stream (the first that is not cover art)
    audio_index: int | None = None  # the main audio stream (the first)

    @property
    def video(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.index == self.video_index), None)

    @property
    def audio(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.index == self.audio_index), None)


def probe(path: Path, input_format: str | None = None) -> ProbeResult:
    """Probe a file in a limited child process, forcing the demuxer `input_format`.

    Only the accepted families' demuxers are used (the child refuses any other). Without
    `input_format`, the demuxer is the one `sniff` picks, and sniff raises RejectedMedia for
    anything that is not media. Raises ProbeError when the file is not readable media.
    """
    if input_format is None:
        from .sniff import sniff  # sniff speaks to archivists (Django); the child has no need

        input_format = sniff(path).demuxer
    command = [sys.executable, "-m", "media_pipeline.probe", str(path.resolve()), input_format]
    try:
        output = run_limited(command, PROBE_LIMITS, cwd=_ROOT)
    except ChildFailed as exc:
        raise ProbeError(f"this file could not be read as audio or video ({exc})") from None
    data = json.loads(output)
    return ProbeResult(
        format_name=data["format_name"],
        duration=data["duration"],
        streams=[StreamInfo(**s) for s in data["streams"]],
        tags=data["tags"],
        video_index=data["video_index"],
        audio_index=data["audio_index"],
    )


# --- the child process -----------------------------------------------------------------------


def _read(path: str, input_format: str) -> dict:
    import av

    family = Family(input_format)  # never a playlist's demuxer
    input_format = family.demuxer
    options = {
        "protocol_whitelist": "file",
        "format_whitelist": input_format,
        "codec_whitelist": ",".join(ALL_DECODERS),
        **family.demuxer_options,
    }
    # "file:" so that no part of the path can be taken for another protocol. Tags that are not
    # UTF-8 (old recorders write Latin-1) are read with replacement characters: they are only
    # read to be kept out of the outputs, never a reason to refuse a file.
    with av.open(f"file:{path}", format=input_format, options=options,
                 metadata_errors="replace") as container:
        attached = av.stream.Disposition.attached_pic
        video = next((s for s in container.streams.video if not s.disposition & attached), None)
        audio = next(iter(container.streams.audio), None)
        frames = _first_frames(container, [s for s in (video, audio) if _decodable(s)])
        rotation = frames[video.index].rotation % 360 if video and video.index in frames else 0
        return {
            "format_name": container.format.name,
            "duration": (container.duration or 0) / 1_000_000,
            "streams": [
                _describe(s, rotation if s is video else 0, bool(s.disposition & attached))
                for s in container.streams
            ],
            "tags": {str(k): str(v) for k, v in container.metadata.items()},
            "video_index": video.index if video else None,
            "audio_index": audio.index if audio else None,
        }


def _describe(stream, rotation: int, attached_pic: bool) -> dict:
    context = stream.codec_context
    is_video, is_audio = stream.type == "video", stream.type == "audio"
    return {
        "kind": stream.type,
        "codec": context.codec.canonical_name if context else "",
        "width": context.width if is_video else None,
        "height": context.height if is_video else None,
        "sample_rate": context.sample_rate if is_audio else None,
        "channels": context.channels if is_audio else None,
        "index": stream.index,
        "attached_pic": attached_pic,
        "rotation": rotation,
        "frames": stream.frames if is_video else 0,
    }


def _decodable(stream) -> bool:
    """Worth decoding here: an allowed codec, and a frame size the probe can afford."""
    if stream is None or stream.codec_context is None:
        return False
    codec = stream.codec_context.codec.canonical_name
    if stream.type == "audio":
        return codec in AUDIO_DECODERS
    pixels = stream.codec_context.width * stream.codec_context.height
    return codec in VIDEO_DECODERS and 0 < pixels <= DECODE_MAX_PIXELS


def _first_frames(container, streams: list) -> dict:
    """The first decoded frame of each stream, by index; ValueError when one yields none."""
    for stream in streams:
        stream.codec_context.options = {"codec_whitelist": ",".join(ALL_DECODERS)}
        stream.codec_context.thread_count = 1  # memory use independent of the machine's cores
    frames: dict = {}
    if not streams:
        return frames
    for count, packet in enumerate(container.demux(streams)):
        if count >= DECODE_MAX_PACKETS or len(frames) == len(streams):
            break
        if packet.stream_index in frames:
            continue
        decoded = packet.decode()  # the last, empty packet of each stream flushes its decoder
        if decoded:
            frames[packet.stream_index] = decoded[0]
    missing = [s.type for s in streams if s.index not in frames]
    if missing:
        raise ValueError(f"no {' or '.join(missing)} frame could be decoded")
    return frames


def main(argv: list[str]) -> int:
    try:
        print(json.dumps(_read(argv[1], argv[2])))
    except Exception as exc:  # reported to the parent process as one line
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
