"""Playlists disguised as uploads must never make the pipeline read another file or the network.

The attack: an "upload" that is really an HLS playlist, a DASH manifest or an ffconcat list
naming a private original stored next to it. FFmpeg's own format detection follows it and
transcodes the private file into the attacker's rendition. The controls below show the attack
is real on this very ffmpeg, with `-protocol_whitelist file` set, so that these tests would
catch a regression; the defences are the gate (sniff refuses all text) and, behind it, the
forced demuxer of safe_input_args, tested here as if the gate had been fooled.
"""

import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from media_pipeline.errors import RejectedMedia
from media_pipeline.probe import ProbeError, probe
from media_pipeline.safe_ffmpeg import FFmpegFailed, map_args, run_ffmpeg, safe_input_args
from media_pipeline.tools import ffmpeg_binary
from media_pipeline.validate import MediaVerdict, inspect_media

from .conftest import SECRET_TITLE

Manifest = Callable[[str], str]  # the address of the target → the file's text


def hls(target: str) -> str:
    return f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n{target}\n#EXT-X-ENDLIST\n"


def dash(target: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"'
        ' profiles="urn:mpeg:dash:profile:isoff-on-demand:2011"'
        ' mediaPresentationDuration="PT1S" minBufferTime="PT1S"><Period>'
        '<AdaptationSet mimeType="video/mp4">'
        '<Representation id="1" bandwidth="100000" codecs="avc1.64000d">'
        f"<BaseURL>{target}</BaseURL></Representation></AdaptationSet></Period></MPD>\n"
    )


def ffconcat(target: str) -> str:
    return f"ffconcat version 1.0\nfile {target}\n"


# (upload name, manifest, how it names the secret, does naive ffmpeg 9 read the secret?)
DISGUISES = [
    pytest.param("upload.mp4", hls, "absolute", False, id="hls-named-mp4"),
    pytest.param("upload.m3u8", hls, "absolute", True, id="hls-named-m3u8"),
    pytest.param("upload.mp4", dash, "absolute", True, id="dash-named-mp4"),
    pytest.param("upload.mp4", ffconcat, "relative", True, id="ffconcat-relative-named-mp4"),
    pytest.param("upload.mp4", ffconcat, "absolute", False, id="ffconcat-absolute-named-mp4"),
]


@pytest.fixture
def disguise(media, request) -> Iterator[Callable[[str, Manifest, str], Path]]:
    """Write a hostile upload next to the secret original, as uploads sit in originals/."""
    secret = media.secret_mp4
    made: list[Path] = []

    def make(name: str, manifest: Manifest, naming: str) -> Path:
        path = secret.with_name(f"{request.node.name[:40]}-{name}")
        target = str(secret) if naming == "absolute" else secret.name
        path.write_text(manifest(target))
        made.append(path)
        return path

    yield make
    for path in made:
        path.unlink()


@pytest.fixture(scope="module")
def secret_pcm(media) -> bytes:
    """512 bytes from the middle of the secret's decoded sound: its fingerprint in any output."""
    completed = subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-i", str(media.secret_mp4),
         "-vn", "-c:a", "pcm_s16le", "-f", "s16le", "-"],
        capture_output=True, check=True, timeout=60,
    )
    middle = len(completed.stdout) // 2
    return completed.stdout[middle:middle + 512]


@pytest.fixture(scope="module")
def fooled_verdict(media) -> MediaVerdict:
    """The verdict of a genuine MP4, as if the gate had been fooled or the file swapped since."""
    return inspect_media(media.mp4)


@pytest.mark.parametrize(("name", "manifest", "naming", "naive_leaks"), DISGUISES)
def test_the_gate_refuses_the_disguise(disguise, name, manifest, naming, naive_leaks):
    with pytest.raises(RejectedMedia) as caught:
        inspect_media(disguise(name, manifest, naming))
    assert caught.value.code == "playlist"
    assert "playlist" in str(caught.value)


@pytest.mark.parametrize(("name", "manifest", "naming", "naive_leaks"), DISGUISES)
def test_safe_input_reads_nothing_of_the_secret(
    disguise, fooled_verdict, secret_pcm, tmp_path, name, manifest, naming, naive_leaks
):
    upload = disguise(name, manifest, naming)
    output = tmp_path / "rendition.wav"
    with pytest.raises(FFmpegFailed):
        run_ffmpeg([
            *safe_input_args(fooled_verdict, upload), *map_args(fooled_verdict, video=False),
            "-c:a", "pcm_s16le", str(output),
        ])
    produced = output.read_bytes() if output.exists() else b""
    assert secret_pcm not in produced
    assert SECRET_TITLE.encode() not in produced


@pytest.mark.parametrize(
    ("name", "manifest", "naming", "naive_leaks"), [d for d in DISGUISES if d.values[3]]
)
def test_control_naive_ffmpeg_reads_the_secret(
    disguise, secret_pcm, tmp_path, name, manifest, naming, naive_leaks
):
    """Without a forced format, and even with `-protocol_whitelist file`, the attack works."""
    upload = disguise(name, manifest, naming)
    output = tmp_path / "rendition.wav"
    subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-loglevel", "error", "-protocol_whitelist", "file",
         "-i", str(upload), "-vn", "-c:a", "pcm_s16le", str(output)],
        capture_output=True, check=True, timeout=60,
    )
    assert secret_pcm in output.read_bytes()


def test_control_pyav_without_a_forced_format_follows_the_playlist(disguise, media):
    """What the probe did before: PyAV's detection opened the secret through the playlist."""
    import av

    upload = disguise("upload.m3u8", hls, "absolute")
    with av.open(str(upload), options={"protocol_whitelist": "file"}) as container:
        assert container.format.name == "hls"
        assert container.streams.video[0].codec_context.width == 320  # the secret's pictures
    with pytest.raises(ProbeError):
        probe(upload, "mov")


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server, server.getsockname()[1]
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            connection, _ = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


@pytest.mark.parametrize(
    ("name", "manifest"),
    [("upload.mp4", hls), ("upload.m3u8", hls), ("upload.mp4", dash)],
    ids=["hls-named-mp4", "hls-named-m3u8", "dash-named-mp4"],
)
def test_remote_addresses_are_refused_before_any_connection(
    disguise, fooled_verdict, listener, tmp_path, name, manifest
):
    server, port = listener
    upload = disguise(name, lambda _: manifest(f"http://127.0.0.1:{port}/x.ts"), "absolute")
    with pytest.raises(RejectedMedia) as caught:
        inspect_media(upload)
    assert caught.value.code == "playlist"
    with pytest.raises(FFmpegFailed):
        run_ffmpeg([*safe_input_args(fooled_verdict, upload), str(tmp_path / "out.wav")])
    assert connections(server) == 0


def test_control_naive_ffmpeg_follows_a_playlist_towards_the_network(disguise, listener):
    """It opens the address; only ffmpeg's default (nested opens inherit `file,crypto,data`)
    keeps it off the network. Our gate never lets it get this far."""
    server, port = listener
    upload = disguise("upload.m3u8", lambda _: hls(f"http://127.0.0.1:{port}/x.ts"), "absolute")
    completed = subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-i", str(upload), "-f", "null", "-"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert f"Opening 'http://127.0.0.1:{port}/x.ts' for reading" in completed.stderr
    assert connections(server) == 0
