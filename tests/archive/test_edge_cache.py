"""The edge cache may keep a page only when every anonymous visitor sees the same one."""

import pytest
from django.test import override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(EDGE_CACHE_SECONDS=60)
def test_only_anonymous_public_pages_carry_an_edge_lifetime(client):
    anonymous = client.get("/fr/")
    assert anonymous["X-Accel-Expires"] == "60"
    assert "no-cache" in anonymous["Cache-Control"]  # browsers still ask each time
    client.force_login(UserFactory())
    signed_in = client.get("/fr/")
    assert signed_in.status_code == 200
    assert not signed_in.has_header("X-Accel-Expires")
    assert "private" in signed_in["Cache-Control"]


def test_no_edge_lifetime_unless_configured(client):
    assert not client.get("/fr/").has_header("X-Accel-Expires")
