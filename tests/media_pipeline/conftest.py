"""Fixtures: a session-wide library of small real media files, each made on first use."""

from functools import cached_property
from pathlib import Path

import pytest

from media_pipeline.generate import make_audio, make_video

from .media_files import TONE, encode, pattern, rotated

SECRET_TITLE = "KAFAMUYA-SECRET-7f3a"
SECRET_TONE_HZ = 1234


class MediaLibrary:
    """One-second files, made by ffmpeg the first time a test asks for them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    @cached_property
    def mp4(self) -> Path:
        return make_video(self.path("video.mp4"), seconds=1)

    @cached_property
    def tiny_mp4(self) -> Path:
        return make_video(self.path("tiny.mp4"), seconds=1, width=160, height=90)

    @cached_property
    def tall_mp4(self) -> Path:
        return make_video(self.path("tall.mp4"), seconds=1, width=180, height=320)

    @cached_property
    def rotated_mp4(self) -> Path:
        """Landscape pixels shown as portrait, as a phone held upright records."""
        return rotated(self.tiny_mp4, self.path("rotated.mp4"), 90)

    @cached_property
    def webm(self) -> Path:
        return encode(
            self.path("video.webm"), *pattern(), *TONE,
            "-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus",
        )

    @cached_property
    def m4a(self) -> Path:
        return make_audio(self.path("audio.m4a"), seconds=1)

    @cached_property
    def mp3(self) -> Path:
        return make_audio(self.path("audio.mp3"), seconds=1)

    @cached_property
    def ogg(self) -> Path:
        return encode(self.path("audio.ogg"), *TONE, "-c:a", "libvorbis")

    @cached_property
    def opus(self) -> Path:
        return encode(self.path("audio.opus"), *TONE, "-c:a", "libopus")

    @cached_property
    def wav(self) -> Path:
        return make_audio(self.path("audio.wav"), seconds=1)

    @cached_property
    def flac(self) -> Path:
        return make_audio(self.path("audio.flac"), seconds=1)

    @cached_property
    def aac(self) -> Path:
        return encode(self.path("audio.aac"), *TONE, "-c:a", "aac", "-f", "adts")

    @cached_property
    def mp3_with_cover(self) -> Path:
        """An MP3 whose cover picture is a one-frame MJPEG "video" stream."""
        cover = encode(self.path("cover.jpg"), *pattern("64x64"), "-frames:v", "1")
        return encode(
            self.path("cover.mp3"), *TONE, "-i", str(cover), "-map", "0", "-map", "1",
            "-c:v", "mjpeg", "-disposition:v", "attached_pic",
        )

    @cached_property
    def secret_mp4(self) -> Path:
        """A private original that hostile uploads try to read: a distinctive tone and title."""
        folder = self.path("private")
        folder.mkdir(exist_ok=True)
        return make_video(
            folder / "secret.mp4", seconds=1, tone_hz=SECRET_TONE_HZ,
            metadata={"title": SECRET_TITLE},
        )


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> MediaLibrary:
    return MediaLibrary(tmp_path_factory.mktemp("media"))
