"""The leak test's crawler: which URLs the site exposes, fetching them as one user, and reading
the answers for canary words.

URLs come from the database (every live page in every language, its feeds and calendars, every
media file, rendition, HLS file in storage, caption and transcript export, the API) and from
the answers themselves: links in HTML, sitemaps, feeds, calendars and JSON are followed on the
same site, up to a bound. Everything runs in-process through `django.test.Client`.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from django.core.files.storage import Storage
from django.test import Client
from wagtail.models import Page

from archive.models import Transcript
from archive.moments import MOMENT_PARAMETER
from archive.transcripts.exporting import EXPORT_FORMATS
from kafamuya.pages.models import (
    ActorMapPage,
    EventIndexPage,
    EventPage,
    SearchPage,
    StoryIndexPage,
)
from media_pipeline.models import Media
from media_pipeline.storage import private_storage

SAME_SITE_HOSTS = {"", "testserver", "localhost", "127.0.0.1", "localhost:80"}
# Not crawled: the admin (its own permission system), static assets, sign-out (it would end the
# session being tested), the quality switch (a cookie and a redirect back) and public image
# renditions (images carry no access rules).
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/quality", "/django-admin/")
API_PAGES = "/api/v2/pages/"
API_PAGE_SIZE = 20
TEXT_TYPES = ("text/", "application/json", "application/geo+json", "application/xml",
              "application/atom+xml", "application/rss+xml", "application/vnd.apple.mpegurl")
ATTRIBUTE_LINK = re.compile(r'(?:href|src|poster|action)\s*=\s*"([^"]+)"')
XML_LOC = re.compile(r"<loc>([^<]+)</loc>")
ICAL_URL = re.compile(r"^URL(?:;[^:]*)?:(.+)$", re.MULTILINE)
# Lines the leak test adds to pytest's terminal summary (tests/conftest.py prints them).
SUMMARY: list[str] = []


@dataclass
class Answer:
    """What one user got for one URL (redirects followed)."""

    user: str
    url: str
    status: int
    redirects: list[str]
    content_type: str
    body: bytes

    @property
    def final_path(self) -> str:
        return urlsplit(self.redirects[-1]).path if self.redirects else urlsplit(self.url).path

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def shows(self, word: str) -> bool:
        """Does the answer carry `word`, other than by repeating what was asked (a search form
        showing its query, a "not found" page naming its own address)?"""
        body = self.body
        if word in self.url:
            for echo in sorted(echoes_of(self.url), key=len, reverse=True):
                body = body.replace(echo.encode(), b"")
        return word.encode() in body


def echoes_of(url: str) -> set[str]:
    """How a page may repeat its own address and query: the URL and path as they are, escaped
    or quoted, and each query parameter as a link or form field carries it."""
    parts = urlsplit(url)
    forms = {url, parts.path, html.escape(url), quote(parts.path)}
    for key, value in parse_qsl(parts.query):
        forms |= {f"{key}={quote(value)}", f"{key}={value}", f'value="{html.escape(value)}"'}
    return forms


def same_site_path(link: str, base: str) -> str | None:
    """`link` (found in the answer to `base`) as a path with its query, when on this site."""
    link = html.unescape(link.strip())
    if not link or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    parts = urlsplit(link)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc not in SAME_SITE_HOSTS:
        return None
    path = parts.path
    if not path:
        path = urlsplit(base).path
    elif not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIPPED_PREFIXES) or "logout" in path:
        return None
    # A moment (`?t=` on a transcript line) is the same page with its sources starting later:
    # one fetch of the page stands for all its moments.
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k != MOMENT_PARAMETER])
    return f"{path}?{query}" if query else path


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def links_in(answer: Answer) -> set[str]:
    """Same-site links of an answer: HTML attributes, sitemap and feed entries, calendar URLs,
    URL-like strings of JSON."""
    if answer.status != 200 or not answer.content_type.startswith(TEXT_TYPES):
        return set()
    text = answer.text()
    found: list[str] = []
    if "json" in answer.content_type:
        with contextlib.suppress(ValueError):
            found += [s for s in _json_strings(json.loads(text))
                      if s.startswith(("/", "http://", "https://"))]
    elif answer.content_type.startswith("text/calendar"):
        found += ICAL_URL.findall(text.replace("\r\n ", ""))
    else:
        found += ATTRIBUTE_LINK.findall(text) + XML_LOC.findall(text)
    base = answer.redirects[-1] if answer.redirects else answer.url
    return {path for link in found if (path := same_site_path(link, base)) is not None}


def fetch(client: Client, user: str, url: str) -> Answer:
    response = client.get(url, follow=True)
    # Reading a streamed body to its end closes it, as a WSGI server would.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Answer(user=user, url=url, status=response.status_code,
                  redirects=[target for target, _ in response.redirect_chain],
                  content_type=response.get("Content-Type", ""), body=body)


@dataclass
class Crawl:
    """A bounded breadth-first crawl as one user: every seed, then at most `max_discovered`
    further same-site links found in the answers."""

    client: Client
    user: str
    max_discovered: int = 300
    answers: list[Answer] = field(default_factory=list)

    def run(self, seeds: Iterable[str]) -> list[Answer]:
        queue = deque(dict.fromkeys(seeds))
        seen = set(queue)
        discovered = 0
        while queue:
            answer = fetch(self.client, self.user, queue.popleft())
            self.answers.append(answer)
            for link in sorted(links_in(answer)):
                if link not in seen and discovered < self.max_discovered:
                    seen.add(link)
                    discovered += 1
                    queue.append(link)
        return self.answers


# --- URLs from the database ----------------------------------------------------------------

def page_urls() -> list[str]:
    """Every live page of every language, with the sub-URLs of its routable views."""
    urls = []
    for page in Page.objects.live().specific().order_by("path"):
        url = page.get_url()
        if url is None:
            continue
        urls.append(url)
        if isinstance(page, StoryIndexPage):
            urls.append(url + page.reverse_subpage("feed"))
        elif isinstance(page, EventIndexPage):
            urls.append(url + page.reverse_subpage("calendar"))
        elif isinstance(page, EventPage):
            urls.append(url + page.reverse_subpage("ics"))
        elif isinstance(page, ActorMapPage):
            urls.append(url + page.reverse_subpage("geojson"))
    return urls


def search_urls(words: Iterable[str]) -> list[str]:
    """The site search, in every language, for each word."""
    pages = [page.get_url() for page in SearchPage.objects.live()]
    return [f"{url}?q={word}" for url in pages if url for word in words]


def api_listing_urls(words: Iterable[str]) -> list[str]:
    """The API's listing pages (in each language too), and a search for each word."""
    count = Page.objects.count()
    urls = [f"{API_PAGES}?offset={offset}" for offset in range(0, count, API_PAGE_SIZE)]
    urls += [f"{API_PAGES}?locale={code}&limit={API_PAGE_SIZE}" for code in ("fr", "en", "bm")]
    urls += [f"{API_PAGES}?search={word}" for word in words]
    return urls


def api_detail_urls() -> list[str]:
    """The API's detail of every page, live or not."""
    return [f"{API_PAGES}{pk}/" for pk in Page.objects.order_by("pk").values_list("pk",
                                                                                   flat=True)]


def stored_files(storage: Storage, folder: str) -> list[str]:
    """Every file under `folder` in `storage`, recursively."""
    if not storage.exists(folder):
        return []
    directories, files = storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for directory in directories:
        names += stored_files(storage, f"{folder}/{directory}")
    return names


def media_urls(media: Media) -> list[str]:
    """Every URL that serves something of `media`: its original, every file its renditions list
    or that storage holds in its renditions folder (HLS playlists and segments included), and
    its captions and transcript exports in every language it has a transcript in (reviewed or
    not), in every format."""
    prefix = f"renditions/{media.uuid}/"
    names = {name for row in media.renditions.all() for name in row.files}
    names.update(stored_files(private_storage(), prefix.rstrip("/")))
    languages = set(Transcript.objects.filter(media=media).values_list("language", flat=True))
    return [
        f"/files/{media.uuid}/original",
        *(f"/files/{media.uuid}/r/{name.removeprefix(prefix)}" for name in sorted(names)),
        *(f"/captions/{media.uuid}/{language}.vtt" for language in sorted(languages)),
        *(f"/transcripts/{media.uuid}/{language}.{fmt}" for language in sorted(languages)
          for fmt in EXPORT_FORMATS),
    ]
