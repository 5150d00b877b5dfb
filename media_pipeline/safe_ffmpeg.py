"""Hardened ffmpeg command lines for uploads that passed the gate (validate.inspect_media).

Every ffmpeg call that reads an upload builds its input with safe_input_args and runs through
run_ffmpeg. Forcing the demuxer is what stops a playlist, a DASH manifest or an ffconcat list
from making ffmpeg read other files: `-protocol_whitelist file` alone does not, since those
files are local. So even a file swapped after validation cannot be read as a playlist here.

The input options below are accepted by ffmpeg 9 and enforced (tests/media_pipeline).
"""

from pathlib import Path

from .allowlist import Family, decoders_for
from .limits import ChildFailed, Limits, run_limited
from .tools import ffmpeg_binary
from .validate import MediaVerdict

# No prompt on standard input, no banner or progress lines: only errors, so the tail of stderr
# is the reason a call failed.
GLOBAL_ARGS = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "error"]

# Generous defaults for a transcode; callers pass tighter limits where they know the work.
# Address space counts thread stacks: keep `-threads` modest on machines with many cores.
FFMPEG_LIMITS = Limits(cpu_seconds=4 * 3600, memory_bytes=4 * 1024**3, wall_seconds=4 * 3600)


class FFmpegFailed(RuntimeError):
    """ffmpeg exited with an error or hit a limit; the message is one short line."""


def safe_input_args(verdict: MediaVerdict, path: Path) -> list[str]:
    """The input arguments, ending with `-i`, for reading the validated file at `path`.

    The demuxer is forced and is the only format allowed (nested opens included); only the
    decoders of the verdict's codecs may open, and only the `file` protocol. Map the verdict's
    streams explicitly (map_args): cover art and other streams have no allowed decoder.
    """
    family = Family(verdict.input_format)  # ValueError for anything but our families
    decoders = decoders_for(verdict.video_codec, verdict.audio_codec)  # ValueError likewise
    if not decoders:
        raise ValueError("the verdict names no allowed codec")
    return [
        "-f", family.demuxer,
        "-format_whitelist", family.demuxer,
        "-codec_whitelist", ",".join(decoders),
        "-protocol_whitelist", "file",
        *(arg for name, value in family.demuxer_options.items() for arg in (f"-{name}", value)),
        # "file:" so that no part of the path can be taken for another protocol or an option.
        "-i", f"file:{path.resolve()}",
    ]


def map_args(verdict: MediaVerdict, *, audio: bool = True, video: bool = True) -> list[str]:
    """`-map` arguments selecting the verdict's streams from input 0 (and nothing else)."""
    streams = [
        index
        for wanted, index in ((video, verdict.video_stream), (audio, verdict.audio_stream))
        if wanted and index is not None
    ]
    return [arg for index in streams for arg in ("-map", f"0:{index}")]


def run_ffmpeg(args: list[str], limits: Limits = FFMPEG_LIMITS) -> bytes:
    """Run ffmpeg with GLOBAL_ARGS and `args` under `limits`; return its standard output."""
    try:
        return run_limited([ffmpeg_binary(), *GLOBAL_ARGS, *args], limits)
    except ChildFailed as exc:
        raise FFmpegFailed(str(exc)) from None
