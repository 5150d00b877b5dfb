"""Locating the ffmpeg binary.

FFMPEG_BINARY (a setting and an environment variable) names the binary to use. Left empty, the
archive uses the static ffmpeg that the imageio-ffmpeg package ships, so a fresh machine needs
no system ffmpeg. That package ships no ffprobe: probing uses PyAV instead (media_pipeline.probe).
"""

import shutil
from functools import cache

from django.conf import settings


class FFmpegNotFound(RuntimeError):
    pass


@cache
def _configured_ffmpeg(configured: str) -> str:
    if configured:
        found = shutil.which(configured)
        if not found:
            raise FFmpegNotFound(f"FFMPEG_BINARY is set to {configured!r}, which is not runnable.")
        return found
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def ffmpeg_binary() -> str:
    """The path of the ffmpeg binary this process uses."""
    return _configured_ffmpeg(getattr(settings, "FFMPEG_BINARY", ""))
