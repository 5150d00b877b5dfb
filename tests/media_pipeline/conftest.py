"""Tiny generated sources and their encodes, made once per test session and shared."""

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from media_pipeline.anonymise import Anonymisation
from media_pipeline.encode import EncodeResult, encode
from media_pipeline.generate import make_audio, make_video
from media_pipeline.profiles import SourceInfo, plan

# What a phone and its owner leave in a file: every value must be gone from every output.
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
        result = encode(plan(info, anonymisation, **plan_options), mov_input(source), output_dir,
                        progress=progress.append)
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
