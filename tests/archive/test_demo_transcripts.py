"""The demo archive's transcripts: French, with English translations, and built only once."""

import pytest

from archive.models import ClipPage, TestimonyPage, Transcript, TranscriptSegment
from kafamuya.demo import content
from kafamuya.demo.builder import DemoBuilder

pytestmark = pytest.mark.django_db


def demo_items():
    testimonies = TestimonyPage.objects.filter(locale__language_code="fr")
    clips = ClipPage.objects.filter(locale__language_code="fr")
    return [*testimonies, *clips]


def test_every_demo_testimony_and_clip_has_french_and_english():
    items = demo_items()
    assert len(items) == len(content.TESTIMONIES) + len(content.CLIPS)
    for page in items:
        french = Transcript.objects.get(media=page.media, language="fr")
        english = Transcript.objects.get(media=page.media, language="en")
        assert (french.provenance, french.status) == ("human", "reviewed")
        assert (english.provenance, english.translated_from, english.status) == (
            "translated", french, "reviewed")
        french_rows = list(french.ordered_segments())
        english_rows = list(english.ordered_segments())
        assert 3 <= len(french_rows) <= 5
        assert [(s.start_ms, s.end_ms) for s in french_rows] == [
            (s.start_ms, s.end_ms) for s in english_rows]
        assert all(0 <= s.start_ms < s.end_ms <= 4000 for s in french_rows)
        assert all(s.text for s in [*french_rows, *english_rows])
        assert not french.overlaps()


def test_loading_the_demo_again_changes_nothing():
    before = (Transcript.objects.count(), TranscriptSegment.objects.count(),
              sorted(TranscriptSegment.objects.values_list("pk", "start_ms", "end_ms", "text")))
    assert DemoBuilder(log=lambda *a: None).build() == 0
    after = (Transcript.objects.count(), TranscriptSegment.objects.count(),
             sorted(TranscriptSegment.objects.values_list("pk", "start_ms", "end_ms", "text")))
    assert after == before
