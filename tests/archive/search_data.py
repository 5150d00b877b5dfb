"""Testimonies with transcripts, indexed, for the search tests."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission

from archive.models import Place, Speaker, TestimonyIndexPage, TestimonyPage, Theme, Transcript
from archive.search import indexing
from tests.factories import (
    BareMediaFactory,
    SegmentFactory,
    SpeakerFactory,
    TestimonyPageFactory,
    TranscriptFactory,
)

_slugs = itertools.count(1)
ANONYMOUS = AnonymousUser()


def index(*transcripts: Transcript) -> None:
    """What the task does after a commit (tests run inside a transaction that never commits)."""
    indexing.update_segments(indexing.segments_of_transcripts(t.pk for t in transcripts))


def add_transcript(media, lines, language="fr", status=Transcript.Status.REVIEWED):
    """A transcript of `media` with segments `lines`: [(start seconds, text), ...], 2 s each."""
    transcript = TranscriptFactory(media=media, language=language, status=status)
    for order, (second, text) in enumerate(lines):
        SegmentFactory(transcript=transcript, sort_order=order, start_ms=int(second * 1000),
                       end_ms=int(second * 1000) + 2000, text=text, speaker="Awa K.")
    index(transcript)
    return transcript


def make_testimony(lines, language="fr", live=True, status=Transcript.Status.REVIEWED,
              speaker=None, places=(), themes=(), recorded_on=None, media_type="audio"):
    """A testimony page (French tree) using a new media with one transcript; returns both."""
    media = BareMediaFactory(type=media_type)
    transcript = add_transcript(media, lines, language=language, status=status)
    parent = TestimonyIndexPage.objects.get(locale__language_code="fr")
    page = TestimonyPageFactory(
        parent=parent, title=f"Témoignage d'essai {next(_slugs)}", slug=f"essai-{next(_slugs)}",
        speaker=speaker or SpeakerFactory(), media=media, live=False,
        recorded_on=recorded_on or datetime.date(2024, 5, 1))
    page.places.set(places)
    page.themes.set(themes)
    if live:
        page.save_revision().publish()
    else:
        page.save()
    return TestimonyPage.objects.get(pk=page.pk), transcript


def place(slug):
    return Place.objects.get(slug=slug, locale__language_code="fr")


def theme(slug):
    return Theme.objects.get(slug=slug, locale__language_code="fr")


def speaker(age, status):
    return SpeakerFactory(age_range=age, status=status)


def user_with(*permissions, name=None):
    user = get_user_model().objects.create_user(name or f"user-{next(_slugs)}")
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return get_user_model().objects.get(pk=user.pk)


def staff():
    return user_with("media_pipeline.change_media", "archive.change_transcript")


__all__ = [
    "ANONYMOUS",
    "Speaker",
    "add_transcript",
    "index",
    "make_testimony",
    "place",
    "speaker",
    "staff",
    "theme",
    "user_with",
]
