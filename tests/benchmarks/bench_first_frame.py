"""`first_frame_kb`: what a phone downloads, at the lowest quality, until the documentary's
first frame can show (goal: at most 150 KB).

Defined as the bytes, as served by the site's own checked file view (fetched with the Django
test client), of everything the default "low" quality needs before the first picture of the
documentary page's first chapter: the poster the page shows, the lowest rung's master playlist
(`lowest.m3u8`, the source the page offers first), then for its one variant and its audio group
each media playlist, its init segment (EXT-X-MAP) and its first media segment. Media files are
counted as they are (they do not compress); playlists too (a few hundred bytes). The HTML, CSS
and script are `page_kb_documentary`'s business.

The demo's chapters are 4 s of test pattern, and HLS segments are 4 s long, so the first
segment is the whole chapter at the rung's full bitrate: 144p at 140 kb/s plus 28 kb/s of
audio is about 84 KB, whatever the recording's length. Browsers without native HLS take the
small MP4 instead, which is not measured here.
"""

from urllib.parse import urljoin

from bs4 import BeautifulSoup

from tests.benchmarks.bench_page_weight import body_of
from tests.benchmarks.demo_site import demo_site


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return body_of(response)


def attribute(line: str, name: str) -> str | None:
    for part in line.partition(":")[2].split(","):
        key, _, value = part.partition("=")
        if key == name:
            return value.strip('"')
    return None


def media_playlist_start(client, url: str) -> int:
    """Bytes of a media playlist, its init segment and its first media segment."""
    playlist = fetch(client, url)
    lines = playlist.decode().splitlines()
    init = next(attribute(line, "URI") for line in lines if line.startswith("#EXT-X-MAP:"))
    first = next(line for line in lines if line and not line.startswith("#"))
    return len(playlist) + sum(len(fetch(client, urljoin(url, name))) for name in (init, first))


def first_frame_bytes(client, page_url: str) -> int:
    soup = BeautifulSoup(fetch(client, page_url), "html.parser")
    player = soup.select_one("video#player")
    total = len(fetch(client, player["poster"])) if player.get("poster") else 0
    master_url = player.select_one("source")["src"]
    assert master_url.endswith("/lowest.m3u8"), master_url
    master = fetch(client, master_url)
    total += len(master)
    lines = master.decode().splitlines()
    variants = [lines[i + 1] for i, line in enumerate(lines)
                if line.startswith("#EXT-X-STREAM-INF:")]
    audio = [attribute(line, "URI") for line in lines
             if line.startswith("#EXT-X-MEDIA:") and "TYPE=AUDIO" in line]
    assert len(variants) == 1, variants
    return total + sum(media_playlist_start(client, urljoin(master_url, name))
                       for name in variants + audio)


def run() -> dict[str, float]:
    from django.test import Client

    from archive.models import DocumentaryPage
    from media_pipeline.processing import process

    demo_site()
    documentary = DocumentaryPage.objects.get(locale__language_code="fr")
    chapter = documentary.chapters().first()
    if not chapter.media.renditions.ready().exists():
        process(chapter.media_id)
    return {"first_frame_kb": round(first_frame_bytes(Client(), documentary.url) / 1024, 3)}
