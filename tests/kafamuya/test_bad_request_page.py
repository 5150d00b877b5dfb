"""A refused address gets the archive's own short page, in French by default, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_address_gets_the_archives_bad_request_page(client):
    response = client.get("/fr/?q=%00")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Requête refusée" in page
    assert '<html lang="fr">' in page
    assert "Traceback" not in page and "Bad Request (400)" not in page
