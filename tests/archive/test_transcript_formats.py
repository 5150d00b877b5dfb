"""archive.transcripts.formats: parsing and writing timed text, without the database."""

import json

import pytest

from archive.transcripts.formats import (
    SegmentData,
    TranscriptFormatError,
    detect_format,
    format_timestamp,
    parse_srt,
    parse_timed_text,
    parse_timestamp,
    parse_vtt,
    split_speaker,
    to_json,
    to_srt,
    to_text,
    to_vtt,
)

# Awkward times: 1 ms past a second, 1 ms before an hour's end, past one hour, past 99 hours.
AWKWARD = [
    SegmentData(0, 1, "Un.", "Animatrice"),
    SegmentData(1, 1001, "Deux & <trois>.", "Awa K."),
    SegmentData(1001, 59_999, "Quatre\nsur deux lignes."),
    SegmentData(59_999, 3_599_999, "Cinq.", "Awa K."),
    SegmentData(3_723_999, 3_724_000, "Six, après une heure.", "Animatrice"),
    SegmentData(3_724_000, 360_000_001, "Sept, après cent heures."),
]


def error_of(parse, text, **kwargs) -> TranscriptFormatError:
    with pytest.raises(TranscriptFormatError) as caught:
        parse(text, **kwargs)
    return caught.value


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
        segments = parse_vtt(
            "\ufeffWEBVTT - Témoignage\nKind: captions\n\n"
            "NOTE transcrit à Sévaré\n\n"
            "intro\n00:00:00.000 --> 00:00:01.001 align:start line:0\n"
            "<v Awa K.>Je suis partie &amp; <i>j'ai marché</i>\nlongtemps\n\n"
            "00:01.001 --> 00:02.500\nSans voix\n"
        )
        assert segments == [
            SegmentData(0, 1001, "Je suis partie & j'ai marché\nlongtemps", "Awa K."),
            SegmentData(1001, 2500, "Sans voix", ""),
        ]
        assert [s.line for s in segments] == [7, 11]

    def test_crlf_and_whitespace_only_lines(self):
        text = "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nUn\r\n   \r\n" \
               "00:00:02.000 --> 00:00:03.000\r\nDeux\r\n"
        assert [s.text for s in parse_vtt(text)] == ["Un", "Deux"]

    def test_round_trip_keeps_every_millisecond(self):
        assert parse_vtt(to_vtt(AWKWARD)) == AWKWARD

    def test_writes_voice_spans_and_escapes(self):
        text = to_vtt([SegmentData(1001, 2000, "a < b & c --> d", "Awa <K>")])
        assert text.startswith("WEBVTT\n")
        assert "00:00:01.001 --> 00:00:02.000\n<v Awa &lt;K&gt;>a &lt; b &amp; c --&gt; d" in text

    def test_missing_header(self):
        error = error_of(parse_vtt, "00:00:01.000 --> 00:00:02.000\nBonjour\n")
        assert error.line == 1
        assert "WEBVTT" in error.message

    def test_bad_timestamp_names_its_line(self):
        text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nUn\n\n"
                "00:00:02.000 --> 00:00:3.000\nDeux\n")
        error = error_of(parse_vtt, text)
        assert error.line == 6
        assert "00:00:3.000" in error.message
        assert str(error).startswith("line 6: ")

    def test_end_before_start(self):
        text = "WEBVTT\n\n1\n00:00:05.000 --> 00:00:04.999\nUn\n"
        error = error_of(parse_vtt, text)
        assert error.line == 4
        assert "before it starts" in error.message

    def test_cue_starting_before_the_previous_one(self):
        text = ("WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nUn\n\n"
                "00:00:04.000 --> 00:00:07.000\nDeux\n")
        assert error_of(parse_vtt, text).line == 6

    def test_timing_line_without_arrow(self):
        text = "WEBVTT\n\n1\n00:00:01.000 00:00:02.000\nUn\n"
        assert error_of(parse_vtt, text).line == 4

    def test_cue_without_blank_line_before_it(self):
        text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nUn\n"
                "00:00:02.000 --> 00:00:03.000\nDeux\n")
        assert error_of(parse_vtt, text).line == 5

    def test_header_must_be_followed_by_a_blank_line(self):
        assert error_of(parse_vtt, "WEBVTT\n00:00:01.000 --> 00:00:02.000\nUn\n").line == 2

    def test_not_utf8(self):
        error = error_of(parse_vtt, b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCaf\xe9\n")
        assert error.line == 4


class SRTTests:
    def test_reads_subtitles_speakers_and_drops_tags(self):
        text = ("1\n00:00:01,001 --> 00:00:02,000\nAwa K. : <i>Je suis</i> partie.\n\n"
                "2\n00:00:02.000 --> 01:02:03,999\n{\\an8}Sans locuteur\nsur deux lignes\n")
        assert parse_srt(text) == [
            SegmentData(1001, 2000, "Je suis partie.", "Awa K."),
            SegmentData(2000, 3_723_999, "Sans locuteur\nsur deux lignes", ""),
        ]

    def test_round_trip_keeps_every_millisecond(self):
        assert parse_srt(to_srt(AWKWARD)) == AWKWARD

    def test_round_trip_keeps_segments_without_text(self):
        segments = [SegmentData(0, 1000, ""), SegmentData(1000, 2000, "", "Awa K."),
                    SegmentData(2000, 3000, "Trois")]
        assert parse_srt(to_srt(segments)) == segments
        assert parse_vtt(to_vtt(segments)) == segments

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
        assert parse_timed_text(text) == [
            SegmentData(0, 2500, "Pouvez-vous vous présenter ?", "Animatrice"),
            SegmentData(2500, 5000, "Je m'appelle Awa.\nJe viens de Mopti.", "Awa K."),
            SegmentData(5000, 7250, "Une fin explicite.", ""),
            SegmentData(9000, 12000, "Sans crochets.", ""),
        ]

    def test_last_segment_ends_at_the_given_end(self):
        assert parse_timed_text("[00:00:01] Un\n", end_ms=4000) == [SegmentData(1000, 4000, "Un")]

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
        assert parse_timed_text(text) == [SegmentData(
            0, 2000, "Attention: ceci n'est pas un nom\n#1 en tête\n10:30 du matin", "")]

    def test_round_trip_keeps_awkward_text_and_empty_segments(self):
        segments = [
            SegmentData(0, 1000, "Attention: pas un locuteur\n#1\n[note]\n10:30 h\n\\o/"),
            SegmentData(1000, 2000, ""),
            SegmentData(2000, 3000, "Bonjour", "Awa K."),
            SegmentData(3000, 4000, "", "Awa K."),
        ]
        assert parse_timed_text(to_text(segments)) == segments

    def test_round_trip_keeps_every_millisecond_with_gaps_and_overlaps(self):
        segments = [*AWKWARD[:3], SegmentData(30_000, 70_000, "Chevauche."), *AWKWARD[3:]]
        segments = sorted(segments, key=lambda s: s.start_ms)
        assert parse_timed_text(to_text(segments)) == segments


class SpeakerTests:
    @pytest.mark.parametrize(("text", "expected"), [
        ("Awa K.: Bonjour", ("Awa K.", "Bonjour")),
        ("Animatrice : Bonjour", ("Animatrice", "Bonjour")),
        ("À 10:30 nous sommes partis", ("", "À 10:30 nous sommes partis")),
        ("Voir https://example.org", ("", "Voir https://example.org")),
        ("Elle a dit une chose très longue avant : ceci", ("", "Elle a dit une chose très "
                                                           "longue avant : ceci")),
    ])
    def test_split_speaker(self, text, expected):
        assert split_speaker(text) == expected


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
    ("[00:00:01] Bonjour\n", "", "txt"),
])
def test_detect_format(text, name, fmt):
    assert detect_format(text, name) == fmt
