"""The public pages in a phone-sized headless Chromium: the actors' map without tiles, the
language switcher, and an accessibility check (axe-core) with a screenshot of each page type."""

import json
import re
from pathlib import Path

import pytest

from tests.browser.conftest import open_phone_page, screenshot
from tests.conftest import chromium_missing
from tests.services import services_required

if chromium_missing() and not services_required():  # skip early, before building the demo
    pytest.skip(chromium_missing(), allow_module_level=True)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGE_TYPES = [
    "HomePage", "StoryIndexPage", "StoryPage", "EventIndexPage", "EventPage", "ActorMapPage",
    "ActorPage", "DocumentaryPage", "ClipPage", "TestimonyIndexPage", "TestimonyPage",
    "ResidencyPage", "ArtworkPage", "SearchPage",
]


MARKER_BOXES = """() => [...document.querySelectorAll('.leaflet-marker-icon')].map(icon => {
  const box = icon.getBoundingClientRect();
  return {x: box.x, y: box.y, w: box.width, h: box.height, name: icon.getAttribute('aria-label')
          || icon.getAttribute('alt'), count: icon.classList.contains('map-group')
          ? Number(icon.textContent) : 1};
})"""


def overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] \
        and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def assert_markers_are_targets(page, expected: int) -> list[dict]:
    """Every actor is on the map, alone or in a numbered group; each marker is named, at least
    24 px, and overlaps no other (WCAG 2.2 target size)."""
    markers = page.evaluate(MARKER_BOXES)
    assert sum(m["count"] for m in markers) == expected
    for i, marker in enumerate(markers):
        assert marker["name"] and marker["w"] >= 24 and marker["h"] >= 24, marker
        assert not any(overlap(marker, other) for other in markers[i + 1:]), markers
    return markers


def test_map_shows_its_markers_when_tiles_cannot_load(phone, page_urls):
    problems = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error"
             and "net::ERR_FAILED" not in m.text else None)
    phone.on("pageerror", lambda error: problems.append(str(error)))
    phone.goto(page_urls["ActorMapPage"])
    phone.locator(".leaflet-marker-icon").first.wait_for()
    assert phone.locator("ul.actors > li").count() == 5
    markers = assert_markers_are_targets(phone, 5)
    # The tiles were asked for and refused, the markers drawn anyway.
    assert any("tile.openstreetmap.org" in url for url in phone.blocked_requests)
    assert phone.locator(".leaflet-tile-loaded").count() == 0
    assert problems == []  # no script error, no Content-Security-Policy refusal
    screenshot(phone, "actor-map-without-tiles")

    # A group of markers too close to tell apart zooms in on them.
    groups = phone.locator(".map-group")
    if groups.count():
        before = len(markers)
        groups.first.click()
        phone.wait_for_function(
            f"document.querySelectorAll('.leaflet-marker-icon').length > {before}")
        assert_markers_are_targets(phone, 5)

    # The keyboard opens a marker's popup, which links to the actor.
    single = phone.locator("img.leaflet-marker-icon").first
    single.focus()
    phone.keyboard.press("Enter")
    popup_link = phone.locator(".leaflet-popup-content a").first
    popup_link.wait_for()
    assert popup_link.get_attribute("href").startswith("/fr/carte-des-acteurs/")
    assert phone.evaluate("document.querySelector('img.leaflet-marker-icon').naturalWidth") > 0

    # The filter is a plain form: the map then shows what the list shows.
    phone.select_option("#filter-kind", "legal")
    phone.get_by_role("button", name=re.compile("Show|Afficher")).click()
    phone.wait_for_url(re.compile(r"\?kind=legal$"))
    phone.locator(".leaflet-marker-icon").first.wait_for()
    [marker] = assert_markers_are_targets(phone, 1)
    assert marker["name"] == "Clinique juridique (Aide juridique)"
    assert phone.locator("ul.actors > li").all_inner_texts()[0].startswith("Clinique juridique")


def test_language_switcher_keeps_you_on_the_same_page(phone, page_urls):
    phone.goto(page_urls["story-fr"])
    assert phone.locator("h1").inner_text() == "Le film en tournage"
    phone.locator("nav.languages a[hreflang=en]").click()
    phone.wait_for_url(page_urls["story-en"])
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text() == "Filming the documentary"
    phone.locator("nav.languages a[hreflang=bm]").click()
    phone.wait_for_url(page_urls["story-bm"])
    assert phone.locator("html").get_attribute("lang") == "bm"
    phone.locator("nav.languages a[hreflang=fr]").click()
    phone.wait_for_url(page_urls["story-fr"])


@pytest.fixture(scope="module")
def axe_page(browser, site_url):
    if not AXE.exists():
        message = f"axe-core is not installed at {AXE.relative_to(ROOT)} (run `npm ci`)"
        if services_required():
            pytest.fail(f"{message}, and REQUIRE_SERVICES=1")
        pytest.skip(message)
    # axe is injected as an inline script, which the site's policy rightly refuses.
    page = open_phone_page(browser, site_url, bypass_csp=True)
    yield page
    page.context.close()


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_has_no_serious_accessibility_violation(axe_page, page_urls, page_type):
    axe_page.goto(page_urls[page_type])
    axe_page.wait_for_load_state("networkidle")
    screenshot(axe_page, page_type)
    axe_page.add_script_tag(path=str(AXE))
    results = axe_page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    serious = [
        {"rule": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
    # Readable on a 360 px screen: nothing wider than the viewport.
    assert axe_page.evaluate("document.documentElement.scrollWidth") <= 360
