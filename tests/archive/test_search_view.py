"""The search page: /<lang>/search/?q= routed through the SearchPage, small HTML, no script."""

import re

import pytest
from bs4 import BeautifulSoup

from archive.models import Speaker
from tests.archive.search_data import make_testimony, place, speaker

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_a_hit_shows_its_testimony_second_and_highlighted_words(client):
    page, _ = make_testimony([(1, "Bonjour."), (12.7, "Les femmes déplacées à <Bankass>.")],
                             places=[place("mopti")])
    html = get(client, "/fr/recherche/", q="deplacee")
    [group] = html.select(".search-group")
    assert group.h2.a["href"] == page.url
    [hit] = group.select(".hits li")
    assert hit.a["href"] == f"{page.url}#t=12"
    assert hit.time.text == "00:12" and hit.time["datetime"] == "PT12S"
    assert [mark.text for mark in hit.select("mark")] == ["déplacées"]
    assert "<Bankass>" in hit.q.text and hit.q["lang"] == "fr"
    assert "1 passage" in html.select_one(".search-summary").text
    assert not html.select("script")


def test_the_form_is_labelled_and_facets_are_get_checkboxes(client):
    make_testimony([(1, "Un cerf-volant."), (2, "Le cerf-volant encore.")],
                   speaker=speaker("18-25", Speaker.Status.REFUGEE), places=[place("sevare")])
    html = get(client, "/fr/recherche/", q="cerf-volant")
    form = html.select_one("form[role=search]")
    assert form["method"] == "get"
    for field in form.select("input[id]"):
        assert html.select_one(f"label[for={field['id']}]"), field["id"]
    boxes = {(box["name"], box["value"]) for box in form.select("input[type=checkbox]")}
    assert {("status", "refugee"), ("age", "18-25"), ("place", "sevare"),
            ("language", "fr"), ("media", "audio")} <= boxes
    assert "(2)" in form.select_one("input[value=refugee]").parent.text


def test_filters_from_the_query_string_narrow_the_hits(client):
    make_testimony([(1, "Un hippocampe.")], speaker=speaker("18-25", Speaker.Status.REFUGEE))
    make_testimony([(1, "Un hippocampe.")], speaker=speaker("18-25", Speaker.Status.MIGRANT))
    html = get(client, "/fr/recherche/", q="hippocampe", status="migrant")
    assert len(html.select(".hits li")) == 1
    assert html.select_one("input[value=migrant]").has_attr("checked")
    assert html.select_one("details.search-filters").has_attr("open")


def test_pages_of_twenty_hits_link_to_each_other(client):
    make_testimony([(second, "Un scarabée doré.") for second in range(25)])
    first = get(client, "/fr/recherche/", q="scarabee")
    assert len(first.select(".hits li")) == 20
    assert re.search(r"\b1\b.+\b2\b", first.select_one(".pagination span").text)  # 1 of 2
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "?q=scarabee&page=2"
    second = get(client, f"/fr/recherche/{next_link}")
    assert len(second.select(".hits li")) == 5
    assert second.select_one(".pagination a[rel=prev]")


def test_the_english_search_page_links_to_english_pages(client):
    html = get(client, "/en/search/", q="walked")
    [hit] = html.select(".hits li")
    assert hit.a["href"].startswith("/en/the-documentary/") and hit.a["href"].endswith("#t=2")


def test_an_empty_or_odd_query_shows_the_form_only(client):
    html = get(client, "/fr/recherche/")
    assert html.select_one("input[name=q]")
    assert not html.select(".search-summary")
    html = get(client, "/fr/recherche/", q="x" * 500, page="abc", item="x", **{"from": "2x"})
    assert html.select_one("input[name=q]")["value"] == "x" * 200
    html = get(client, "/bm/recherche/", q="mopti")
    assert html.select(".hits li")
