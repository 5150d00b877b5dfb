"""Fixtures: small real media files made on first use, and encodes of tiny sources, shared
by the session (gate tests use `media`; ladder tests use `tagged`, `hd`, `portrait`,
`audio_only`)."""

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
from django.utils import translation

from media_pipeline.anonymise import Anonymisation
from media_pipeline.encode import EncodeResult
from media_pipeline.encode import encode as encode_media
from media_pipeline.generate import make_audio, make_video
from media_pipeline.profiles import SourceInfo, plan

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


SECRET_TAGS = {
    "title": "SECRET-TITLE-Kx7",
    "comment": "SECRET-COMMENT-Aw4",
    "location": "+12.6392-007.9817/",
    "com.apple.quicktime.location.ISO6709": "+12.6393-007.9818+350.000/",
    "com.apple.quicktime.make": "SECRETPHONE-Q9",
    "com.apple.quicktime.model": "SECRETMODEL-Z3",
}
SECRET_STREAM_TAGS = {"handler_name": "SECRET-HANDLER-J2", "title": "SECRET-STREAM-V5"}
SECRET_CHAPTER = "SECRET-CHAPTER-P8"
SECRETS = (*SECRET_TAGS.values(), *SECRET_STREAM_TAGS.values(), SECRET_CHAPTER)


def mov_input(path: Path) -> list[str]:
    """Input options as the validator hands them over: forced format, local files only."""
    return ["-f", "mov", "-protocol_whitelist", "file", "-i", str(path)]


@dataclass
class Encoded:
    source: Path
    info: SourceInfo
    result: EncodeResult
    output_dir: Path
    progress: list[float] = field(default_factory=list)

    def files(self, key: str) -> tuple[Path, ...]:
        return self.result.renditions[key].files

    def main(self, key: str) -> Path:
        return self.files(key)[0]

    @property
    def all_files(self) -> list[Path]:
        return sorted(p for p in self.output_dir.rglob("*") if p.is_file())


@pytest.fixture(scope="session")
def sources(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sources")


@pytest.fixture(scope="session")
def run_encode(tmp_path_factory):
    def run(source: Path, info: SourceInfo, anonymisation: Anonymisation | None = None,
            **plan_options) -> Encoded:
        output_dir = tmp_path_factory.mktemp("renditions")
        progress: list[float] = []
        result = encode_media(plan(info, anonymisation, **plan_options), mov_input(source),
                              output_dir, progress=progress.append)
        return Encoded(source, info, result, output_dir, progress)

    return run


@pytest.fixture(scope="session")
def tagged(sources, run_encode) -> Encoded:
    """9 s of 320x180 (smaller than 360p) carrying a phone's metadata, in a MOV named after
    its speaker: long enough for two full 4 s segments."""
    path = make_video(sources / "Awa_Traore_testimony.mov", seconds=9, width=320, height=180,
                      metadata=SECRET_TAGS, stream_metadata=SECRET_STREAM_TAGS,
                      chapters=[(0, 4, SECRET_CHAPTER), (4, 9, "SECRET-CHAPTER-2")])
    info = SourceInfo(kind="video", duration=9, width=320, height=180, frame_rate=25,
                      private_values=(*SECRETS, "Awa_Traore"))
    return run_encode(path, info)


@pytest.fixture(scope="session")
def hd(sources, run_encode) -> Encoded:
    path = make_video(sources / "hd.mp4", seconds=2, width=1280, height=720)
    return run_encode(path, SourceInfo(kind="video", duration=2, width=1280, height=720))


@pytest.fixture(scope="session")
def portrait(sources, run_encode) -> Encoded:
    path = make_video(sources / "portrait.mp4", seconds=2, width=360, height=640)
    return run_encode(path, SourceInfo(kind="video", duration=2, width=360, height=640))


@pytest.fixture(scope="session")
def audio_only(sources, run_encode) -> Encoded:
    """A tone for two seconds, then one second of silence."""
    path = make_audio(sources / "voice.m4a", seconds=3, tone_hz=440, silent_from=2,
                      metadata=SECRET_TAGS)
    return run_encode(path, SourceInfo(kind="audio", duration=3, private_values=SECRETS))


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are checked in English (the site's default language is French)."""
    with translation.override("en"):
        yield
