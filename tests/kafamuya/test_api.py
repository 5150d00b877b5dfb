"""The public read-only API (`/api/v2/pages/`): only what the access policy lets the viewer see."""

import base64
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from archive.models import TestimonyIndexPage
from kafamuya.pages.models import StoryPage
from tests.factories import TestimonyPageFactory, verified_staff_login

pytestmark = pytest.mark.django_db
PAGES = "/api/v2/pages/"


def not_found(client, url, **params) -> bool:
    """Django's LocaleMiddleware sends any unknown path outside the language prefixes to its
    `/fr/…` twin, which is a 404 too: the same answer for a hidden item and a missing one."""
    response = client.get(url, params, follow=True)
    return response.status_code == 404 and all(
        target.startswith("/fr/api/") for target, _ in response.redirect_chain)


@pytest.fixture
def index():
    return TestimonyIndexPage.objects.get(locale__language_code="fr")


@pytest.fixture
def open_and_hidden(index):
    """A public testimony and a restricted one, both live, with words to search for."""
    shown = TestimonyPageFactory(parent=index, title="Récit apiouvertzk", slug="api-ouvert")
    hidden = TestimonyPageFactory(parent=index, title="Récit apicacheqzk", slug="api-cache",
                                  access_level="restricted", consent_scope="internal")
    return shown, hidden


def listing(client, **params):
    """Every item of a listing, fetched 20 at a time (the API's largest page)."""
    items, total = [], None
    while total is None or len(items) < total:
        response = client.get(PAGES, {"limit": 20, "offset": len(items), **params})
        assert response.status_code == 200, response.content
        assert response["Content-Type"].startswith("application/json")
        data = response.json()
        total = data["meta"]["total_count"]
        items += data["items"]
        if not data["items"]:
            break
    return {"meta": {"total_count": total}, "items": items}


def ids(data) -> set[int]:
    return {item["id"] for item in data["items"]}


def test_listing_has_public_pages_and_no_hidden_item(client, open_and_hidden):
    shown, hidden = open_and_hidden
    data = listing(client, type="archive.TestimonyPage")
    assert shown.pk in ids(data)
    assert hidden.pk not in ids(data)
    assert data["meta"]["total_count"] == len(data["items"])
    assert "apicacheqzk" not in str(listing(client))


def test_detail_of_a_hidden_item_is_not_found(client, open_and_hidden):
    shown, hidden = open_and_hidden
    response = client.get(f"{PAGES}{shown.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == "Récit apiouvertzk"
    assert not_found(client, f"{PAGES}{hidden.pk}/")
    assert not_found(client, f"{PAGES}find/", html_path=hidden.url)
    assert not_found(client, f"{PAGES}999999/")


def test_search_finds_only_what_the_viewer_may_see(client, open_and_hidden):
    assert [i["title"] for i in listing(client, search="apiouvertzk")["items"]] == [
        "Récit apiouvertzk"]
    hidden = listing(client, search="apicacheqzk")
    assert hidden["items"] == [] and hidden["meta"]["total_count"] == 0


def test_an_embargoed_item_is_absent_until_its_date(client, index):
    page = TestimonyPageFactory(parent=index, title="Récit apiembargozk",
                                embargo_until=timezone.localdate() + datetime.timedelta(days=2))
    assert page.pk not in ids(listing(client, type="archive.TestimonyPage"))
    assert not_found(client, f"{PAGES}{page.pk}/")


def test_archivists_see_every_item(client, open_and_hidden):
    _, hidden = open_and_hidden
    archivist = get_user_model().objects.create_user("archiviste-api", is_staff=True)
    archivist.user_permissions.add(Permission.objects.get(codename="view_all_items"))
    verified_staff_login(client, archivist)
    assert client.get(f"{PAGES}{hidden.pk}/").status_code == 200
    assert hidden.pk in ids(listing(client, search="apicacheqzk"))


def test_a_password_alone_opens_nothing(client, open_and_hidden):
    """HTTP Basic would skip the staff second factor: the API knows sessions only."""
    _, hidden = open_and_hidden
    user = get_user_model().objects.create_superuser("admin-api", "a@example.org", "secret")
    basic = "Basic " + base64.b64encode(f"{user.username}:secret".encode()).decode()
    assert client.get(f"{PAGES}{hidden.pk}/", HTTP_AUTHORIZATION=basic).status_code != 200


def test_locale_filter(client):
    english = listing(client, locale="en", type="pages.StoryPage")
    expected = set(StoryPage.objects.live().filter(locale__language_code="en")
                   .values_list("pk", flat=True))
    assert ids(english) == expected and expected
    assert {item["meta"]["locale"] for item in english["items"]} == {"en"}


def test_only_the_allowed_fields_are_exposed(client, open_and_hidden):
    shown, _ = open_and_hidden
    data = client.get(f"{PAGES}{shown.pk}/").json()
    assert set(data) == {"id", "meta", "title", "recorded_on", "recording_language", "summary"}
    assert "speaker" not in str(data) and "media" not in data
    story = StoryPage.objects.live().filter(locale__language_code="fr").first()
    assert "body" not in client.get(f"{PAGES}{story.pk}/").json()
    assert client.get(PAGES, {"fields": "speaker"}).status_code == 400


def test_answers_are_revalidated_and_signed_in_ones_kept_by_nobody(client, open_and_hidden):
    shown, _hidden = open_and_hidden
    for url in (PAGES, f"{PAGES}{shown.pk}/"):
        anonymous = client.get(url)
        assert anonymous["Cache-Control"] == "no-cache"
        assert "Cookie" in anonymous["Vary"]
    client.force_login(get_user_model().objects.create_user("api-reader"))
    for url in (PAGES, f"{PAGES}{shown.pk}/"):
        signed_in = client.get(url)
        assert {"private", "no-store"} <= set(signed_in["Cache-Control"].split(", "))
        assert "Cookie" in signed_in["Vary"]
