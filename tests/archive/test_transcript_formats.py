"""archive.transcripts.formats: parsing and writing timed text, without the database."""

import json

import pytest

from archive.transcripts.formats import (
    detect_format,
    parse,
    parse_json,
    parse_srt,
    parse_timed_text,
    split_speaker,
    to_json,
    to_srt,
    to_text,
)
from archive.transcripts.reading import TranscriptFormatError
from archive.transcripts.segments import SegmentData, format_timestamp, parse_timestamp
from archive.transcripts.vtt import parse_vtt, to_vtt

SPEAKERS = {"Animatrice", "Awa K."}

# Awkward times: 1 ms past a second, 1 ms before an hour's end, past one hour, past 99 hours.
AWKWARD = [
    SegmentData(0, 1, "Un.", "Animatrice"),
    SegmentData(1, 1001, "Deux & <trois>.", "Awa K."),
    SegmentData(1001, 59_999, "Quatre\nsur deux lignes."),
    SegmentData(59_999, 3_599_999, "Cinq.", "Awa K."),
    SegmentData(3_723_999, 3_724_000, "Six, après une heure.", "Animatrice"),
    SegmentData(3_724_000, 360_000_001, "Sept, après cent heures."),
]


def error_of(reader, text, **kwargs) -> TranscriptFormatError:
    with pytest.raises(TranscriptFormatError) as caught:
        reader(text, **kwargs)
    return caught.value


def vtt(text):
    return parse_vtt(text).segments


def srt(text, speakers=SPEAKERS):
    return parse_srt(text, speakers).segments


def timed(text, speakers=SPEAKERS, **kwargs):
    return parse_timed_text(text, speakers=speakers, **kwargs).segments


class TimestampTests:
    @pytest.mark.parametrize(("text", "ms"), [
        ("00:00:01.001", 1001), ("01:02:03.999", 3_723_999), ("00:00.5", 500),
        ("1:02:03,04", 3_723_040), ("123:00:00.000", 442_800_000), ("59:59", 3_599_000),
    ])
    def test_parse(self, text, ms):
        assert parse_timestamp(text) == ms

    @pytest.mark.parametrize("text", ["", "1.5", "00:60:00", "00:00:61.000", "aa:bb", "1:2:3"])
    def test_refuse(self, text):
        with pytest.raises(ValueError):
            parse_timestamp(text)

    @pytest.mark.parametrize(("ms", "text"), [
        (0, "00:00:00.000"), (1001, "00:00:01.001"), (3_723_999, "01:02:03.999"),
        (360_000_001, "100:00:00.001"),
    ])
    def test_format(self, ms, text):
        assert format_timestamp(ms) == text
        assert parse_timestamp(text) == ms


class WebVTTTests:
    def test_reads_cues_voices_entities_and_skips_notes(self):
        segments = vtt(
            "\ufeffWEBVTT - Témoignage\nKind: captions\n\n"
            "NOTE transcrit à Sévaré\n\n"
            "intro\n00:00:00.000 --> 00:00:01.001 align:start line:0\n"
            "<v Awa K.>Je suis partie &amp; <i>j'ai marché</i>\nlongtemps\n\n"
            "00:01.001 --> 00:02.500\nSans voix\n"
        )
        assert segments == [
            SegmentData(0, 1001, "Je suis partie & j'ai marché\nlongtemps", "Awa K.",
                        cue_settings="line:0 align:start",
                        markup="<v Awa K.>Je suis partie &amp; <i>j'ai marché</i>\nlongtemps"),
            SegmentData(1001, 2500, "Sans voix", ""),
        ]
        assert [s.line for s in segments] == [7, 11]

    def test_crlf_and_whitespace_only_lines(self):
        text = "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nUn\r\n   \r\n" \
               "00:00:02.000 --> 00:00:03.000\r\nDeux\r\n"
        assert [s.text for s in vtt(text)] == ["Un", "Deux"]

    def test_round_trip_keeps_every_millisecond(self):
        assert vtt(to_vtt(AWKWARD)) == AWKWARD

    def test_writes_voice_spans_and_escapes(self):
        text = to_vtt([SegmentData(1001, 2000, "a < b & c --> d", "Awa <K>")])
        assert text.startswith("WEBVTT\n")
        assert "00:00:01.001 --> 00:00:02.000\n<v Awa &lt;K&gt;>a &lt; b &amp; c --&gt; d" in text

    def test_missing_header(self):
        error = error_of(parse_vtt, "00:00:01.000 --> 00:00:02.000\nBonjour\n")
        assert error.line == 1
        assert "WEBVTT" in error.message


class SRTTests:
    def test_reads_subtitles_speakers_and_drops_tags(self):
        text = ("1\n00:00:01,001 --> 00:00:02,000\nAwa K. : <i>Je suis</i> partie.\n\n"
                "2\n00:00:02.000 --> 01:02:03,999\n{\\an8}Sans locuteur\nsur deux lignes\n")
        assert srt(text) == [
            SegmentData(1001, 2000, "Je suis partie.", "Awa K."),
            SegmentData(2000, 3_723_999, "Sans locuteur\nsur deux lignes", ""),
        ]

    def test_round_trip_keeps_every_millisecond(self):
        assert srt(to_srt(AWKWARD)) == AWKWARD

    def test_round_trip_keeps_segments_without_text(self):
        segments = [SegmentData(0, 1000, ""), SegmentData(1000, 2000, "", "Awa K."),
                    SegmentData(2000, 3000, "Trois")]
        assert srt(to_srt(segments)) == segments
        assert vtt(to_vtt(segments)) == segments

    def test_writes_numbered_blocks(self):
        text = to_srt(AWKWARD[:2])
        assert text.startswith("1\n00:00:00,000 --> 00:00:00,001\nAnimatrice: Un.\n\n2\n")

    def test_bad_index(self):
        text = ("1\n00:00:01,000 --> 00:00:02,000\nUn\n\n"
                "deux\n00:00:02,000 --> 00:00:03,000\nDeux\n")
        error = error_of(parse_srt, text)
        assert error.line == 5
        assert "subtitle number" in error.message

    def test_bad_arrow_line(self):
        text = ("1\n00:00:01,000 --> 00:00:02,000\nUn\n\n"
                "2\n00:00:02,000 -> 00:00:03,000\nDeux\n")
        error = error_of(parse_srt, text)
        assert error.line == 6
        assert "timing line" in error.message

    def test_bad_time(self):
        assert error_of(parse_srt, "1\n00:00:01,000 --> 00:00:02,0\nUn\n").line == 2

    def test_end_before_start(self):
        assert error_of(parse_srt, "\n\n1\n00:00:03,000 --> 00:00:02,000\nUn\n").line == 4

    def test_number_without_timing_line(self):
        text = "1\n00:00:01,000 --> 00:00:02,000\nUn\n\n2\n"
        assert error_of(parse_srt, text).line == 6

    def test_missing_blank_line_between_subtitles(self):
        text = "1\n00:00:01,000 --> 00:00:02,000\nUn\n2\n00:00:02,000 --> 00:00:03,000\nDeux\n"
        assert error_of(parse_srt, text).line == 5


class TimedTextTests:
    def test_reads_the_documented_format(self):
        text = (
            "# Témoignage d'Awa\n"
            "[00:00:00.000] Animatrice: Pouvez-vous vous présenter ?\n"
            "[00:00:02.5] Awa K.: Je m'appelle Awa.\n"
            "Je viens de Mopti.\n"
            "\n"
            "[00:00:05 --> 00:00:07,250] Une fin explicite.\n"
            "00:09.000 Sans crochets.\n"
            "[00:00:12.000]\n"
        )
        assert timed(text) == [
            SegmentData(0, 2500, "Pouvez-vous vous présenter ?", "Animatrice"),
            SegmentData(2500, 5000, "Je m'appelle Awa.\nJe viens de Mopti.", "Awa K."),
            SegmentData(5000, 7250, "Une fin explicite.", ""),
            SegmentData(9000, 12000, "Sans crochets.", ""),
        ]

    def test_last_segment_ends_at_the_given_end(self):
        assert timed("[00:00:01] Un\n", end_ms=4000) == [SegmentData(1000, 4000, "Un")]

    def test_last_segment_without_end_is_refused(self):
        error = error_of(parse_timed_text, "[00:00:00] Un\n[00:00:01] Deux\n")
        assert error.line == 2

    def test_text_before_any_time(self):
        assert error_of(parse_timed_text, "\nBonjour\n[00:00:01]\n").line == 2

    def test_bad_time(self):
        assert error_of(parse_timed_text, "[00:00:00] Un\n[00:0x:01] Deux\n").line == 2

    def test_time_going_back(self):
        assert error_of(parse_timed_text, "[00:00:05] Un\n[00:00:01] Deux\n[00:00:09]\n").line == 2

    def test_backslash_makes_a_line_plain_text(self):
        text = ("[00:00:00] \\Attention: ceci n'est pas un nom\n"
                "\\#1 en tête\n\\10:30 du matin\n[00:00:02]\n")
        assert timed(text) == [SegmentData(
            0, 2000, "Attention: ceci n'est pas un nom\n#1 en tête\n10:30 du matin", "")]

    def test_round_trip_keeps_awkward_text_and_empty_segments(self):
        segments = [
            SegmentData(0, 1000, "Attention: pas un locuteur\n#1\n[note]\n10:30 h\n\\o/"),
            SegmentData(1000, 2000, ""),
            SegmentData(2000, 3000, "Bonjour", "Awa K."),
            SegmentData(3000, 4000, "", "Awa K."),
        ]
        assert timed(to_text(segments)) == segments

    def test_round_trip_keeps_every_millisecond_with_gaps_and_overlaps(self):
        segments = [*AWKWARD[:3], SegmentData(30_000, 70_000, "Chevauche."), *AWKWARD[3:]]
        segments = sorted(segments, key=lambda s: s.start_ms)
        assert timed(to_text(segments)) == segments


class SpeakerTests:
    @pytest.mark.parametrize(("text", "expected"), [
        ("ANIMATRICE: Bonjour", ("ANIMATRICE", "Bonjour")),
        ("AWA K. : Bonjour", ("AWA K.", "Bonjour")),
        ("Awa K.: Bonjour", ("Awa K.", "Bonjour")),  # a listed speaker
        ("Car j'ai 3 spécialités: la couture", ("", "Car j'ai 3 spécialités: la couture")),
        ("Note: ceci", ("", "Note: ceci")),
        ("À 10:30 nous sommes partis", ("", "À 10:30 nous sommes partis")),
        ("Voir https://example.org", ("", "Voir https://example.org")),
        ("10: dix", ("", "10: dix")),
        ("\\ANIMATRICE: pas un nom", ("", "ANIMATRICE: pas un nom")),
        ("UNE PHRASE EN CAPITALES TRÈS LONGUE: x", ("", "UNE PHRASE EN CAPITALES TRÈS LONGUE: x")),
    ])
    def test_split_speaker(self, text, expected):
        assert split_speaker(text, {"Awa K."}) == expected


def test_json_export_structure():
    document = json.loads(to_json(AWKWARD[:2], {"language": "fr", "provenance": "human"}))
    assert document["language"] == "fr"
    assert document["provenance"] == "human"
    assert document["segments"][1] == {
        "index": 2, "start_ms": 1, "end_ms": 1001, "start": "00:00:00.001",
        "end": "00:00:01.001", "speaker": "Awa K.", "text": "Deux & <trois>.",
    }


@pytest.mark.parametrize(("text", "name", "fmt"), [
    ("x", "awa.VTT", "vtt"), ("x", "awa.srt", "srt"), ("x", "awa.txt", "txt"),
    ("\ufeffWEBVTT\n\n", "", "vtt"), ("1\n00:00:01,000 --> 00:00:02,000\n", "upload", "srt"),
    ("[00:00:01] Bonjour\n", "", "txt"), ('{"segments": []}', "", "json"),
])
def test_detect_format(text, name, fmt):
    assert detect_format(text.removeprefix("\ufeff").split("\n")[:2], name) == fmt


# Voices, several lines, entities and literal brackets, Bambara letters, right-to-left text,
# emoji, text that looks like markup or a label, empty segments, an end equal to its start.
HARD = [
    SegmentData(0, 1500, "Ɲɛ bɛ taa Bamakɔ, ŋaniya bɛ n na.", "Awa K."),
    SegmentData(1500, 4000, "Deux lignes & <i>crochets</i> littéraux\n&amp; &lt;déjà&gt; {\\an8}",
                "Animatrice"),
    SegmentData(4000, 4000, "مرحبا بكم — שלום 🙂👩🏾‍🌾", ""),
    SegmentData(4000, 6000, "Note: pas un locuteur\nANIMATRICE: non plus", ""),
    SegmentData(6000, 7000, "\\o/ #1 [rires] 10:30", ""),
    SegmentData(7500, 9000, "", "Awa K."),
    SegmentData(9000, 10_000, "a < b > c -- > d", "INTERPRÈTE"),
]


@pytest.mark.parametrize("fmt", ["vtt", "srt", "txt", "json"])
def test_export_then_import_gives_the_same_segments(fmt):
    writers = {"vtt": to_vtt, "srt": to_srt, "txt": to_text, "json": to_json}
    parsed, read_as = parse(writers[fmt](HARD).encode(), filename=f"t.{fmt}", speakers=SPEAKERS)
    assert read_as == fmt
    assert parsed.segments == HARD
    assert parsed.warnings == []


def test_srt_escapes_only_what_a_reader_would_take_for_markup():
    text = to_srt(HARD[1:2])
    assert "Animatrice: Deux lignes & &lt;i>crochets&lt;/i> littéraux\n" in text
    assert "&amp;amp; &amp;lt;déjà&amp;gt; &#123;\\an8}" in text


def test_json_import_refuses_what_is_not_a_segment():
    assert error_of(parse_json, '{"segments": [{"start_ms": 1}]}').message.startswith(
        "segment 1 ")
    assert error_of(parse_json, '{"segments":\n [}').line == 2
    parsed = parse_json('{"segments": [{"start_ms": 0, "end_ms": 5, "text": "a\\u0000b"}]}')
    assert parsed.segments == [SegmentData(0, 5, "a\ufffdb")]
    assert [w.line for w in parsed.warnings] == [1]
