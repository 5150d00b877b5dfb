"""Browser tests: Debian's Chromium driven by Playwright against the site served from this
process, with the demo archive of the test database.

The server runs in a thread of the test process (as pytest-django's `live_server` does), but
without `live_server`: that fixture makes each test transactional, and flushing the database
after a test would wipe the demo archive that `django_db_setup` built once for the session.
The tests are marked `django_db` (so the test database exists when they run alone) and only
read: the server threads see the committed demo. Every page is rendered once before the browser
starts, so that the image renditions exist and the server never writes (on SQLite, each test's
open transaction would make a writing server wait).

Every request for another host is aborted: the machine has no network, and a phone on a bad
connection may not reach the tile server either. Screenshots at 360x740 px go to the
git-ignored `test-artifacts/screenshots/`.
"""

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import require_chromium

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium_path():
    return require_chromium()


@pytest.fixture(scope="module")
def site_url(chromium_path, django_db_setup, django_db_blocker):
    """The site, served on a free local port for the module's tests, media included."""
    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from whitenoise import WhiteNoise

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    app = WhiteNoise(get_wsgi_application(), autorefresh=True)
    app.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)  # image renditions
    with django_db_blocker.unblock():
        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
        server.set_app(app)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def page_urls(site_url) -> dict[str, str]:
    """One French page of each page type (by model name), plus every translation of the
    illustrated story."""
    from django.test import Client
    from wagtail.models import Page

    urls, client = {}, Client()
    for page in Page.objects.live().filter(depth__gt=1).order_by("path").specific():
        assert client.get(page.url).status_code == 200, page.url  # makes the renditions
        if page.locale.language_code == "fr":
            urls.setdefault(type(page).__name__, site_url + page.url)
    story = Page.objects.get(locale__language_code="fr", slug="le-film-en-tournage")
    for translation in story.get_translations(inclusive=True).select_related("locale"):
        urls[f"story-{translation.locale.language_code}"] = site_url + translation.url
    urls["StoryPage"] = urls["story-fr"]  # the story that has every kind of block
    return urls


@pytest.fixture(scope="module")
def browser(chromium_path, page_urls):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, so Django takes every ORM call
    # here (such as each test's transaction) for one from async code. Nothing runs
    # concurrently in this thread: allow them while the browser is open, and only then.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path,
                                                 args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # ORM calls made while Playwright's loop ran had connections of their own: close
            # them, or the test database cannot be dropped at the end of the session.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def open_phone_page(browser, site_url, bypass_csp=False):
    """A fresh phone-sized page that may reach only the test server."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="fr-FR",
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    blocked = []

    def abort_foreign(route):
        blocked.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(site_url), abort_foreign)
    page.blocked_requests = blocked
    return page


@pytest.fixture
def phone(browser, site_url):
    page = open_phone_page(browser, site_url)
    yield page
    page.context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
