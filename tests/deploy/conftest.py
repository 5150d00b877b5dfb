"""The deployment stack, started once per test module that asks for it."""

from pathlib import Path

import pytest

from tests.deploy.stack import CACHE_PURGE_MODULE, NGINX, Stack
from tests.services import services_required


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("the deployment stack runs in the PostgreSQL pass of `make test` "
                    "(production's database)")
    if not (Path(NGINX).exists() and CACHE_PURGE_MODULE.exists()):
        message = ("nginx or its cache-purge module is not installed "
                   "(apt-get install nginx-light libnginx-mod-http-cache-purge)")
        if services_required():
            pytest.fail(f"{message}, and REQUIRE_SERVICES=1")
        pytest.skip(message)
    with django_db_blocker.unblock():
        # CREATE DATABASE … TEMPLATE needs the test database to have no open session.
        connections.close_all()
        running = Stack(tmp_path_factory.mktemp("stack"), dict(connection.settings_dict))
        try:
            running.start()
        except BaseException:
            running.stop()
            raise
    yield running
    with django_db_blocker.unblock():
        running.stop()
