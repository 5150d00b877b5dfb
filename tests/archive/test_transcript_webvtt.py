"""archive.transcripts.vtt against the rules of the WebVTT specification's parser.

One case per rule: a file, the cues a conforming parser (a browser) produces from it as
(start ms, end ms, cue text, settings in force), and the lines of the warnings the importer
gives for what the browser skips. The expected cues are worked out by hand from the
specification's steps, not from our parser.
"""

import pytest

from archive.transcripts.reading import TranscriptFormatError
from archive.transcripts.segments import SegmentData
from archive.transcripts.vtt import (
    collect_timestamp,
    cue_text,
    parse_vtt,
    read_cue_text,
    to_vtt,
)

RULES = {
    # Signature: "WEBVTT" then a space or tab and anything; the header runs to an empty line.
    "signature with text and header lines": (
        "WEBVTT - Témoignage\nKind: captions\nLanguage: fr\n\n00:01.000 --> 00:02.000\nUn\n",
        [(1000, 2000, "Un", "")], []),
    "signature with a tab": ("WEBVTT\tx\n\n00:01.000 --> 00:02.000\nUn\n",
                             [(1000, 2000, "Un", "")], []),
    # A timing line right after the header line: the header block gives it back.
    "cue right after the signature": ("WEBVTT\n00:01.000 --> 00:02.000\nUn\n",
                                      [(1000, 2000, "Un", "")], []),
    # Timestamps: hours optional; a first field not of two digits is hours (0:00:00.000).
    "timestamps of every shape": (
        "WEBVTT\n\n0:00:01.000 --> 100:00:00.001\nA\n\n59:59.999 --> 01:00:00.000\nB\n",
        [(1000, 360_000_001, "A", ""), (3_599_999, 3_600_000, "B", "")], []),
    # A cue whose end equals its start is a cue; leading whitespace before the timing is skipped.
    "end equal to start, leading whitespace": (
        "WEBVTT\n\n \t00:01.000\t-->  00:01.000\nZéro\n",
        [(1000, 1000, "Zéro", "")], []),
    # An identifier line before the timing line.
    "identifier": ("WEBVTT\n\nintro\n00:01.000 --> 00:02.000\nUn\n",
                   [(1000, 2000, "Un", "")], []),
    # A bad timestamp: the block is dropped, the rest of the file is read.
    "bad timestamp skips the block": (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nUn\n\n00:02.000 --> 00:03.0000\nDeux\n\n"
        "00:00:60.000 --> 00:01:02.000\nTrois\n\n00:04.000 --> 00:05.000\nQuatre\n",
        [(1000, 2000, "Un", ""), (4000, 5000, "Quatre", "")], [6, 9]),
    "arrow missing": ("WEBVTT\n\n1\n00:00:01.000 00:00:02.000\nUn\n\n00:03.000 --> 00:04.000\nB\n",
                      [(3000, 4000, "B", "")], [3]),
    # A block without a timing line on its first two lines is skipped; NOTE without warning.
    "text block and comment": (
        "WEBVTT\n\nNOTE transcrit à Sévaré\nsur deux lignes\n\nun texte perdu\n\n"
        "00:01.000 --> 00:02.000\nUn\n",
        [(1000, 2000, "Un", "")], [6]),
    # "-->" past the second line ends the block: a cue without the blank line before it.
    "cue without a blank line before it": (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nUn\n00:02.000 --> 00:03.000\nDeux\n",
        [(1000, 2000, "Un", ""), (2000, 3000, "Deux", "")], []),
    "lines before a timing line on line 3": (
        "WEBVTT\n\na\nb\n00:02.000 --> 00:03.000\nDeux\n", [(2000, 3000, "Deux", "")], [3]),
    # A line of spaces does not end a cue: it is cue text (blank once trimmed).
    "whitespace line inside a cue": ("WEBVTT\n\n00:01.000 --> 00:02.000\nUn\n   \ndeux\n",
                                     [(1000, 2000, "Un\n   \ndeux", "")], []),
    # Settings: the last valid value of each wins; unknown and invalid ones are dropped.
    "settings repeated, unknown, invalid": (
        "WEBVTT\n\n00:01.000 --> 00:02.000 align:start line:0 align:end foo:bar size:120% "
        "position:10%,line-left line:1.5 vertical:rl vertical:up nocolon :x\nUn\n",
        [(1000, 2000, "Un", "vertical:rl line:0 position:10%,line-left align:end")],
        [3, 3, 3, 3, 3, 3]),
    "line values": (
        "WEBVTT\n\n00:01.000 --> 00:02.000 line:-1\nA\n\n00:02.000 --> 00:03.000 line:50.5%,end\n"
        "B\n\n00:03.000 --> 00:04.000 line:1-\nC\n",
        [(1000, 2000, "A", "line:-1"), (2000, 3000, "B", "line:50.5%,end"),
         (3000, 4000, "C", "")], [9]),
    # Regions: kept when defined before the first cue; a region setting must name one.
    "regions": (
        "WEBVTT\n\nREGION\nid:bas width:40% lines:3 regionanchor:0%,100% scroll:up\n\n"
        "00:01.000 --> 00:02.000 region:bas\nUn\n\n00:02.000 --> 00:03.000 region:haut\nDeux\n\n"
        "REGION\nid:tard\n",
        [(1000, 2000, "Un", "region:bas"), (2000, 3000, "Deux", "")], [9, 12]),
    "style block kept out with a warning": (
        "WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\n00:01.000 --> 00:02.000\nUn\n",
        [(1000, 2000, "Un", "")], [3]),
    # A cue ending before it starts: kept by a browser, never shown; skipped here.
    "end before start": ("WEBVTT\n\n00:05.000 --> 00:04.999\nUn\n", [], [3]),
    # Cues out of order are in start order for the player (stable).
    "out of order": ("WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:04.000 --> 00:07.000\nA\n",
                     [(4000, 7000, "A", ""), (5000, 6000, "B", "")], []),
    # NUL becomes U+FFFD; so do other controls (ours); CR and CR LF end lines.
    "NUL and line ends": ("WEBVTT\r\n\r00:01.000 --> 00:02.000\r\nA\x00B\x07\r\n",
                          [(1000, 2000, "A\ufffdB\ufffd", "")], [4]),
    "byte-order mark": ("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nUn\n",
                        [(1000, 2000, "Un", "")], []),
    "empty cue text": ("WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\nB\n",
                       [(1000, 2000, "", ""), (2000, 3000, "B", "")], []),
}


@pytest.mark.parametrize("rule", RULES)
def test_the_specification_rules(rule):
    text, expected, warning_lines = RULES[rule]
    parsed = parse_vtt(text)
    assert [(s.start_ms, s.end_ms, s.text, s.speaker, s.cue_settings)
            for s in parsed.segments] == [
        (start, end, *read_cue_text(cue), settings) for start, end, cue, settings in expected]
    assert [w.line for w in parsed.warnings] == warning_lines


@pytest.mark.parametrize("text", ["", "WEBVT\n", "WEBVTTX\n", " WEBVTT\n", "webvtt\n",
                                  "00:01.000 --> 00:02.000\nUn\n"])
def test_a_file_without_the_signature_is_refused(text):
    with pytest.raises(TranscriptFormatError) as caught:
        parse_vtt(text)
    assert caught.value.line == 1
    assert "WEBVTT" in caught.value.message


def test_invalid_utf8_is_replaced_as_a_browser_does():
    parsed = parse_vtt(b"WEBVTT\n\n00:01.000 --> 00:02.000\nCaf\xe9\n")
    assert parsed.segments[0].text == "Caf\ufffd"
    assert [w.line for w in parsed.warnings] == [4]


@pytest.mark.parametrize(("value", "ms"), [
    ("00:00.000", 0), ("0:00:00.000", 0), ("1:02:03.004", 3_723_004), ("61:00.000", None),
    ("60:00.000", None), ("00:60.000", None), ("00:00.00", None),
    ("00:00,000", None), ("000:00:00.000", 0), ("00:00:00.000", 0), ("1:00.000", None),
])
def test_timestamps(value, ms):
    collected = collect_timestamp(value, 0)
    assert (collected[0] if collected else None) == ms


class CueTextTests:
    @pytest.mark.parametrize(("markup", "text", "speaker"), [
        ("<v Awa K.>Je suis partie", "Je suis partie", "Awa K."),
        ("<v.loud   Awa\tK.>Oui</v>", "Oui", "Awa K."),
        ("<v Awa>Oui\n<v Fanta>Non", "Oui\nNon", "Awa, Fanta"),
        ("<c.jaune.gras>Mot</c> &amp; &lt;b&gt; &eacute;t&#233;", "Mot & <b> été", ""),
        ("<ruby>漢<rt>kan</rt>字<rt>ji</rt></ruby>", "漢字", ""),
        ("<rt>hors ruby</rt>", "hors ruby", ""),
        ("<i>un<b>deux</i>trois</b>", "undeuxtrois", ""),
        ("<00:00:01.500>suite <font color=red>x</font>", "suite x", ""),
        ("<lang bm>I ni ce</lang>", "I ni ce", ""),
        ("<v A &amp; B>x", "x", "A & B"),
        ("a < b", "a", ""),  # "< b" is a tag a browser ignores
    ])
    def test_read(self, markup, text, speaker):
        assert read_cue_text(markup) == (text, speaker)

    def test_markup_is_written_while_it_still_says_the_text(self):
        segment = SegmentData(0, 1000, "Oui\nNon", "Awa, Fanta", markup="<v Awa>Oui\n<v Fanta>Non")
        assert cue_text(segment) == "<v Awa>Oui\n<v Fanta>Non"
        edited = SegmentData(0, 1000, "Oui\nSi", "Awa, Fanta", markup=segment.markup)
        assert cue_text(edited) == "<v Awa, Fanta>Oui\nSi"


def test_settings_regions_voices_classes_ruby_survive_export():
    original = (
        "WEBVTT\n\nREGION\nid:bas width:40% lines:3\n\n"
        "00:00:01.000 --> 00:00:02.000 region:bas align:start line:0\n"
        "<v.loud Awa>Je suis <c.jaune>partie</c>\n"
        "<v Fanta>&lt;rires&gt; <ruby>漢<rt>kan</rt></ruby>\n"
    )
    parsed = parse_vtt(original)
    written = to_vtt(parsed.segments, parsed.regions)
    again = parse_vtt(written)
    assert again.segments == parsed.segments
    assert again.regions == parsed.regions == "REGION\nid:bas width:40% lines:3"
    assert "00:00:01.000 --> 00:00:02.000 region:bas line:0 align:start\n" in written
    assert "<v.loud Awa>Je suis <c.jaune>partie</c>" in written
