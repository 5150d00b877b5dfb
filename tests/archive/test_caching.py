"""Page responses: revalidated before any reuse, private when they depend on the viewer."""

import pytest
from django.contrib.auth import get_user_model

from archive.models import TestimonyIndexPage
from tests.factories import TestimonyPageFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return set(response.get("Cache-Control", "").replace(" ", "").split(","))


def test_pages_are_revalidated_before_reuse(client):
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    page = TestimonyPageFactory(parent=index)
    for url in (page.url, index.url, "/fr/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response) == {"no-cache"}, url


def test_a_signed_in_viewers_pages_are_private(client):
    index = TestimonyIndexPage.objects.get(locale__language_code="fr")
    client.force_login(get_user_model().objects.create_user("reader"))
    assert directives(client.get(index.url)) == {"no-cache", "private"}

