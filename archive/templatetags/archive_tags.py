"""Template tags for archive items: caption tracks, players, transcripts and moments."""

from django import template
from django.utils import translation

from archive import moments
from archive.captions import CaptionTrack, caption_tracks
from archive.players import PlayerMedia, player_media, viewer_quality
from archive.transcript_panel import TranscriptPanel, transcript_panel
from archive.waveform_svg import Waveform
from archive.waveform_svg import media_waveform as waveform_of

register = template.Library()


@register.simple_tag(takes_context=True)
def media_caption_tracks(context, media) -> list[CaptionTrack]:
    """`{% media_caption_tracks media as tracks %}`: the tracks the viewer may see, the page's
    language first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return caption_tracks(media, user, first_language=translation.get_language())


@register.simple_tag(takes_context=True)
def media_player(context, media) -> PlayerMedia | None:
    """`{% media_player media as player %}`: sources for the viewer's quality, or None."""
    request = context.get("request")
    return player_media(media, getattr(request, "user", None), viewer_quality(request))


@register.simple_tag(takes_context=True)
def media_transcript(context, media, tracks) -> TranscriptPanel | None:
    """`{% media_transcript media tracks as transcript %}`: the interactive transcript in the
    language asked for (`?lang=`), among `tracks`."""
    return transcript_panel(context["request"], media, tracks)


@register.simple_tag
def media_waveform(media) -> Waveform | None:
    """`{% media_waveform media as waveform %}`: the waveform to draw, or None."""
    return waveform_of(media)


@register.simple_tag(takes_context=True)
def player_start(context) -> str:
    """`{% player_start as start %}`: the moment asked for by `?t=`, as URLs write it, or ""."""
    seconds = moments.parse_moment(context["request"].GET.get("t"))
    return "" if seconds is None else moments.moment_value(seconds)


@register.simple_tag(takes_context=True)
def moment_url(context, seconds: float) -> str:
    """`{% moment_url 90 %}`: this page (its other parameters kept) starting at 90 s."""
    return moments.moment_query(context["request"].GET, seconds) + "#player"


@register.filter
def clock(seconds: float) -> str:
    """`{{ 75|clock }}` gives `1:15`."""
    return moments.clock(seconds)
