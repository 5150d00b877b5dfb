"""What a player offers for a media item: its sources for the viewer's chosen quality, poster and
downloads. Only renditions that are ready, and only for viewers the policy lets see the media.

Quality is the viewer's choice, made before anything heavy loads and remembered on the device
(a cookie, set by `choose_quality`, so it works without JavaScript):
  - "audio": the speech-tuned audio rendition alone (about 0.2 MB a minute);
  - "low": the lowest HLS rung with the audio (its own master playlist), or the small MP4 where
    the browser has no native HLS (or for media processed before that playlist existed);
  - "standard": the adaptive HLS ladder, or the small MP4.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from media_pipeline.ladder import LOWEST_PLAYLIST
from media_pipeline.models import Media, Rendition

from .access import can_view_media

QUALITIES = ("audio", "low", "standard")
DEFAULT_QUALITY = "low"  # the cheapest picture: most viewers pay for every megabyte
QUALITY_COOKIE = "kf_quality"
HLS_TYPE = "application/vnd.apple.mpegurl"


@dataclass(frozen=True)
class Source:
    url: str
    mime_type: str


@dataclass(frozen=True)
class PlayerMedia:
    element: str  # "video" or "audio"
    quality: str
    sources: list[Source] = field(default_factory=list)
    poster_url: str | None = None
    download_video_url: str | None = None
    download_audio_url: str | None = None
    offers_video: bool = False


def viewer_quality(request: HttpRequest | None) -> str:
    chosen = request.COOKIES.get(QUALITY_COOKIE) if request is not None else None
    return chosen if chosen in QUALITIES else DEFAULT_QUALITY


def _hls_url(rows: dict[str, Rendition], quality: str) -> str | None:
    """The master playlist of the whole ladder ("standard") or of the lowest rung ("low")."""
    master = rows.get("hls")
    if master is None:
        return None
    if quality == "standard":
        return master.url
    lowest = next((name for name in master.files if name.endswith(f"/{LOWEST_PLAYLIST}")), None)
    return master.file_url(lowest) if lowest else None


def player_media(media: Media | None, user, quality: str) -> PlayerMedia | None:
    """None when there is nothing the viewer may play yet."""
    if media is None or not can_view_media(user, media):
        return None
    rows = {r.profile: r for r in media.renditions.ready().select_related("media")}
    audio = next((r for r in rows.values() if r.kind == "audio"), None)
    download = next((r for r in rows.values() if r.kind == "progressive"), None)
    poster = next((r for r in rows.values() if r.kind == "poster"), None)
    offers_video = media.type == "video" and download is not None
    sources: list[Source] = []
    if offers_video and quality != "audio":
        hls_url = _hls_url(rows, quality)
        if hls_url is not None:
            sources.append(Source(hls_url, HLS_TYPE))
        sources.append(Source(download.url, "video/mp4"))
    elif audio is not None:
        sources.append(Source(audio.url, "audio/mp4"))
    if not sources:
        return None
    element = "video" if offers_video and quality != "audio" else "audio"
    return PlayerMedia(
        element=element, quality=quality if offers_video else "audio", sources=sources,
        poster_url=poster.url if poster and element == "video" else None,
        download_video_url=download.url if download else None,
        download_audio_url=audio.url if audio else None, offers_video=offers_video,
    )
