"""Three languages: prefixed URLs, a browser-language redirect, alternates and the switcher."""

import pytest
from bs4 import BeautifulSoup
from django.utils.translation import check_for_language

from archive.models import TestimonyPage


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("fr-FR,fr;q=0.9", "/fr/"), ("en-GB,en;q=0.8", "/en/"), ("bm", "/bm/"),
     ("de-DE", "/fr/"), ("", "/fr/")],
)
@pytest.mark.django_db
def test_root_redirects_by_browser_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_bambara_is_a_known_language():
    assert check_for_language("bm")


@pytest.mark.django_db
def test_page_lists_its_translations_as_alternates(client):
    testimony = TestimonyPage.objects.get(locale__language_code="fr", slug="temoignage-awa")
    soup = BeautifulSoup(client.get(testimony.url).content, "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate]")}
    assert set(alternates) == {"fr", "en", "bm", "x-default"}
    english = testimony.get_translation(testimony.locale.__class__.objects.get(language_code="en"))
    assert alternates["en"] == f"http://testserver{english.url}"
    assert alternates["x-default"] == alternates["fr"]


@pytest.mark.django_db
def test_language_switcher_keeps_you_on_the_same_page(client):
    testimony = TestimonyPage.objects.get(locale__language_code="fr", slug="temoignage-awa")
    soup = BeautifulSoup(client.get(testimony.url).content, "html.parser")
    links = {a["hreflang"]: a for a in soup.select("nav.languages a")}
    assert links["fr"].get("aria-current") == "true"
    english = client.get(links["en"]["href"])
    assert english.status_code == 200
    assert "The road from Mopti" in english.content.decode()
    bambara = client.get(links["bm"]["href"])
    assert bambara.status_code == 200
    assert '<html lang="bm">' in bambara.content.decode()


@pytest.mark.django_db
def test_bambara_interface_falls_back_to_french_for_untranslated_strings(client):
    body = client.get("/bm/").content.decode()
    assert "Aller au contenu" in body  # French, not the English msgid "Skip to content"
