"""Caption tracks and transcript files: served as text/vtt, and only to those who may see them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from archive.access import can_view_media
from archive.captions import caption_tracks, caption_url, transcript_url
from archive.models import ClipPage, TestimonyIndexPage, TestimonyPage, Transcript
from archive.transcripts.vtt import parse_vtt
from media_pipeline.processing import process
from tests.factories import MediaFactory, TestimonyPageFactory, TranscriptFactory

pytestmark = pytest.mark.django_db


def add_testimony(media, live=True, slug="essai"):
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    return TestimonyPageFactory(parent=index, title="Essai", slug=slug, media=media, live=live)


def user_with(*permissions):
    """A signed-in user with permissions named like `media_pipeline.change_media`."""
    user = get_user_model().objects.create_user(f"user-{'-'.join(permissions) or 'none'}")
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def public_transcript():
    transcript = TranscriptFactory(segments=3)
    add_testimony(transcript.media)
    return transcript


def test_public_testimony_captions_are_text_vtt(client, public_transcript):
    response = client.get(caption_url(public_transcript.media, "fr"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Content-Language"] == "fr"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert body.startswith("WEBVTT\n")
    assert [(s.start_ms, s.end_ms) for s in parse_vtt(body).segments] == [
        (0, 1000), (1000, 2000), (2000, 3000)]


def test_the_url_is_the_documented_one(public_transcript):
    uuid = public_transcript.media.uuid
    assert caption_url(public_transcript.media, "fr") == f"/captions/{uuid}/fr.vtt"


def test_demo_testimonies_and_clips_have_french_and_english_captions(client):
    for page in [TestimonyPage.objects.get(slug="temoignage-awa", locale__language_code="fr"),
                 ClipPage.objects.get(slug="le-depart", locale__language_code="fr")]:
        for language in ("fr", "en"):
            response = client.get(caption_url(page.media, language))
            assert response.status_code == 200, (page, language)
        assert client.get(caption_url(page.media, "bm")).status_code == 404


def test_media_used_only_by_an_unpublished_page_is_hidden_from_anonymous(client):
    transcript = TranscriptFactory(segments=2)
    add_testimony(transcript.media, live=False)
    url = caption_url(transcript.media, "fr")
    assert client.get(url).status_code == 404
    assert client.get(transcript_url(transcript.media, "fr", "txt")).status_code == 404

    client.force_login(user_with())  # signed in is not enough
    assert client.get(url).status_code == 404

    client.force_login(user_with("media_pipeline.change_media"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"


def test_media_used_by_no_page_or_a_restricted_page_is_hidden(client):
    unused = TranscriptFactory(segments=1)
    assert client.get(caption_url(unused.media, "fr")).status_code == 404

    restricted = TranscriptFactory(segments=1)
    page = add_testimony(restricted.media, slug="restreint")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert client.get(caption_url(restricted.media, "fr")).status_code == 404
    assert not can_view_media(AnonymousUser(), restricted.media)


def test_draft_transcripts_are_for_editors_only(client, public_transcript):
    draft = TranscriptFactory(media=public_transcript.media, language="en", segments=1,
                              status=Transcript.Status.DRAFT)
    url = caption_url(draft.media, "en")
    assert client.get(url).status_code == 404
    client.force_login(user_with("media_pipeline.change_media"))
    assert client.get(url).status_code == 404
    client.force_login(user_with("archive.change_transcript"))
    assert client.get(url).status_code == 200


def test_other_formats_and_unknown_ones(client, public_transcript):
    media = public_transcript.media
    text = client.get(transcript_url(media, "fr", "txt"))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode().startswith("[00:00:00.000] Awa K.: ")
    srt = client.get(transcript_url(media, "fr", "srt"))
    assert srt["Content-Disposition"] == f'attachment; filename="{media.uuid}.fr.srt"'
    assert client.get(transcript_url(media, "fr", "json")).json()["language"] == "fr"
    assert client.get(f"/transcripts/{media.uuid}/fr.exe").status_code == 404
    assert client.get(f"/captions/{media.uuid}/xx.vtt").status_code == 404
    assert client.post(caption_url(media, "fr")).status_code == 405


# --- players --------------------------------------------------------------------------------------
def test_tracks_list_the_page_language_first_and_skip_empty_transcripts(public_transcript):
    TranscriptFactory(media=public_transcript.media, language="en", segments=2)
    TranscriptFactory(media=public_transcript.media, language="bm", segments=0)
    tracks = caption_tracks(public_transcript.media, AnonymousUser(), first_language="en")
    assert [(t.language, t.label) for t in tracks] == [("en", "English"), ("fr", "Français")]
    assert tracks[1].src == caption_url(public_transcript.media, "fr")
    assert caption_tracks(None, AnonymousUser()) == []


def test_player_renders_a_track_per_language_once_there_are_sources():
    media = MediaFactory(type="audio")
    process(media.pk)
    TranscriptFactory(media=media, language="fr", segments=2)
    TranscriptFactory(media=media, language="en", segments=2)
    add_testimony(media, slug="avec-pistes")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("fr"):
        html = render_to_string("includes/media_player.html", {"media": media}, request=request)
    soup = BeautifulSoup(html, "html.parser")
    tracks = soup.select("audio > track")
    assert [(t["kind"], t["srclang"], t["label"], t["src"]) for t in tracks] == [
        ("captions", "fr", "Français", f"/captions/{media.uuid}/fr.vtt"),
        ("captions", "en", "English", f"/captions/{media.uuid}/en.vtt"),
    ]
    links = soup.select(".transcripts a")
    assert [a["href"] for a in links] == [transcript_url(media, "fr"), transcript_url(media, "en")]


def test_testimony_page_links_its_transcripts(client):
    page = TestimonyPage.objects.get(slug="temoignage-awa", locale__language_code="fr")
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert [a["hreflang"] for a in soup.select(".transcripts a")] == ["fr", "en"]
    assert not soup.select("track")  # no player yet, so no tracks


def test_english_page_offers_english_first(client):
    page = TestimonyPage.objects.get(slug="temoignage-awa", locale__language_code="fr")
    english = page.get_translation(Locale.objects.get(language_code="en"))
    soup = BeautifulSoup(client.get(english.url).content, "html.parser")
    assert [a.text for a in soup.select(".transcripts a")] == ["English", "Français"]
