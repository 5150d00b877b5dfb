"""Factories for the archive's objects (factory_boy and wagtail-factories)."""

import datetime
import tempfile
from pathlib import Path

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files import File
from django.utils import timezone
from wagtail.models import Locale

from archive.models import (
    ConsentRecord,
    ConsentScope,
    Place,
    Speaker,
    TestimonyPage,
    Theme,
    Transcript,
    TranscriptSegment,
)
from archive.researchers.models import AccessGrant, ResearcherApplication
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
    """A Media row with a real, tiny file made by ffmpeg (video by default).

    `MediaFactory(with_file="name.m4a", with_file__metadata={"title": "..."})` chooses the
    uploaded name and tags the file's container.
    """

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
            metadata = kwargs.get("metadata")
            if obj.type == "video":
                make_video(path, seconds=1, metadata=metadata)
            else:
                make_audio(path, seconds=1, metadata=metadata)
            with path.open("rb") as handle:
                obj.file.save(upload_name, File(handle), save=create)


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    given_by = factory.Sequence(lambda n: f"Locutrice {n}")
    given_on = datetime.date(2025, 3, 15)
    method = ConsentRecord.Method.ORAL_RECORDED
    language = "bm"
    scope = ConsentScope.PUBLIC_WEB
    permitted_uses = ["documentary", "research", "press"]


class ConsentedItemFactory(wagtail_factories.PageFactory):
    """An archive item saved unpublished, given its consent record, then published (as the
    policy demands). `consent_scope=None` creates no record; `live=False` stays a draft."""

    access_level = "public"

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, consent_scope="public", **kwargs):
        live = kwargs.pop("live", True)
        page = super()._create(model_class, *args, live=False, **kwargs)
        if consent_scope:
            ConsentRecordFactory(item=page, scope=consent_scope)
        if live:
            page.save_revision().publish()
            page.refresh_from_db()
        return page


class TestimonyPageFactory(ConsentedItemFactory):
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

    `TranscriptFactory(segments=3)` adds three 1-second segments, back to back;
    `TranscriptFactory(segments=["Bonjour.", "Merci."])` adds one such segment per text.
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
        texts = [None] * extracted if isinstance(extracted, int) else list(extracted or ())
        for index, text in enumerate(texts):
            fields = {"text": text, **kwargs} if text is not None else kwargs
            SegmentFactory(transcript=obj, sort_order=index, start_ms=index * 1000,
                           end_ms=(index + 1) * 1000, **fields)


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TranscriptSegment

    transcript = factory.SubFactory(TranscriptFactory)
    sort_order = factory.Sequence(lambda n: n)
    start_ms = 0
    end_ms = 1000
    speaker = "Awa K."
    text = factory.Sequence(lambda n: f"Phrase numéro {n} du témoignage.")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"utilisatrice{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


class ResearcherApplicationFactory(factory.django.DjangoModelFactory):
    """An approved researcher (for a year from today unless `expires_on` says otherwise)."""

    class Meta:
        model = ResearcherApplication

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Chercheuse {n}")
    institution = "Université de Bamako"
    purpose = "Étude des parcours migratoires."
    accepted_terms_at = factory.LazyFunction(timezone.now)
    status = ResearcherApplication.Status.APPROVED
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class AccessGrantFactory(factory.django.DjangoModelFactory):
    """A grant to one item (`item_key`, a page's translation key), for a year from today."""

    class Meta:
        model = AccessGrant

    user = factory.SubFactory(UserFactory)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


def verified_staff_login(client, user):
    """Sign `user` in on the test `client` with a confirmed second factor for the session.

    Staff (anyone who may use the admin) must confirm a second factor before any page treats
    them as signed in (kafamuya.staff); `client.force_login` alone now leads to the set-up page.
    Returns the device used (a confirmed static device, made when the user has none).
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device = (StaticDevice.objects.filter(user=user, confirmed=True).first()
              or StaticDevice.objects.create(user=user, name="test device", confirmed=True))
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
