"""Measurements on encoded outputs: sound levels and pitch, picture detail, keyframes, HLS."""

import math
import subprocess
from array import array
from pathlib import Path

import av
from PIL import Image, ImageFilter, ImageStat

from media_pipeline.tools import ffmpeg_binary

ANALYSIS_RATE = 24_000


def _ffmpeg_stdout(args: list[str]) -> bytes:
    command = [ffmpeg_binary(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    return subprocess.run(command, capture_output=True, check=True, timeout=60).stdout


def pcm(path: Path, rate: int = ANALYSIS_RATE) -> array:
    """The first audio stream, decoded to mono 16-bit samples at `rate`."""
    samples = array("h")
    samples.frombytes(_ffmpeg_stdout(["-i", str(path), "-map", "0:a:0", "-ac", "1",
                                      "-ar", str(rate), "-f", "s16le", "-c:a", "pcm_s16le",
                                      "pipe:1"]))
    return samples


def _window(samples: array, start: float, end: float, rate: int) -> array:
    return samples[round(start * rate):round(end * rate)]


def rms(samples: array, start: float, end: float, rate: int = ANALYSIS_RATE) -> float:
    """Root mean square level between two times, 0 (silence) to 1 (full scale)."""
    window = _window(samples, start, end, rate)
    return math.sqrt(sum(s * s for s in window) / len(window)) / 32768


def frequency(samples: array, start: float, end: float, rate: int = ANALYSIS_RATE) -> float:
    """The frequency of a steady tone between two times, from its rising zero crossings
    (interpolated between samples): exact for a sine, and deaf to the codec's faint noise."""
    window = _window(samples, start, end, rate)
    crossings = [
        i + window[i] / (window[i] - window[i + 1])
        for i in range(len(window) - 1)
        if window[i] < 0 <= window[i + 1]
    ]
    if len(crossings) < 2:
        return 0.0
    return (len(crossings) - 1) * rate / (crossings[-1] - crossings[0])


def gray_frame(path: Path, at: float = 0.5) -> Image.Image:
    """One decoded picture, in grey levels."""
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time >= at:
                return frame.to_image().convert("L")
    raise AssertionError(f"{path.name} has no frame at {at} s")


def detail(image: Image.Image) -> float:
    """Variance of the Laplacian: high for sharp edges and fine texture, low once blurred."""
    edges = image.filter(ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1,
                                            offset=128))
    return ImageStat.Stat(edges).var[0]


def joined_hls(files: tuple[Path, ...], target: Path) -> Path:
    """An HLS rendition's init file and segments, end to end: one fragmented MP4."""
    init = next(f for f in files if f.name.endswith("_init.mp4"))
    segments = sorted(f for f in files if f.suffix == ".m4s")
    target.write_bytes(b"".join(f.read_bytes() for f in [init, *segments]))
    return target


def keyframe_times(path: Path) -> list[float]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [
            float(packet.pts * packet.time_base)
            for packet in container.demux(stream)
            if packet.is_keyframe and packet.pts is not None
        ]


def segment_durations(media_playlist: Path) -> list[float]:
    return [
        float(line.removeprefix("#EXTINF:").split(",")[0])
        for line in media_playlist.read_text().splitlines()
        if line.startswith("#EXTINF:")
    ]


def box_order(path: Path) -> list[str]:
    """The top-level MP4 box types, in file order (moov before mdat means +faststart)."""
    data = path.read_bytes()
    order, offset = [], 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset:offset + 4], "big")
        order.append(data[offset + 4:offset + 8].decode("latin-1"))
        if size < 8:
            break
        offset += size
    return order
