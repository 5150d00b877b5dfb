"""The short, the still and the strange: odd but real-world media, made by ffmpeg for the tests.

Each helper writes one file into a folder and returns its path. They are ordinary encodes with
one unusual property each: a fraction of a second, a single frame, a still picture over sound,
timestamps squeezed together or spread apart, a track time scale of 1 or 0, a tag that is not
UTF-8, data appended after a complete file.
"""

from pathlib import Path

from media_pipeline.generate import make_audio, make_video

from .media_files import encode, top_level_boxes

SINE = "sine=frequency=330:sample_rate=22050"
X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]


def short_clip(folder: Path, seconds: float = 0.3) -> Path:
    return make_video(folder / "short.mp4", seconds=seconds)


def one_frame(folder: Path) -> Path:
    return encode(folder / "one-frame.mp4", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                  "-frames:v", "1", *X264)


def still_over_sound(folder: Path, seconds: float = 3) -> Path:
    """One picture at the start, then sound alone: a photo over a voice message."""
    return encode(folder / "still.mp4", "-f", "lavfi", "-i",
                  "testsrc2=size=320x180:rate=25,trim=end_frame=1",
                  "-f", "lavfi", "-i", f"{SINE}:duration={seconds}", *X264, "-c:a", "aac")


def squeezed(folder: Path) -> Path:
    """Ten frames whose timestamps all fall within ten microseconds."""
    return encode(folder / "squeezed.mp4", "-f", "lavfi", "-i",
                  "testsrc2=size=320x180:rate=25:duration=0.4",
                  "-vf", "setpts=N/1000000/TB", "-video_track_timescale", "1000000", *X264,
                  "-fps_mode", "passthrough")


def sparse(folder: Path, gap_seconds: int = 20, frames: int = 4) -> Path:
    """A few frames, far apart: a short file that claims a long duration."""
    return encode(folder / "sparse.mp4", "-f", "lavfi", "-i",
                  f"testsrc2=size=320x180:rate=25:duration={frames / 25}",
                  "-vf", f"setpts=N*{gap_seconds}/TB", "-video_track_timescale", "1000", *X264,
                  "-fps_mode", "passthrough")


def with_time_scale(folder: Path, scale: int) -> Path:
    """A clip whose video track's time scale (mdhd) is `scale`: 1 (whole seconds) or 0,
    written over a normal one, which no muxer allows but a crafted file can hold."""
    path = make_video(folder / f"timescale-{scale}.mp4", seconds=1, audio=None)
    data = bytearray(path.read_bytes())
    offset = data.find(b"mdhd")
    version = data[offset + 4]
    field = offset + 4 + 4 + (16 if version == 1 else 8)  # after version/flags and the dates
    data[field:field + 4] = scale.to_bytes(4, "big")
    path.write_bytes(bytes(data))
    return path


def latin1_title(folder: Path) -> Path:
    """A WAV whose title tag is Latin-1, as old recorders write it ("Traoré" as one byte é)."""
    path = make_audio(folder / "latin1.wav", seconds=1, metadata={"title": "Aminata TraorX"})
    data = path.read_bytes()
    assert data.count(b"TraorX") == 1
    path.write_bytes(data.replace(b"TraorX", b"Traor\xe9"))
    return path


def with_appended_text(folder: Path) -> Path:
    """A complete MP4, then a few lines of text, as a careless copy or a hidden message adds."""
    path = make_video(folder / "appended.mp4", seconds=1)
    assert b"moov" in top_level_boxes(path)
    path.write_bytes(path.read_bytes() + b"Ceci n'est pas une video.\n" * 20)
    return path
