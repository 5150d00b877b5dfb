"""Who may see what: the archive's one access policy. Every surface asks here.

For now the rule is simple: a media item (and what is derived from it: captions, transcripts)
is visible to everyone when at least one live, public page uses it, and always to staff who
may change media. The consent and access-level work replaces the body of `can_view_media`;
callers keep calling it.

Search asks the same questions about many items at once, so each rule also exists as a
queryset (`public_media`, `searchable_transcripts`, `visible_segments`, `visible_pages`) that
the search engine's query is built on: what may not be seen is never matched, counted or shown.
Keep the per-item functions and the querysets saying the same thing.
"""

from __future__ import annotations

import operator
from functools import cache, reduce
from typing import TYPE_CHECKING

from django.db.models import CharField, Exists, F, ForeignKey, OuterRef, Q
from django.db.models.functions import Cast
from django.db.models.lookups import StartsWith
from wagtail.models import get_page_models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet
    from wagtail.models import Page

    from archive.models import Transcript, TranscriptSegment
    from media_pipeline.models import Media

    User = AbstractBaseUser | AnonymousUser


@cache
def media_fields_of_pages() -> tuple[tuple[type, str], ...]:
    """(page model, field name) for every page field that points at a Media item."""
    from media_pipeline.models import Media

    found = []
    for model in get_page_models():
        if model._meta.abstract:
            continue
        for field in model._meta.get_fields():
            if (isinstance(field, ForeignKey) and field.related_model is Media
                    and field.model is model):
                found.append((model, field.name))
    return tuple(found)


def is_media_public(media: Media) -> bool:
    """True when a live page without view restrictions uses `media`."""
    return any(
        model.objects.live().public().filter(**{name: media}).exists()
        for model, name in media_fields_of_pages()
    )


def live_public_pages(model: type[Page]) -> QuerySet[Page]:
    """`model.objects.live().public()` as a single SQL condition.

    Wagtail's `public()` first reads every view restriction to build its condition; this asks
    the database instead (no restriction on the page or any of its ancestors), so the rule can
    sit inside a larger query without extra round trips.
    """
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.filter(
        StartsWith(Cast(OuterRef("path"), CharField()), F("page__path")))
    return model.objects.filter(live=True).exclude(Exists(restricted))


def public_media() -> QuerySet[Media]:
    """Every media item that `is_media_public`, as one query."""
    from media_pipeline.models import Media

    used = [Q(pk__in=live_public_pages(model).values(name))
            for model, name in media_fields_of_pages()]
    return Media.objects.filter(reduce(operator.or_, used)) if used else Media.objects.none()


def is_media_staff(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated
                and user.has_perm("media_pipeline.change_media"))


def can_view_media(user: User | None, media: Media) -> bool:
    """May `user` see or hear `media` (and its captions and transcripts) now?"""
    return is_media_staff(user) or is_media_public(media)


def may_edit_transcripts(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated
                and user.has_perm("archive.change_transcript"))


def visible_transcripts(user: User | None, media: Media):
    """The transcripts of `media` that `user` may read: none when the media is hidden from
    them; only reviewed ones unless they may edit transcripts."""
    from archive.models import Transcript

    if not can_view_media(user, media):
        return Transcript.objects.none()
    transcripts = Transcript.objects.for_media(media)
    return transcripts if may_edit_transcripts(user) else transcripts.reviewed()


def can_view_transcript(user: User | None, transcript: Transcript) -> bool:
    return visible_transcripts(user, transcript.media).filter(pk=transcript.pk).exists()


# --- the same rules, as querysets for search ---------------------------------------------------
def searchable_transcripts(user: User | None) -> QuerySet[Transcript]:
    """Every transcript `user` may read (`visible_transcripts` over all media at once)."""
    from archive.models import Transcript

    transcripts = Transcript.objects.all()
    if not is_media_staff(user):
        transcripts = transcripts.filter(media__in=public_media())
    return transcripts if may_edit_transcripts(user) else transcripts.reviewed()


def visible_segments(user: User | None) -> QuerySet[TranscriptSegment]:
    """The transcript segments `user` may read: search starts from here, never from all."""
    from archive.models import TranscriptSegment

    return TranscriptSegment.objects.filter(transcript__in=searchable_transcripts(user))


def visible_pages(user: User | None, model: type[Page]) -> QuerySet[Page]:
    """Pages of `model` that `user` may be shown in search results and facets: live pages
    without view restrictions, and every page for staff who may change media."""
    return model.objects.all() if is_media_staff(user) else live_public_pages(model)
