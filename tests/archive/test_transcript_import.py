"""archive.transcripts.importing and the Transcript models: all or nothing, exact to the ms."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from archive.models import Transcript, TranscriptSegment
from archive.transcripts.formats import parse_srt
from archive.transcripts.importing import TranscriptExistsError, import_transcript
from archive.transcripts.reading import TranscriptFormatError
from archive.transcripts.vtt import parse_vtt
from tests.factories import BareMediaFactory, SegmentFactory, TranscriptFactory

pytestmark = pytest.mark.django_db

VTT = """WEBVTT

00:00:00.000 --> 00:00:01.001
<v Animatrice>Pouvez-vous vous présenter ?

00:00:01.001 --> 00:00:59.999
<v Awa K.>Je m'appelle Awa.
Je viens de Mopti.

00:00:59.999 --> 01:02:03.999
<v Awa K.>Nous sommes parties la nuit.

01:02:03.999 --> 01:02:04.000
Une milliseconde.

02:00:00.001 --> 12:34:56.789
<v Animatrice>Merci.
"""

SRT = """1
00:00:00,000 --> 00:00:01,001
Animatrice: Pouvez-vous vous présenter ?

2
00:00:01,001 --> 00:00:59,999
Awa K.: Je m'appelle Awa.
Je viens de Mopti.

3
01:02:03,999 --> 01:02:04,000
Une milliseconde.

4
02:00:00,001 --> 12:34:56,789
Animatrice: Merci.
"""

BAD_VTT = VTT.replace("WEBVTT", "WEBVTT:")
BAD_SRT = SRT.replace("3\n01:02:03,999", "trois\n01:02:03,999")


def times(transcript):
    return [(s.start_ms, s.end_ms) for s in transcript.ordered_segments()]


def counts():
    return Transcript.objects.count(), TranscriptSegment.objects.count()


def test_vtt_import_then_export_keeps_every_millisecond():
    media = BareMediaFactory()
    transcript = import_transcript(media, "fr", VTT)
    assert times(transcript) == [
        (0, 1001), (1001, 59_999), (59_999, 3_723_999), (3_723_999, 3_724_000),
        (7_200_001, 45_296_789),
    ]
    exported = transcript.export("vtt")
    assert parse_vtt(exported) == parse_vtt(VTT)
    assert exported == VTT  # our own writing of it is the same text
    assert transcript.ordered_segments()[1].text == "Je m'appelle Awa.\nJe viens de Mopti."
    assert transcript.ordered_segments()[1].speaker == "Awa K."


def test_srt_import_then_export_keeps_every_millisecond():
    transcript = import_transcript(BareMediaFactory(), "fr", SRT.encode(), filename="awa.srt")
    assert parse_srt(transcript.export("srt")) == parse_srt(SRT)
    assert transcript.export("srt") == SRT + "\n"  # srt ends every block with a blank line
    assert times(transcript)[-1] == (7_200_001, 45_296_789)


def test_timed_text_import_uses_the_media_duration_for_the_last_end():
    media = BareMediaFactory(duration=4.25)
    transcript = import_transcript(
        media, "fr", io.BytesIO(b"[00:00:00] ANIMATRICE: Bonjour\n[00:00:01.5] AWA K.: Oui\n"),
    )
    assert times(transcript) == [(0, 1500), (1500, 4250)]
    assert transcript.export("txt") == (
        "[00:00:00.000] ANIMATRICE: Bonjour\n[00:00:01.500 --> 00:00:04.250] AWA K.: Oui\n"
    )


def test_bytes_with_bom_and_crlf(tmp_path):
    path = tmp_path / "awa.vtt"
    path.write_bytes(b"\xef\xbb\xbf" + VTT.replace("\n", "\r\n").encode())
    transcript = import_transcript(BareMediaFactory(), "fr", path)
    assert len(times(transcript)) == 5


@pytest.mark.parametrize(("text", "line"), [
    (BAD_VTT, 1), ("Bonjour\n", 1), ("WEBVTT\n\n00:01.000 --> 00:0x\nUn\n", 1)])
def test_malformed_vtt_creates_nothing(text, line):
    before = counts()
    with pytest.raises(TranscriptFormatError) as caught:
        import_transcript(BareMediaFactory(), "fr", text, fmt="vtt")
    assert caught.value.line == line
    assert counts() == before


def test_malformed_srt_creates_nothing():
    before = counts()
    with pytest.raises(TranscriptFormatError) as caught:
        import_transcript(BareMediaFactory(), "fr", BAD_SRT, filename="awa.srt")
    assert caught.value.line == 10
    assert "trois" in caught.value.message
    assert counts() == before


@pytest.mark.parametrize(("text", "name"), [(BAD_VTT, "awa.vtt"), (BAD_SRT, "awa.srt")])
def test_a_malformed_replacement_leaves_the_old_transcript_intact(text, name):
    old = TranscriptFactory(segments=3, status=Transcript.Status.REVIEWED)
    before = [(s.pk, s.start_ms, s.end_ms, s.text) for s in old.ordered_segments()]
    with pytest.raises(TranscriptFormatError):
        import_transcript(old.media, "fr", text, filename=name, replace=True,
                          provenance="machine")
    old.refresh_from_db()
    assert [(s.pk, s.start_ms, s.end_ms, s.text) for s in old.ordered_segments()] == before
    assert (old.provenance, old.status) == ("human", "reviewed")


def test_an_existing_transcript_is_kept_unless_replace_is_asked():
    old = TranscriptFactory(segments=2)
    with pytest.raises(TranscriptExistsError):
        import_transcript(old.media, "fr", VTT)
    assert len(times(old)) == 2

    new = import_transcript(old.media, "fr", VTT, replace=True, provenance="machine")
    assert new.pk == old.pk
    assert len(times(new)) == 5
    assert (new.provenance, new.status) == ("machine", "draft")


def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    media = BareMediaFactory()
    before = counts()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(TranscriptSegment.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_transcript(media, "fr", VTT)
    assert counts() == before


def test_unknown_language_and_provenance_are_refused():
    media = BareMediaFactory()
    with pytest.raises(ValueError):
        import_transcript(media, "xx", VTT)
    with pytest.raises(ValueError):
        import_transcript(media, "fr", VTT, provenance="guess")


def test_an_empty_file_is_refused():
    with pytest.raises(TranscriptFormatError):
        import_transcript(BareMediaFactory(), "fr", "WEBVTT\n")


def test_replacing_a_translation_keeps_its_source():
    source = TranscriptFactory(segments=2)
    english = source.translate_into("en")
    replaced = import_transcript(source.media, "en", VTT, provenance="translated", replace=True)
    assert (replaced.pk, replaced.translated_from) == (english.pk, source)


def test_translation_import_keeps_its_source():
    source = TranscriptFactory(segments=2)
    english = import_transcript(source.media, "en", VTT, provenance="translated",
                                translated_from=source)
    assert english.translated_from == source
    assert list(source.translations.all()) == [english]


# --- the models -----------------------------------------------------------------------------------
def test_one_transcript_per_media_and_language():
    transcript = TranscriptFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Transcript.objects.create(media=transcript.media, language="fr")
    Transcript.objects.create(media=transcript.media, language="en")


def test_a_segment_cannot_end_before_it_starts():
    SegmentFactory.build(transcript=TranscriptFactory(), start_ms=2000, end_ms=2000).full_clean()
    segment = SegmentFactory.build(transcript=TranscriptFactory(), start_ms=2000, end_ms=1999)
    with pytest.raises(ValidationError):
        segment.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        segment.save()


def test_translated_from_must_be_another_language_of_the_same_media():
    french = TranscriptFactory()
    other_media = TranscriptFactory(language="en")
    same_language = Transcript(media=french.media, language="fr", provenance="translated",
                               translated_from=french)
    with pytest.raises(ValidationError):
        same_language.clean()
    wrong_media = Transcript(media=french.media, language="en", provenance="translated",
                             translated_from=other_media)
    with pytest.raises(ValidationError):
        wrong_media.clean()
    not_translated = Transcript(media=french.media, language="en", provenance="human",
                                translated_from=french)
    with pytest.raises(ValidationError):
        not_translated.clean()
    Transcript(media=french.media, language="en", provenance="translated",
               translated_from=french).clean()


def test_json_export_of_a_stored_transcript():
    source = TranscriptFactory(segments=1)
    english = import_transcript(source.media, "en", VTT, provenance="translated",
                                translated_from=source, status="reviewed")
    document = json.loads(english.export("json"))
    assert document["media"] == str(source.media.uuid)
    assert (document["language"], document["provenance"], document["translated_from"],
            document["status"]) == ("en", "translated", "fr", "reviewed")
    assert document["segments"][0] == {
        "index": 1, "start_ms": 0, "end_ms": 1001, "start": "00:00:00.000",
        "end": "00:00:01.001", "speaker": "Animatrice", "text": "Pouvez-vous vous présenter ?",
    }
    assert len(document["segments"]) == 5


def test_segment_lookups_and_overlaps():
    transcript = TranscriptFactory()
    a = SegmentFactory(transcript=transcript, sort_order=0, start_ms=0, end_ms=5000)
    b = SegmentFactory(transcript=transcript, sort_order=1, start_ms=1000, end_ms=2000)
    c = SegmentFactory(transcript=transcript, sort_order=2, start_ms=4000, end_ms=6000)
    d = SegmentFactory(transcript=transcript, sort_order=3, start_ms=6000, end_ms=7000)
    assert set(TranscriptSegment.objects.filter(transcript=transcript).at(1500)) == {a, b}
    assert set(TranscriptSegment.objects.filter(transcript=transcript).between(5000, 6500)) == {
        c, d}
    assert transcript.overlaps() == [(a, b), (a, c)]
    assert list(Transcript.objects.for_media(transcript.media).with_segments()) == [transcript]
    assert not Transcript.objects.filter(pk=TranscriptFactory().pk).with_segments().exists()
