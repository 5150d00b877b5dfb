"""Consent conditions (voice altered, face blurred, first name or pseudonym only, no place finer
than the region): publishing is refused until the item meets them, in the admin form and when a
revision is published."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from archive.models import ConsentRecord, Place, TestimonyIndexPage, TestimonyPage
from media_pipeline.models import Media
from tests.factories import (
    BareMediaFactory,
    PlaceFactory,
    SpeakerFactory,
    TestimonyPageFactory,
    verified_staff_login,
)


def draft(condition: str, **fields) -> TestimonyPage:
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    page = TestimonyPageFactory(parent=index, live=False, **fields)
    ConsentRecord.objects.filter(item_key=page.translation_key).update(**{condition: True})
    return page


def refused(page, match: str) -> None:
    with translation.override("en"), pytest.raises(ValidationError, match=match):
        page.save_revision().publish()
    assert not TestimonyPage.objects.get(pk=page.pk).live


def published(page) -> None:
    page.save_revision().publish()
    assert TestimonyPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_the_voice_must_be_altered():
    media = BareMediaFactory(type="audio")
    page = draft("require_voice_altered", media=media)
    refused(page, "voice to be altered")
    Media.objects.filter(pk=media.pk).update(voice_pitch_semitones=-3)
    page.media.refresh_from_db()
    published(page)


@pytest.mark.django_db
def test_the_face_must_be_blurred():
    media = BareMediaFactory(type="video")
    page = draft("require_face_blurred", media=media)
    refused(page, "face to be blurred")
    Media.objects.filter(pk=media.pk).update(blur_video=True)
    page.media.refresh_from_db()
    published(page)


@pytest.mark.django_db
def test_the_speaker_is_shown_by_one_word():
    page = draft("require_pseudonym", speaker=SpeakerFactory(pseudonym="Mariam Koné"))
    refused(page, "more than one word")
    page.speaker = SpeakerFactory(pseudonym="Mariam")
    published(page)


@pytest.mark.django_db
def test_no_place_finer_than_the_region():
    town = PlaceFactory(name="Sévaré", kind=Place.Kind.TOWN)
    region = PlaceFactory(name="Mopti", kind=Place.Kind.REGION)
    page = draft("require_region_only", recorded_at=town)
    refused(page, "Sévaré")
    page.recorded_at = region
    page.places.set([town])
    refused(page, "Sévaré")
    page.places.set([region])
    published(page)


@pytest.mark.django_db
def test_the_admin_form_refuses_publishing_in_french(client):
    archivist = get_user_model().objects.create_superuser("archiviste", "a@example.org", "x")
    verified_staff_login(client, archivist)
    page = draft("require_pseudonym", speaker=SpeakerFactory(pseudonym="Mariam Koné"))
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "speaker": str(page.speaker_id),
        "summary": rich_text(""), "recording_language": "bm", "access_level": "public",
        "warning_ranges": inline_formset([]), "action-publish": "publish"})
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "un prénom ou un pseudonyme seulement" in response.content.decode()
    assert not TestimonyPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_a_recording_that_stops_meeting_a_condition_is_not_served(client):
    """Published, then the voice alteration is taken off: the media closes to all but
    archivists until it meets the condition again."""
    from archive.access import can_view_media, is_archivist

    media = BareMediaFactory(type="audio", voice_pitch_semitones=-3)
    page = draft("require_voice_altered", media=media)
    published(page)
    archivist = get_user_model().objects.create_superuser("archiviste", "a@example.org", "x")
    assert is_archivist(archivist)
    assert can_view_media(None, media)
    Media.objects.filter(pk=media.pk).update(voice_pitch_semitones=0)
    assert not can_view_media(None, media)
    assert can_view_media(archivist, media)
    assert client.get(f"/captions/{media.uuid}/fr.vtt").status_code in (403, 404)
