"""Words said inside a redacted time range never leave the admin.

A public testimony's media has one redacted range, 10 s to 12 s. Its transcript says a canary
word in a segment that overlaps the range, and a harmless word in segments around it. Captions,
every export, the readable segments and search must not give the canary; the segment keeps its
slot with a neutral marker where a slot is shown.
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import translation

from archive.access import readable_segments, visible_segments
from archive.captions import caption_url, transcript_url
from archive.search import Filters, search_segments
from archive.search.engines import INDEX_TABLE, WagtailEngine, segment_content_type_id
from archive.search.normalise import query_terms
from archive.transcripts.formats import parse_srt
from archive.transcripts.redaction import redacted_ranges
from archive.transcripts.vtt import parse_vtt
from tests.archive.search_data import make_testimony, staff, user_with
from tests.archive.test_search_elasticsearch import offline_backend  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

CANARY = "ornithorynquesque"
LINES = [(0, "Bonjour, je suis arrivée en mai."),  # 0-2 s
         (9, f"Mon passeur s'appelait {CANARY}."),  # 9-11 s: overlaps 10-12
         (12, "Puis nous sommes allées à Sikasso.")]  # 12-14 s: starts as the range ends
REDACTIONS = [{"start": 10, "end": 12, "mode": "bleep"}]


def marker(language="fr"):
    with translation.override(language):
        return translation.gettext("[passage removed]")


@pytest.fixture
def redacted(django_capture_on_commit_callbacks):
    """The testimony, redacted and re-indexed (as after the commit of the change)."""
    page, transcript = make_testimony(LINES)
    with django_capture_on_commit_callbacks(execute=True):
        page.media.redactions = REDACTIONS
        page.media.save()
    return page, transcript


def index_body(segment):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body FROM {INDEX_TABLE} "  # noqa: S608
                       "WHERE content_type_id = %s AND object_id = %s",
                       [segment_content_type_id(), str(segment.pk)])
        return cursor.fetchone()[0]


def canary_segment(transcript):
    return transcript.segments.get(start_ms=9000)


def test_readable_segments_keep_the_slot_without_the_words(redacted):
    _page, transcript = redacted
    segments = readable_segments(AnonymousUser(), transcript)
    assert [(s.start_ms, s.end_ms, s.redacted) for s in segments] == [
        (0, 2000, False), (9000, 11000, True), (12000, 14000, False)]
    assert segments[1].text == marker() and segments[1].speaker == "Awa K."
    assert segments[2].text == LINES[2][1]
    assert CANARY not in repr(segments)
    # Archivists read it the same way outside the admin; the stored text is untouched.
    assert CANARY not in repr(readable_segments(staff(), transcript))
    assert CANARY in canary_segment(transcript).text


def test_readable_segments_are_none_for_whoever_may_not_read_the_transcript(redacted):
    page, transcript = redacted
    page.unpublish()
    assert readable_segments(AnonymousUser(), transcript) == []
    assert len(readable_segments(staff(), transcript)) == 3


def test_captions_and_every_export_hide_the_words(client, redacted):
    page, _transcript = redacted
    media = page.media
    captions = client.get(caption_url(media, "fr")).content.decode()
    files = {fmt: client.get(transcript_url(media, "fr", fmt)).content.decode()
             for fmt in ("vtt", "srt", "txt", "json")}
    for text in (captions, *files.values()):
        assert CANARY not in text
        assert marker() in text
        assert "Sikasso" in text
    assert [(c.start_ms, c.text) for c in parse_vtt(captions).segments][1] == (9000, marker())
    srt_cues = parse_srt(files["srt"], speakers={"Awa K."}).segments
    assert [(c.start_ms, c.text) for c in srt_cues][1] == (9000, marker())
    document = json.loads(files["json"])
    assert [s["text"] for s in document["segments"]][1] == marker()


def test_an_english_transcript_gets_the_marker_in_english(redacted):
    page, _transcript = redacted
    from tests.archive.search_data import add_transcript

    english = add_transcript(page.media, [(10, f"My smuggler was {CANARY}.")], language="en")
    assert [s.text for s in readable_segments(AnonymousUser(), english)] == [marker("en")]


def test_search_neither_finds_counts_nor_shows_a_redacted_segment(client, redacted):
    _page, transcript = redacted
    for user in (AnonymousUser(), user_with(), staff()):
        results = search_segments(user, CANARY, Filters(), 1)
        assert (results.total, results.groups, results.facets) == (0, [], []), user
        assert search_segments(user, "Sikasso", Filters(), 1).total == 1
    assert not visible_segments(staff()).filter(pk=canary_segment(transcript).pk).exists()
    body = client.get("/fr/recherche/", {"q": CANARY}).content.decode()
    assert CANARY not in body.replace(f'value="{CANARY}"', "")
    # Nor is it in the index itself.
    assert "ornithorynq" not in index_body(canary_segment(transcript))
    assert "sikasso" in index_body(transcript.segments.get(start_ms=12000))


def test_search_follows_a_change_of_redactions(django_capture_on_commit_callbacks):
    page, transcript = make_testimony(LINES)
    assert search_segments(AnonymousUser(), CANARY, Filters(), 1).total == 1
    media = page.media
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        media.redactions = REDACTIONS
        media.save()
    assert callbacks  # the re-indexing task was queued (and ran: tasks run on the spot here)
    assert search_segments(AnonymousUser(), CANARY, Filters(), 1).total == 0
    assert "ornithorynq" not in index_body(canary_segment(transcript))

    with django_capture_on_commit_callbacks(execute=True):
        media.redactions = []
        media.save()
    assert search_segments(AnonymousUser(), CANARY, Filters(), 1).total == 1
    assert "ornithorynq" in index_body(canary_segment(transcript))


def test_a_new_redaction_hides_the_words_before_any_reindexing():
    page, _transcript = make_testimony(LINES)
    page.media.redactions = REDACTIONS
    page.media.save()  # inside the test's transaction: the re-indexing task never runs
    assert search_segments(AnonymousUser(), CANARY, Filters(), 1).total == 0


def test_an_unreadable_redaction_hides_the_whole_media():
    assert redacted_ranges([{"start": 3}]) == redacted_ranges([{"start": "x", "end": 4}])
    assert redacted_ranges([{"start": 5, "end": 5}]) == redacted_ranges(None) + [(0, 2**62)]
    assert redacted_ranges([{"start": 1.0004, "end": 2.0001}]) == [(1000, 2001)]
    page, transcript = make_testimony(LINES)
    page.media.redactions = [{"start": 10, "end": "soon"}]
    page.media.save()
    assert {s.text for s in readable_segments(AnonymousUser(), transcript)} == {marker()}
    assert search_segments(AnonymousUser(), "Sikasso", Filters(), 1).total == 0


def test_the_redaction_filter_is_inside_the_elasticsearch_query(offline_backend,  # noqa: F811
                                                                 redacted):
    engine = WagtailEngine(offline_backend)
    engine.hits_per_transcript(visible_segments(AnonymousUser()), query_terms(CANARY))
    [request] = offline_backend.es.requests
    query = json.dumps(request["query"])
    assert "end_ms_filter" in query and "start_ms_filter" in query


def test_the_page_transcript_shows_the_marker_not_the_words(client, redacted):
    page, _transcript = redacted
    body = client.get(page.url).content.decode()
    assert 'id="transcript"' in body, "the page shows its transcript"
    assert CANARY not in body
    assert marker() in body
    assert "Sikasso" in body
