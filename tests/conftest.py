"""Suite-wide set-up: compiled catalogs, the demo archive loaded once, service checks."""

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.services import is_reachable, services_required

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    from django.conf import settings

    from kafamuya.catalogs import compile_catalogs

    if compile_catalogs([Path(path) for path in settings.LOCALE_PATHS]):
        # Django may have read the catalogs already while starting up (before these .mo
        # files existed): make it read them again.
        import gettext

        from django.utils.translation import trans_real

        gettext._translations.clear()  # the standard library keeps each parsed .mo by its path
        trans_real._translations.clear()
        trans_real._default = None


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


NOT_RUN: dict[str, str] = {}


def not_run(what: str, why: str) -> None:
    """Skip a test that cannot run on this machine at all (no such server can be installed
    here), and name it at the end of the run so that its skip never reads as a pass."""
    NOT_RUN[what] = why
    pytest.skip(f"NOT RUN: {what}: {why}")


def pytest_terminal_summary(terminalreporter):
    """The leak test's counts (tests/archive/test_leak.py), when it ran; what did not run."""
    crawler = sys.modules.get("tests.archive.leak_crawler")
    for line in getattr(crawler, "SUMMARY", ()):
        terminalreporter.write_line(line)
    for what, why in NOT_RUN.items():
        terminalreporter.write_line(f"NOT RUN (not a pass): {what}: {why}", yellow=True,
                                    bold=True)


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


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def chromium_missing() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def require_chromium() -> str:
    """The path of the Chromium that browser tests drive (Debian's `chromium` package), with
    Playwright installed to drive it. Skips (or, with REQUIRE_SERVICES=1, fails) otherwise."""
    missing = chromium_missing()
    if missing is None:
        return CHROMIUM
    if services_required():
        pytest.fail(f"{missing}, and REQUIRE_SERVICES=1")
    pytest.skip(missing)


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-protocol server (moto in server mode) on a free local port, for the session."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    process = subprocess.Popen([executable, "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)  # noqa: S310 - local
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the S3 test server (moto_server) did not start")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_storage_settings(s3_server, monkeypatch, settings):
    """STORAGES pointing at fresh buckets on the S3 test server, built by our settings code."""
    import boto3

    from kafamuya.settings.storage import s3_storages

    public, private = f"public-{uuid.uuid4().hex[:8]}", f"private-{uuid.uuid4().hex[:8]}"
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_S3_ENDPOINT_URL": s3_server, "AWS_S3_REGION_NAME": "us-east-1",
                        "AWS_STORAGE_BUCKET_NAME": public,
                        "AWS_PRIVATE_BUCKET_NAME": private}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    for bucket in (public, private):
        client.create_bucket(Bucket=bucket)
    settings.STORAGES = s3_storages()
    return {"client": client, "public_bucket": public, "private_bucket": private}
