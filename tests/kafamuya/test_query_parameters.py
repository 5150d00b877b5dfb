"""Every view's query parameters, fed out-of-range, malformed and NUL input, answer 400 or
ignore it: never a server error. The URLs are enumerated from the URL patterns and from one
live page of every page type of the demo archive; the parameters are those the views read."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from kafamuya.pages.models import (
    ActorMapPage,
    EventIndexPage,
    EventPage,
    SearchPage,
    StoryIndexPage,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = ("a\x00b", "9" * 40, "-1", "1e309", "²", "'\"<>%", "x" * 3000, "2026-13-45")
# The parameters each kind of view reads (see the views' docstrings).
PAGE_PARAMETERS = ("t", "lang", "page", "chapter", "kind", "theme", "place", "year")
SEARCH_PARAMETERS = ("q", "page", "language", "media", "place", "theme", "age", "status",
                     "from", "to", "item", "t")
API_PARAMETERS = ("search", "search_operator", "offset", "limit", "type", "fields", "order",
                  "child_of", "descendant_of", "ancestor_of", "translation_of", "locale", "id",
                  "title", "slug", "has_children", "show_in_menus", "site", "format")
OTHER_VIEWS = {
    "/quality": ("quality", "next"),
    "/sitemap.xml": ("p",),
    "/healthz": ("format",),
    "/fr/researchers/apply/": ("next",),
}


def url_patterns_without_arguments(patterns=None, prefix: str = "") -> set[str]:
    """Paths of the URL patterns that take no path arguments, outside the admin."""
    found: set[str] = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        route = route.removeprefix("^").removesuffix("$")
        if "<" in route or "(" in route or route.startswith("admin"):
            continue
        if isinstance(entry, URLResolver):
            found |= url_patterns_without_arguments(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.add("/" + prefix + route)
    return found


def one_page_of_each_type() -> list[tuple[str, bool]]:
    """(URL, is it the search page) for one live page of each type, and its routable views."""
    urls, seen = [], set()
    for page in Page.objects.live().specific().order_by("path"):
        url = page.get_url()
        if url is None or type(page) in seen:
            continue
        seen.add(type(page))
        urls.append((url, isinstance(page, SearchPage)))
        for model, route in ((StoryIndexPage, "feed"), (EventIndexPage, "calendar"),
                             (EventPage, "ics"), (ActorMapPage, "geojson")):
            if isinstance(page, model):
                urls.append((url + page.reverse_subpage(route), False))
    return urls


def views_and_parameters() -> list[tuple[str, tuple[str, ...]]]:
    views = [(url, SEARCH_PARAMETERS if is_search else PAGE_PARAMETERS)
             for url, is_search in one_page_of_each_type()]
    views += [("/api/v2/pages/", API_PARAMETERS), ("/api/v2/pages/3/", ("fields", "type"))]
    views += list(OTHER_VIEWS.items())
    for path in sorted(url_patterns_without_arguments() - {url for url, _ in views}):
        views.append((path, ("q", "page", "next")))
    return views


def queries(parameters: tuple[str, ...], value: str) -> list[dict[str, str]]:
    """The query strings that feed `value` to the parameters: all at once for pages (which
    ignore what they do not read), one at a time for the search (which searches only with
    words) and the API (which answers 400 to a parameter it does not know)."""
    if parameters is PAGE_PARAMETERS:
        return [dict.fromkeys(parameters, value)]
    if parameters is SEARCH_PARAMETERS:
        return [{"q": "voyage", name: value} for name in parameters]
    return [{name: value} for name in parameters]


def server_errors(client: Client) -> list[str]:
    errors = []
    for url, parameters in views_and_parameters():
        for value in HOSTILE:
            for query in queries(parameters, value):
                response = client.get(f"{url}?{urlencode(query)}", follow=True)
                if response.status_code >= 500:
                    errors.append(f"{response.status_code} {url}?{urlencode(query)[:60]}")
    return errors


def test_the_enumeration_covers_the_site():
    paths = [url for url, _ in views_and_parameters()]
    assert "/api/v2/pages/" in paths and "/sitemap.xml" in paths
    assert sum(url.startswith("/fr/") for url in paths) >= 10, paths


def test_no_parameter_makes_a_server_error_for_anyone():
    client = Client(raise_request_exception=False)
    assert server_errors(client) == []
    client.force_login(UserFactory())
    assert server_errors(client) == []


def test_nul_and_out_of_range_answer_bad_request():
    client = Client(raise_request_exception=False)
    assert client.get("/api/v2/pages/?search=%00").status_code == 400
    assert client.get("/fr/a%00b/").status_code == 400
    assert client.get("/api/v2/pages/?offset=" + "9" * 30).status_code == 400
    search = next(url for url, parameters in views_and_parameters()
                  if parameters is SEARCH_PARAMETERS)
    for value in ("9" * 30, "²"):
        assert client.get(f"{search}?q=voyage&item={value}&page={value}").status_code == 200
