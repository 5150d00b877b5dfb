"""The player in a phone-sized headless Chromium, on demo pages whose media are processed for
this module (and put back as they were afterwards): playback, the interactive transcript, the
captions, the quality choice, the keyboard, the skip button of a passage with a warning, the
waveform, the link to a moment; axe-core on the pages with their players; screenshots.

Playback is muted: headless Chromium then plays without a user gesture. Debian's Chromium has
native HLS, so it plays the lowest rung's playlist (`lowest.m3u8`); the MP4 after it in the
sources is the fallback for browsers without HLS.
"""

import json
import re
import time

import pytest

from tests.browser.conftest import open_phone_page, screenshot
from tests.browser.test_public_pages import AXE, AXE_TAGS
from tests.conftest import chromium_missing
from tests.services import services_required

if chromium_missing() and not services_required():
    pytest.skip(chromium_missing(), allow_module_level=True)

pytestmark = pytest.mark.django_db

PAGES = {  # name: (model, French slug)
    "clip": ("ClipPage", "le-depart"),
    "chapter-2": ("ClipPage", "l-attente"),
    "testimony": ("TestimonyPage", "temoignage-fanta"),  # with a passage at 1.5-3 s
    "artwork": ("ArtworkPage", "voix-du-fleuve"),
}


@pytest.fixture(scope="module")
def player_urls(site_url, django_db_blocker):
    """The French clips (the documentary's first two chapters), testimony and artwork with their
    media processed, and the documentary. Renditions go again at the end: other tests expect the
    demo's media unprocessed."""
    from archive import models
    from media_pipeline.models import Media
    from media_pipeline.outputs import delete_files
    from media_pipeline.processing import process

    with django_db_blocker.unblock():
        pages = {name: getattr(models, model).objects.get(slug=slug, locale__language_code="fr")
                 for name, (model, slug) in PAGES.items()}
        media_ids = [page.media_id for page in pages.values()]
        for media_id in media_ids:
            assert process(media_id) == Media.Processing.READY
        urls = {name: site_url + page.url for name, page in pages.items()}
        urls["documentary"] = site_url + pages["clip"].get_parent().url
    yield urls
    with django_db_blocker.unblock():
        for media in Media.objects.filter(pk__in=media_ids):
            for rendition in media.renditions.all():
                delete_files(rendition.files)
            media.renditions.all().delete()
        Media.objects.filter(pk__in=media_ids).update(processing_status=Media.Processing.PENDING)


@pytest.fixture
def phone(browser, site_url, player_urls):
    page = open_phone_page(browser, site_url)
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield page
    page.context.close()
    assert problems == []  # no script error, no Content-Security-Policy refusal


def play_muted(page) -> None:
    page.evaluate("() => { const m = document.getElementById('player'); m.muted = true; "
                  "return m.play(); }")


def current_time(page) -> float:
    return page.evaluate("document.getElementById('player').currentTime")


def wait_for(page, script: str, arg=None, seconds: float = 15) -> None:
    """Poll `script` (a function) until it returns true. Playwright's wait_for_function would
    evaluate a string, which the site's Content-Security-Policy rightly refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {seconds} s: {script} {arg}")
        page.wait_for_timeout(100)


def wait_until_time(page, low: float, high: float = 1e9) -> None:
    wait_for(page, "([low, high]) => { const t = document.getElementById('player').currentTime;"
                   " return t >= low && t < high; }", [low, high])


def assert_current_line_is_the_one_spoken(page) -> None:
    spoken = page.evaluate("""() => {
      const t = document.getElementById('player').currentTime;
      return [...document.querySelectorAll('#transcript .lines li')].filter(
        li => li.dataset.start <= t && t < li.dataset.end).map(li => li.dataset.start);
    }""")
    current = page.locator("#transcript .lines li[aria-current=true]")
    assert current.count() == 1 and [current.get_attribute("data-start")] == spoken[-1:]


def current_line(page) -> str:
    return page.locator("#transcript .lines li[aria-current=true] span").inner_text()


def test_the_documentary_plays_and_time_advances(phone, player_urls):
    phone.goto(player_urls["documentary"])
    play_muted(phone)
    wait_until_time(phone, 0.8)
    source = phone.evaluate("document.getElementById('player').currentSrc")
    assert re.search(r"/lowest\.m3u8|\.mp4", source), source  # HLS where native, else MP4
    assert phone.evaluate("document.getElementById('player').videoWidth") > 0
    # The transcript follows: the current line is the one being spoken.
    wait_for(phone, "() => !!document.querySelector('#transcript .lines li[aria-current]')")
    screenshot(phone, "player-documentary")


def test_the_chapter_list_plays_the_chosen_chapter(phone, player_urls):
    phone.goto(player_urls["documentary"])
    phone.locator("ol.chapters a[href='?chapter=l-attente#player']").click()
    phone.wait_for_url(re.compile(r"\?chapter=l-attente#player$"))
    assert "L'attente" in phone.locator("#now-playing").inner_text()
    # The viewer asked for it: it plays (Chromium lets a site that was just clicked play sound).
    wait_until_time(phone, 0.5)
    assert not phone.evaluate("document.getElementById('player').paused")


def test_clicking_a_transcript_line_seeks_there_and_highlights_it(phone, player_urls):
    phone.goto(player_urls["clip"])
    phone.evaluate("document.getElementById('player').muted = true")
    line = phone.locator("#transcript .lines li").nth(2)  # 2.3 s to 3.2 s
    line.locator("span").click()
    wait_until_time(phone, 2.3, 3.9)
    phone.evaluate("document.getElementById('player').pause()")
    assert_current_line_is_the_one_spoken(phone)
    assert phone.url == player_urls["clip"]  # the script seeks: no page load


def test_keyboard_alone_reaches_a_line_and_seeks(phone, player_urls):
    phone.goto(player_urls["clip"])
    phone.evaluate("document.getElementById('player').muted = true")
    target = phone.locator("#transcript .lines li").nth(1).locator("a")  # 1.2 s
    for _ in range(60):
        phone.keyboard.press("Tab")
        if target.evaluate("a => a === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the transcript's second line")
    outline = target.evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline != "none"  # focus is visible
    phone.keyboard.press("Enter")
    wait_until_time(phone, 1.2, 2.3)
    assert phone.url == player_urls["clip"]


def test_captions_switch_language(phone, player_urls):
    phone.goto(player_urls["clip"])
    modes = ("() => [...document.getElementById('player').textTracks]"
             ".map(t => t.language + ':' + t.mode)")
    phone.select_option("#caption-language", "en")
    assert phone.evaluate(modes) == ["fr:disabled", "en:showing"]
    phone.select_option("#caption-language", "fr")
    assert phone.evaluate(modes) == ["fr:showing", "en:disabled"]
    phone.select_option("#caption-language", "")
    assert phone.evaluate(modes) == ["fr:disabled", "en:disabled"]


def test_the_quality_choice_persists_across_a_reload(phone, player_urls):
    phone.goto(player_urls["clip"])
    assert phone.locator("nav.quality a[aria-current]").inner_text() == "Basse qualité"
    phone.locator("nav.quality a", has_text="Qualité standard").click()
    phone.wait_for_url(player_urls["clip"])
    phone.reload()
    assert phone.locator("nav.quality a[aria-current]").inner_text() == "Qualité standard"
    assert phone.locator("#player source").first.get_attribute("src").endswith("/master.m3u8")
    phone.locator("nav.quality a", has_text="Son seul").click()
    phone.wait_for_url(player_urls["clip"])
    phone.reload()
    assert phone.evaluate("document.getElementById('player').tagName") == "AUDIO"


def test_find_a_word_marks_matches_and_moves_between_them(phone, player_urls):
    phone.goto(player_urls["clip"])
    phone.fill("#transcript-find", "nous")  # "nous sommes", "Nous avons": case ignored
    status = phone.locator("#transcript .find [role=status]")
    assert phone.locator("#transcript mark").count() == 2
    assert status.inner_text() == "1 sur 2"  # the page is in French
    phone.keyboard.press("Enter")
    assert status.inner_text() == "2 sur 2"
    assert phone.locator("#transcript mark.current").inner_text() == "Nous"
    phone.fill("#transcript-find", "marche")  # "marché": accents ignored
    assert phone.locator("#transcript mark").all_inner_texts() == ["marché"]
    phone.fill("#transcript-find", "zzz")
    assert status.inner_text() == "Aucun résultat"


def test_the_skip_button_jumps_past_a_passage_with_a_warning(phone, player_urls):
    phone.goto(player_urls["testimony"] + "#t=1")  # half a second before the passage
    skip = phone.locator(".skip-passage button")
    assert skip.is_hidden()
    play_muted(phone)
    skip.wait_for(state="visible")
    assert "Décrit une agression" in phone.locator(".skip-passage").inner_text()
    assert phone.locator(".skip-passage").get_attribute("aria-live") == "polite"
    phone.evaluate("document.getElementById('player').pause()")
    skip.focus()
    phone.keyboard.press("Enter")  # reachable and usable with the keyboard
    wait_until_time(phone, 3.0)
    skip.wait_for(state="hidden")
    assert phone.locator(".skip-passage span").inner_text() == ""


def test_the_waveform_shows_progress_and_seeks_on_click(phone, player_urls):
    phone.goto(player_urls["artwork"])
    waveform = phone.locator(".player svg.waveform")
    assert waveform.is_visible()
    phone.evaluate("document.getElementById('player').muted = true")
    box = waveform.bounding_box()
    phone.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    duration = phone.evaluate("parseFloat(document.querySelector('.player').dataset.duration)")
    wait_until_time(phone, duration * 0.5 - 0.3, duration * 0.5 + 1.0)
    played = float(phone.locator(".waveform clipPath rect").get_attribute("width"))
    assert 0 < played < 240
    screenshot(phone, "player-artwork-waveform")


def test_a_link_to_this_moment_opens_there(phone, player_urls, browser, site_url):
    phone.goto(player_urls["clip"] + "#t=2")
    assert current_line(phone).startswith("J'ai pris")  # highlighted before anything loads
    assert phone.evaluate("document.getElementById('player').readyState") == 0
    play_muted(phone)
    wait_until_time(phone, 2.0)
    phone.evaluate("document.getElementById('player').pause()")
    phone.locator(".moment button").click()
    link = phone.locator(".moment input").input_value()
    assert re.fullmatch(re.escape(player_urls["clip"]) + r"#t=[23]", link)
    other = open_phone_page(browser, site_url)
    try:
        other.goto(link)
        play_muted(other)
        wait_until_time(other, 2.0)
    finally:
        other.context.close()


@pytest.mark.parametrize("name", ["documentary", "clip", "testimony", "artwork"])
def test_player_pages_have_no_serious_accessibility_violation(browser, site_url, player_urls,
                                                             name):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (run `npm ci`)")
    page = open_phone_page(browser, site_url, bypass_csp=True)  # axe is an inline script
    try:
        page.goto(player_urls[name] + "#t=1.6")  # a current line, and the testimony's passage
        if page.locator("#transcript-find").count():
            page.fill("#transcript-find", "a")  # marks in the transcript
        play_muted(page)
        wait_until_time(page, 1.7)
        page.evaluate("document.getElementById('player').pause()")
        screenshot(page, f"player-{name}")
        page.add_script_tag(path=str(AXE))
        results = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        serious = [{"rule": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
                   for v in results["violations"] if v["impact"] in {"serious", "critical"}]
        assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.context.close()
