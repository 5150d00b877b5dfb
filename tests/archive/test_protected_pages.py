"""A page behind a Wagtail view restriction is named nowhere before its restriction is passed:
not in listings, alternate links, the language switcher, the sitemap, the API or search."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail.models import Locale, PageViewRestriction

from archive.models import TestimonyIndexPage
from tests.factories import TestimonyPageFactory, verified_staff_login

pytestmark = pytest.mark.django_db
CANARY = "protegeqxvz"


@pytest.fixture
def protected_english_version():
    """A public testimony whose English version is titled with a canary and password-protected."""
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    french = TestimonyPageFactory(parent=index, title="Témoignage ouvert", slug="ouvert")
    english = french.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title, english.slug = f"Testimony {CANARY}", f"testimony-{CANARY}"
    english.save_revision().publish()
    PageViewRestriction.objects.create(page=english, restriction_type="password",
                                       password="secret")
    return french, english.specific_class.objects.get(pk=english.pk)


def archivist_client(client):
    archivist = get_user_model().objects.create_user("archiviste", is_staff=True)
    archivist.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "view_all_items"]))
    verified_staff_login(client, archivist)
    return client


@pytest.mark.parametrize("who", ["anonymous", "archivist"])
def test_the_protected_version_is_named_nowhere(client, protected_english_version, who):
    french, english = protected_english_version
    if who == "archivist":
        client = archivist_client(client)
    english_index = TestimonyIndexPage.objects.get(locale__language_code="en")
    for url in (french.url, french.get_parent().url, english_index.url, "/sitemap.xml",
                "/api/v2/pages/?limit=20&locale=en", f"/api/v2/pages/?search={CANARY}",
                "/fr/", "/en/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert CANARY not in body, url
    assert client.get(english.url).status_code == 200  # its own address asks for the password


def test_the_switcher_still_links_the_open_versions(client, protected_english_version):
    french, _english = protected_english_version
    bambara = french.copy_for_translation(Locale.objects.get(language_code="bm"))
    bambara.save_revision().publish()
    body = client.get(french.url).content.decode()
    assert f'rel="alternate" hreflang="bm" href="http://testserver{bambara.url}"' in body
    assert 'rel="alternate" hreflang="en"' not in body
    assert '<a href="/en/" hreflang="en"' in body  # the switcher offers the English home


def test_a_restricted_page_and_its_revisions_lose_the_slug_of_its_title(
        client, protected_english_version):
    _french, english = protected_english_version
    assert english.slug == f"page-{english.pk}"
    assert CANARY not in english.url_path
    assert not any(CANARY in revision.content["slug"] for revision in english.revisions.all())
    assert client.get(english.url).status_code == 200  # the password form, at the new address
    english.save_revision().publish()
    english.refresh_from_db()
    assert english.slug == f"page-{english.pk}"
