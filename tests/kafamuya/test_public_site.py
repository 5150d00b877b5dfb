"""The public site's non-player parts: story filters and feeds, blocks, event calendars, the
actors' map and its GeoJSON, responsive images, OpenGraph tags, the sitemap, page weight."""

import json
import xml.etree.ElementTree as ET  # parses only what our own views produce

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Locale, Page, PageViewRestriction

from archive.models import ArtworkPage, ClipPage, ResidencyPage, TestimonyPage
from kafamuya.pages.models import (
    ActorMapPage,
    ActorPage,
    EventIndexPage,
    EventPage,
    StoryIndexPage,
    StoryPage,
)
from kafamuya.settings.base import tile_csp_source
from tests.benchmarks.bench_page_weight import PAGES, page_weight

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def soup_of(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def in_language(model, language, **filters):
    return model.objects.get(locale__language_code=language, **filters)


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


# --- stories ---------------------------------------------------------------------------------
def story_titles(soup):
    return [a.get_text() for a in soup.select("ul.cards h2 a")]


def test_story_filters_by_theme_place_and_year_without_javascript(client):
    index = in_language(StoryIndexPage, "en")
    everything = story_titles(soup_of(client, index.url))
    assert everything == ["Filming the documentary", "The Paroles de Migrantes workshops open"]

    soup = soup_of(client, index.url, theme="travail")
    assert story_titles(soup) == ["Filming the documentary"]
    # Choices are shown in the page's language; the chosen one stays selected.
    assert soup.select_one("#filter-theme option[selected]").get_text() == "Work and livelihoods"
    assert story_titles(soup_of(client, index.url, place="sevare")) == [
        "The Paroles de Migrantes workshops open"]
    old = in_language(StoryPage, "en", slug="the-paroles-de-migrantes-workshops-open")
    assert story_titles(soup_of(client, index.url, year=old.date.year)) == [old.title]
    assert story_titles(soup_of(client, index.url, theme="travail", place="sevare")) == []
    # A value that matches no choice is ignored rather than emptying the list.
    assert story_titles(soup_of(client, index.url, theme="nope", year="1900")) == everything


def test_story_feed_is_atom_per_language_with_public_stories_only(client):
    index = in_language(StoryIndexPage, "fr")
    soup = soup_of(client, index.url)
    feed_url = soup.select_one('link[rel=alternate][type="application/atom+xml"]')["href"]
    assert feed_url == f"{index.url}feed/"
    hidden = in_language(StoryPage, "fr", slug="ouverture-des-ateliers")
    restrict(hidden)

    response = client.get(feed_url)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Le film en tournage"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/fr/recits/le-film-en-tournage/"

    english_feed = client.get(in_language(StoryIndexPage, "en").url + "feed/")
    english = ET.fromstring(english_feed.content)  # noqa: S314
    assert {e.findtext(f"{ATOM}title") for e in english.findall(f"{ATOM}entry")} == {
        "Filming the documentary", "The Paroles de Migrantes workshops open"}


def test_every_story_block_renders(client):
    story = in_language(StoryPage, "fr", slug="le-film-en-tournage")
    assert {block.block_type for block in story.body} == {
        "paragraph", "clip_excerpt", "pull_quote", "testimony_quote", "image", "gallery"}
    body = soup_of(client, story.url).select_one(".body")
    excerpt = body.select_one("figure.excerpt a")
    assert excerpt["href"].endswith("/fr/documentaire/le-depart/#t=0")
    assert "0:00–0:03" in body.select_one("figure.excerpt").get_text()
    pull_quote = body.select_one(".pull blockquote").get_text(strip=True)
    assert pull_quote == "Filmer, c'est aussi écouter."
    quote = body.select("figure.quote")[1]
    assert quote.select_one("figcaption a")["href"].endswith("/temoignage-awa/#t=2")
    image = body.select_one("figure.image img")
    assert image["alt"] == "Cercles colorés sur fond ocre"
    assert len(body.select(".gallery li picture")) == 3


def test_embeds_of_restricted_pages_show_a_placeholder(client):
    story = in_language(StoryPage, "fr", slug="le-film-en-tournage")
    clip = ClipPage.objects.get(pk=story.body[1].value["clip"].pk)
    testimony = TestimonyPage.objects.get(pk=story.body[3].value["testimony"].pk)
    restrict(clip)
    restrict(testimony)
    body = soup_of(client, story.url).select_one(".body")
    assert clip.title not in body.get_text()
    assert testimony.title not in body.get_text()
    assert len(body.select(".placeholder")) == 2


# --- responsive images -----------------------------------------------------------------------
def assert_responsive(picture, lazy=True):
    webp = picture.select_one('source[type="image/webp"]')
    assert webp is not None and webp["sizes"]
    assert [c.split()[1] for c in webp["srcset"].split(", ")] == ["360w", "720w"] or \
        [c.split()[1] for c in webp["srcset"].split(", ")] == ["240w", "480w"]
    img = picture.select_one("img")
    assert img["width"] and img["height"] and img["sizes"] and img["srcset"]
    assert img["src"].endswith(".jpg")  # for browsers without WebP (older feature phones)
    if lazy:
        assert img["loading"] == "lazy"


def test_residency_and_artwork_galleries_use_responsive_lazy_images(client):
    residency = in_language(ResidencyPage, "en")
    soup = soup_of(client, residency.url)
    covers = soup.select("ul.artworks picture")
    assert covers
    for picture in covers:
        assert_responsive(picture)
    assert soup.select_one("section.artist h3").get_text() == "Kadiatou S."

    artwork = in_language(ArtworkPage, "en", medium="images")
    soup = soup_of(client, artwork.url)
    pictures = soup.select("ul.gallery picture")
    assert len(pictures) == 2
    for picture in pictures:
        assert_responsive(picture)
    artist = soup.select_one("p.meta a")
    assert artist["href"] == f"{residency.url}#kadiatou-s"


# --- events ----------------------------------------------------------------------------------
def parse_calendar(response):
    from icalendar import Calendar

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_events_are_split_into_upcoming_and_past_with_place_and_partners(client):
    index = in_language(EventIndexPage, "en")
    soup = soup_of(client, index.url)
    upcoming, past = soup.select("ul.cards")[:2]
    assert [a.get_text() for a in upcoming.select("h3 a")] == ["Closing meeting"]
    assert [a.get_text() for a in past.select("h3 a")] == ["Round table: migrant women's rights"]
    assert "Bamako, Commune I" in upcoming.get_text()
    assert "ARACEM" in upcoming.get_text()


def test_event_exports_as_icalendar(client):
    event = in_language(EventPage, "en", slug="closing-meeting")
    soup = soup_of(client, event.url)
    ics_url = soup.select_one('a[type="text/calendar"]')["href"]
    response = client.get(ics_url)
    assert "attachment" in response["Content-Disposition"]
    [vevent] = parse_calendar(response).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Closing meeting"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at
    assert str(vevent["LOCATION"]) == "Bamako, Commune I"
    assert "ARACEM" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]) == f"http://testserver{event.url}"


def test_event_calendar_feed_lists_the_public_events_of_its_language(client):
    index = in_language(EventIndexPage, "fr")
    hidden = in_language(EventPage, "fr", slug="table-ronde-droits")
    hidden.unpublish()
    calendar = parse_calendar(client.get(f"{index.url}ical/"))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Grande rencontre de clôture"]
    english = parse_calendar(client.get(f"{in_language(EventIndexPage, 'en').url}ical/"))
    assert len(english.walk("VEVENT")) == 2
    # The same event has the same identifier in every language.
    french_uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert french_uids < {str(e["UID"]) for e in english.walk("VEVENT")}


# --- the actors' map -------------------------------------------------------------------------
def test_actor_map_filters_by_kind_of_help_and_the_map_shows_what_the_list_shows(client):
    page = in_language(ActorMapPage, "en")
    soup = soup_of(client, page.url)
    assert len(soup.select("ul.actors > li")) == 5
    soup = soup_of(client, page.url, kind="legal")
    listed = [a.get_text() for a in soup.select("ul.actors h2 a")]
    assert listed == ["Legal clinic"]
    assert soup.select_one("#filter-kind option[selected]")["value"] == "legal"
    data = json.loads(soup.select_one("script#actors-geojson[type='application/json']").string)
    assert [f["properties"]["title"] for f in data["features"]] == listed
    # An unknown kind shows everything.
    assert len(soup_of(client, page.url, kind="<script>").select("ul.actors > li")) == 5


def test_actor_geojson_endpoint(client):
    page = in_language(ActorMapPage, "fr")
    response = client.get(f"{page.url}geojson/", {"kind": "health"})
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    actor = in_language(ActorPage, "fr", kind_of_help="health")
    assert feature["geometry"] == {"type": "Point", "coordinates": [
        float(actor.longitude), float(actor.latitude)]}
    assert feature["properties"]["url"] == actor.url
    assert feature["properties"]["kind_label"] == "Soins de santé"
    restrict(actor)
    assert client.get(f"{page.url}geojson/", {"kind": "health"}).json()["features"] == []


def csp_directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}, whatever their order."""
    directives = {}
    for part in filter(str.strip, response["Content-Security-Policy"].split(";")):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def test_leaflet_and_tile_host_only_on_the_map_page(client, settings):
    page = in_language(ActorMapPage, "fr")
    response = client.get(page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert scripts == ["/static/leaflet/leaflet.js", "/static/kafamuya/actor-map.js"]
    map_box = soup.select_one("#actor-map")
    assert map_box["data-tiles"] == settings.MAP_TILE_URL
    assert "OpenStreetMap" in map_box["data-attribution"]
    assert csp_directives(response)["img-src"] == [
        "'self'", "data:", "https://tile.openstreetmap.org"]
    for url in ("/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css"):
        assert client.get(url).status_code == 200, url
    home = client.get("/fr/")
    assert "leaflet" not in home.content.decode()
    assert csp_directives(home)["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize(("url", "source"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png", "https://*.tiles.example.org:8443"),
    ("/tiles/{z}/{x}/{y}.png", "'self'"),
])
def test_tile_server_sets_the_map_pages_image_source(url, source):
    assert tile_csp_source(url) == source


def test_tile_server_must_be_http():
    with pytest.raises(ImproperlyConfigured, match="MAP_TILE_URL"):
        tile_csp_source("javascript://x/{z}")


# --- sharing ---------------------------------------------------------------------------------
def opengraph(soup):
    tags = {}
    for meta in soup.select("meta[property^='og:']"):
        tags.setdefault(meta["property"], []).append(meta["content"])
    return tags


def test_opengraph_tags(client):
    story = in_language(StoryPage, "en", slug="filming-the-documentary")
    og = opengraph(soup_of(client, story.url))
    assert og["og:title"] == ["Filming the documentary"]
    assert og["og:description"] == ["Filming of the documentary ended in Bamako."]
    assert og["og:type"] == ["article"]
    assert og["og:locale"] == ["en_GB"]
    assert set(og["og:locale:alternate"]) == {"fr_FR", "bm_ML"}
    assert og["og:url"] == [f"http://testserver{story.url}"]
    [image] = og["og:image"]
    assert image.startswith("http://testserver/media/images/") and image.endswith(".jpg")

    og = opengraph(soup_of(client, in_language(EventIndexPage, "bm").url))
    assert og["og:locale"] == ["bm_ML"]
    assert "og:image" not in og


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    return root, [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def test_sitemap_lists_public_pages_of_every_language(client):
    hidden = in_language(TestimonyPage, "en", slug="the-road-from-mopti")
    restrict(hidden)
    draft = in_language(StoryPage, "bm", slug="le-film-en-tournage")
    draft.unpublish()
    root, locations = sitemap_locations(client)
    expected = {
        f"http://testserver{page.url}"
        for page in Page.objects.live().public().filter(depth__gt=1).specific()
    }
    assert set(locations) == expected
    assert len(locations) == len(expected)
    assert {loc.split("/")[3] for loc in locations} == {"fr", "en", "bm"}
    assert f"http://testserver{hidden.url}" not in locations
    assert f"http://testserver{draft.url}" not in locations
    # Each page names its translations.
    home = root.find(f"{SITEMAP}url")
    alternates = {link.get("hreflang") for link in home.findall(
        "{http://www.w3.org/1999/xhtml}link")}
    assert alternates == {"fr", "en", "bm"}


# --- weight ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_weighs_at_most_100_kb_before_media(client, name):
    weight = page_weight(client, PAGES[name])
    assert "/static/kafamuya/site.css" in weight.files
    assert weight.total_kb <= 100, weight.files


def test_every_language_has_the_map_and_the_feeds(client):
    for language in ("fr", "en", "bm"):
        locale = Locale.objects.get(language_code=language)
        index = StoryIndexPage.objects.get(locale=locale)
        assert client.get(f"{index.url}feed/").status_code == 200
        events = EventIndexPage.objects.get(locale=locale)
        assert client.get(f"{events.url}ical/").status_code == 200
        actors = ActorMapPage.objects.get(locale=locale)
        assert len(client.get(f"{actors.url}geojson/").json()["features"]) == 5
