"""Template tags for archive items: caption tracks and transcript links for players."""

from django import template
from django.utils import translation

from archive.captions import CaptionTrack, caption_tracks

register = template.Library()


@register.simple_tag(takes_context=True)
def media_caption_tracks(context, media) -> list[CaptionTrack]:
    """`{% media_caption_tracks media as tracks %}`: the tracks the viewer may see, the page's
    language first."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return caption_tracks(media, user, first_language=translation.get_language())
