"""The admin is the archive's, and sends nothing about its staff to a third party."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import verified_staff_login

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_names_the_archive_in_the_readers_language(client):
    french = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Connexion à l’archive Kafamuya" in french
    assert "Wagtail" not in french.split("<title>")[1].split("</title>")[0]
    english = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in to the Kafamuya Archive" in english
    assert "Sign in to Wagtail" not in english


def test_admin_pages_carry_no_third_party_avatar(client):
    staff = get_user_model().objects.create_superuser("branding", "aminata@example.org", "x")
    verified_staff_login(client, staff)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    page = response.content.decode()
    assert "gravatar" not in page.lower()
    assert "<title>" in page and "Archive Kafamuya" in page.split("<title>")[1].split("</title>")[0]
