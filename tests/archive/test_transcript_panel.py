"""The interactive transcript beside the player, moments in URLs, and the documentary's
chapters: all server-rendered, so that they work without JavaScript."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser

from archive.models import DocumentaryPage, TestimonyPage
from archive.transcript_panel import page_segments
from media_pipeline.processing import process

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def awa():
    return TestimonyPage.objects.get(slug="temoignage-awa", locale__language_code="fr")


def test_each_line_links_to_its_moment_in_the_page_language(client, awa):
    soup = soup_of(client, awa.url)
    lines = soup.select("#transcript ol.lines li")
    assert soup.select_one("#transcript ol.lines")["lang"] == "fr"
    assert [(li["data-start"], li["data-end"], li.a["href"], li.a.text) for li in lines[:2]] == [
        ("0", "0.9", "?t=0#player", "0:00"), ("0.9", "2.2", "?t=0.9#player", "0:00")]
    assert lines[0].span.text == "Pouvez-vous nous raconter votre départ ?"
    # The search box and the player's tools need the script: hidden until it shows them.
    assert soup.select_one("#transcript form.find").has_attr("hidden")


def test_the_viewer_chooses_the_language_among_those_they_may_read(client, awa):
    soup = soup_of(client, awa.url + "?lang=en")
    assert soup.select_one("#transcript ol.lines")["lang"] == "en"
    choices = soup.select("#transcript nav a")
    assert [(a["hreflang"], a.get("aria-current")) for a in choices] == [
        ("fr", None), ("en", "true")]
    assert choices[0]["href"] == "?lang=fr#transcript"
    assert soup_of(client, awa.url + "?lang=xx").select_one("ol.lines")["lang"] == "fr"


def test_hidden_media_have_no_segments_to_read(awa):
    assert page_segments(AnonymousUser(), awa.media, "fr")
    TestimonyPage.objects.filter(translation_key=awa.translation_key).update(
        access_level="restricted")
    assert page_segments(AnonymousUser(), awa.media, "fr") == []


def test_a_moment_in_the_address_starts_the_sources_there(client, awa):
    process(awa.media_id)
    soup = soup_of(client, awa.url + "?t=1:05&lang=en")
    assert all(s["src"].endswith("#t=65") for s in soup.select("#player source"))
    assert soup.select_one(".player")["data-start"] == "65"
    # Line links keep the language and replace the moment.
    assert soup.select_one("ol.lines a")["href"] == "?t=0&lang=en#player"
    plain = soup_of(client, awa.url + "?t=soon")
    assert all("#t=" not in s["src"] for s in plain.select("#player source"))


def test_the_documentary_plays_the_chapter_chosen_in_its_list(client):
    documentary = DocumentaryPage.objects.get(locale__language_code="fr")
    soup = soup_of(client, documentary.url)
    chapters = soup.select("ol.chapters > li > a[href^='?chapter=']")
    assert [a["href"] for a in chapters] == [
        "?chapter=le-depart#player", "?chapter=l-attente#player", "?chapter=reconstruire#player"]
    assert chapters[0]["aria-current"] == "true"
    assert "Le départ" in soup.select_one("#now-playing").text
    assert not soup.select_one(".player[data-autoplay]")  # not asked for: nothing plays

    soup = soup_of(client, documentary.url + "?chapter=l-attente")
    assert "L'attente" in soup.select_one("#now-playing").text
    assert soup.select("ol.chapters > li > a")[2].get("aria-current") == "true"
    lines = soup.select("#transcript ol.lines a")
    assert lines[0]["href"] == "?chapter=l-attente&t=0#player"


def test_a_researcher_playing_a_closed_chapter_in_the_documentary_is_audited(client):
    from archive.audit.models import AuditEntry
    from archive.models import ClipPage
    from tests.factories import ResearcherApplicationFactory

    documentary = DocumentaryPage.objects.get(locale__language_code="fr")
    chapter = ClipPage.objects.get(slug="l-attente", locale__language_code="fr")
    ClipPage.objects.filter(translation_key=chapter.translation_key).update(
        access_level="researchers")
    assert "L'attente" not in soup_of(client, documentary.url).select_one("ol.chapters").text
    assert not AuditEntry.objects.exists()  # the public chapter played: nothing to record

    researcher = ResearcherApplicationFactory().user
    client.force_login(researcher)
    soup = soup_of(client, documentary.url + "?chapter=l-attente")
    assert "L'attente" in soup.select_one("#now-playing").text
    assert list(AuditEntry.objects.values_list("user", "item_key", "surface", "action")) == [
        (researcher.pk, chapter.translation_key, "page", "view")]
