"""Factories for the archive's objects (factory_boy and wagtail-factories)."""

import tempfile
from pathlib import Path

import factory
import wagtail_factories
from django.core.files import File
from wagtail.models import Locale

from archive.models import Place, Speaker, TestimonyPage, Theme, Transcript, TranscriptSegment
from media_pipeline.generate import make_audio, make_video
from media_pipeline.models import Media


class LocaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locale
        django_get_or_create = ("language_code",)

    language_code = "fr"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    locale = factory.SubFactory(LocaleFactory)


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Lieu {n}")
    slug = factory.Sequence(lambda n: f"lieu-{n}")
    locale = factory.SubFactory(LocaleFactory)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    pseudonym = factory.Sequence(lambda n: f"Locutrice {n}")
    status = Speaker.Status.DISPLACED


class MediaFactory(factory.django.DjangoModelFactory):
    """A Media row with a real, tiny file made by ffmpeg (video by default)."""

    class Meta:
        model = Media
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Média {n}")
    type = "video"
    duration = 1

    @factory.post_generation
    def with_file(obj, create, extracted, **kwargs):
        upload_name = extracted or ("Aminata Traoré interview.mp4" if obj.type == "video"
                                    else "Aminata Traoré interview.m4a")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / Path(upload_name).name
            if obj.type == "video":
                make_video(path, seconds=1)
            else:
                make_audio(path, seconds=1)
            with path.open("rb") as handle:
                obj.file.save(upload_name, File(handle), save=create)


class TestimonyPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TestimonyPage

    title = factory.Sequence(lambda n: f"Témoignage {n}")
    speaker = factory.SubFactory(SpeakerFactory)


class BareMediaFactory(factory.django.DjangoModelFactory):
    """A Media row whose file is never made: for tests that only need the row (fast)."""

    class Meta:
        model = Media

    title = factory.Sequence(lambda n: f"Enregistrement {n}")
    type = "audio"
    duration = 4
    file = factory.Sequence(lambda n: f"originals/not-made-{n}.m4a")


class TranscriptFactory(factory.django.DjangoModelFactory):
    """A transcript, by default of a new media, in French, reviewed, without segments.

    `TranscriptFactory(segments=3)` adds three 1-second segments, back to back.
    """

    class Meta:
        model = Transcript
        skip_postgeneration_save = True

    media = factory.SubFactory(BareMediaFactory)
    language = "fr"
    provenance = Transcript.Provenance.HUMAN
    status = Transcript.Status.REVIEWED

    @factory.post_generation
    def segments(obj, create, extracted, **kwargs):
        for index in range(extracted or 0):
            SegmentFactory(transcript=obj, sort_order=index, start_ms=index * 1000,
                           end_ms=(index + 1) * 1000)


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranscriptSegment

    transcript = factory.SubFactory(TranscriptFactory)
    sort_order = factory.Sequence(lambda n: n)
    start_ms = 0
    end_ms = 1000
    speaker = "Awa K."
    text = factory.Sequence(lambda n: f"Phrase numéro {n} du témoignage.")
