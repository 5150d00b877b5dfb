"""Suite-wide set-up: compiled catalogs, the demo archive loaded once, service checks."""

from pathlib import Path

import pytest

from tests.services import is_reachable, services_required

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    from kafamuya.catalogs import compile_catalogs

    compile_catalogs([ROOT / "locale"])


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo archive, built once for the session; each test runs in a rolled-back transaction."""
    from kafamuya.demo.builder import DemoBuilder

    with django_db_blocker.unblock():
        DemoBuilder(log=lambda *a: None).build()


def require_service(name: str, url: str) -> None:
    """Skip (or, with REQUIRE_SERVICES=1, fail) when a service does not answer."""
    if is_reachable(url):
        return
    message = f"{name} is not reachable at {url}"
    if services_required():
        pytest.fail(f"{message}, and REQUIRE_SERVICES=1")
    pytest.skip(message)
