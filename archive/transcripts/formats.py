"""Reading and writing timed text: WebVTT, SRT, timed plain text, JSON.

Every reader takes a source (text, bytes, a path or an open binary file), reads it as a stream
of lines (`archive.transcripts.reading`) and returns a `ParsedTranscript`: its segments (times
in integer milliseconds, exact) and warnings naming their lines. WebVTT is read as browsers
read it (`archive.transcripts.vtt`); SRT, timed text and JSON have no such standard and are
read strictly: a problem raises `TranscriptFormatError(line, message)` at its line, so that an
archivist learns about it before the transcript is saved.

Speakers, never guessed
    WebVTT: the voice spans of the cue, `<v Awa K.>Je suis partie…`. SRT and timed text: a first
    line `NAME: text` whose name is in capitals (`ANIMATRICE: Bonjour`, at most 40 characters
    and 4 words; `AWA K. : text`, French style, works too), or whose name is one of the
    `speakers` given to the reader (the importer gives the speakers of the transcript being
    replaced and any the archivist lists). `Car j'ai 3 spécialités: …` is text. A backslash
    before a first line makes it text whatever it looks like; the writers add one when needed.

SRT
    Formatting tags (`<i>`, `<b>`, `<u>`, `<font>`, `{\\an8}`) are dropped; character references
    (`&lt;`, `&amp;`) are decoded, and the writer escapes what would otherwise be read as a tag,
    so that literal angle brackets come back.

Timed plain text (``.txt``)
    One segment per line, starting with its start time, in square brackets or bare::

        # Lines starting with '#' are comments.
        [00:00:00.000] ANIMATRICE: Pouvez-vous vous présenter ?
        [00:00:02.500] AWA: Je m'appelle Awa.
        A line without a time continues the segment above it.
        [00:00:05 --> 00:00:07.250] A segment can give its own end after an arrow.
        00:00:09.000 Brackets are optional.
        [00:00:12.000]

    Times are `[h:]mm:ss` with an optional fraction of 1-3 digits after `.` or `,` (`.5` is 500
    ms). A segment without an explicit end ends where the next one starts. A time alone on a
    line ends the segment above it and starts nothing; the last segment needs such a line, an
    explicit end, or the media's duration passed as `end_ms`. Start times never go back. A
    backslash at the start of a text line is dropped and makes the line plain text: `\\#1`,
    `\\10:30 du matin` continue a segment, `[00:00:01] \\NOTE: …` has no speaker.

JSON
    What `to_json` writes: `{"segments": [{"start_ms", "end_ms", "speaker", "text"}, …]}`
    (other keys are ignored).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Iterable
from typing import Any

import srt
from django.utils.translation import gettext as _

from .reading import Lines, Source, TranscriptFormatError, max_cues, too_many_cues, visible
from .segments import (
    ParsedTranscript,
    SegmentData,
    SegmentLike,
    clean_text,
    format_timestamp,
    parse_timestamp,
)
from .vtt import parse_vtt, to_vtt

Speakers = Collection[str]

# --- speakers -----------------------------------------------------------------------------------
_LABEL = re.compile(
    r"(?P<speaker>[^\s:<>\[\]#\\][^:<>\[\]\n]{0,39}?)\s?:(?:\s+(?P<text>\S.*)|\s*)", re.S
)


def _is_capitals(name: str) -> bool:
    return name == name.upper() and name != name.lower() and len(name.split()) <= 4


def split_speaker(text: str, speakers: Speakers = ()) -> tuple[str, str]:
    """(speaker, text) from `NAME: text` (capitals, or a name in `speakers`), else ("", text).
    A leading backslash is dropped and keeps the text as it is."""
    if text.startswith("\\"):
        return "", text[1:]
    match = _LABEL.fullmatch(text)
    if match:
        name = match["speaker"].strip()
        if name in speakers or _is_capitals(name):
            return name, match["text"] or ""
    return "", text


def _guarded(first_line: str, speaker: str, any_label: bool) -> str:
    """A backslash before a speakerless first line that a reader could take for a label
    (`any_label`: whatever the name's case) or that starts with a backslash."""
    match = _LABEL.fullmatch(first_line)
    if first_line.startswith("\\") or (not speaker and match and (
            any_label or _is_capitals(match["speaker"].strip()))):
        return f"\\{first_line}"
    return first_line


def _check_times(line: int, start: int, end: int, previous_start: int | None) -> None:
    if end < start:
        raise TranscriptFormatError(
            line, _("the segment ends (%(end)s) before it starts (%(start)s)")
            % {"end": format_timestamp(end), "start": format_timestamp(start)},
        )
    if previous_start is not None and start < previous_start:
        raise TranscriptFormatError(
            line, _("the segment starts (%(start)s) before the previous one (%(previous)s)")
            % {"start": format_timestamp(start), "previous": format_timestamp(previous_start)},
        )


def _timing_line(line_no: int, line: str, time_pattern: str, example: str) -> tuple[int, int]:
    """(start, end) from a `start --> end [settings]` line, or an error saying what is wrong."""
    match = re.fullmatch(rf"({time_pattern})[ \t]*-->[ \t]*({time_pattern})(?:[ \t].*)?", line)
    if not match:
        parts = line.split("-->")
        if len(parts) == 2:
            for value, which in ((parts[0].strip(), _("start")),
                                 ((parts[1].split() or [""])[0], _("end"))):
                if not re.fullmatch(time_pattern, value):
                    raise TranscriptFormatError(
                        line_no, _("bad %(which)s time “%(value)s” (expected a time like "
                                   "%(example)s)")
                        % {"which": which, "value": visible(value),
                           "example": example.split()[0]},
                    )
        raise TranscriptFormatError(
            line_no, _("expected a timing line like “%(example)s”, found “%(found)s”")
            % {"example": example, "found": visible(line.strip())},
        )
    try:
        return parse_timestamp(match[1]), parse_timestamp(match[2])
    except ValueError as error:
        raise TranscriptFormatError(line_no, str(error)) from None


def _lines_of(source: Source | Lines) -> Lines:
    return source if isinstance(source, Lines) else Lines(source)


def _result(segments: list[SegmentData], lines: Lines) -> ParsedTranscript:
    return ParsedTranscript(segments, warnings=lines.warnings, more_warnings=lines.skipped_warnings)


# --- SRT ----------------------------------------------------------------------------------------
_SRT_TIME = r"\d{2,}:\d{2}:\d{2}[,.]\d{3}"
_SRT_EXAMPLE = "00:00:01,000 --> 00:00:04,000"
_SRT_TAGS = re.compile(r"</?(?:i|b|u|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.I)
_REFERENCE = re.compile(r"&(?=[#A-Za-z])")


def _srt_blocks(lines: Lines) -> Iterable[tuple[int, list[str]]]:
    """Runs of lines that are not blank, with the line number of each run's first line."""
    block: list[str] = []
    first = 0
    for line in lines:
        if line.strip():
            if not block:
                first = lines.line
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _srt_body(lines: list[str], speakers: Speakers) -> tuple[str, str]:
    body = clean_text(_SRT_TAGS.sub("", line) for line in lines)
    speaker, body = split_speaker(body, speakers)
    return speaker, html.unescape(body) if "&" in body else body


def parse_srt(source: Source | Lines, speakers: Speakers = ()) -> ParsedTranscript:
    """Subtitles of an SRT file (see the module's docstring)."""
    lines = _lines_of(source)
    segments: list[SegmentData] = []
    previous_start = None
    for first_line, block in _srt_blocks(lines):
        if not block[0].strip().isdigit():
            raise TranscriptFormatError(
                first_line, _("expected a subtitle number, found “%(found)s”")
                % {"found": visible(block[0].strip())},
            )
        if len(block) < 2:
            raise TranscriptFormatError(
                first_line + 1,
                _("expected a timing line like “%(example)s” after the subtitle number")
                % {"example": _SRT_EXAMPLE},
            )
        line_no = first_line + 1
        start, end = _timing_line(line_no, block[1].strip(), _SRT_TIME, _SRT_EXAMPLE)
        _check_times(line_no, start, end, previous_start)
        for offset, payload in enumerate(block[2:], start=2):
            if "-->" in payload:
                raise TranscriptFormatError(
                    first_line + offset,
                    _("“-->” in subtitle text: an empty line must come before a new subtitle"),
                )
        if len(segments) >= max_cues():
            raise too_many_cues(line_no)
        speaker, body = _srt_body(block[2:], speakers)
        segments.append(SegmentData(start, end, body, speaker, line=line_no))
        previous_start = start
    return _result(segments, lines)


def _srt_escaped(text: str) -> str:
    text = _REFERENCE.sub("&amp;", text)
    return _SRT_TAGS.sub(lambda tag: tag[0].replace("<", "&lt;").replace("{", "&#123;"), text)


def _srt_content(segment: SegmentLike) -> str:
    lines = [_srt_escaped(line) for line in clean_text(segment.text.split("\n")).split("\n")]
    speaker = segment.speaker.strip()
    if lines[0]:
        lines[0] = _guarded(lines[0], speaker, any_label=False)
    if speaker:
        lines[0] = f"{speaker}: {lines[0]}".rstrip()
    return "\n".join(lines)


def to_srt(segments: Iterable[SegmentLike]) -> str:
    """An SRT file, numbered from 1; speakers as `Name: ` before the text."""
    subtitles = [
        srt.Subtitle(index=index, start=srt.timedelta(milliseconds=s.start_ms),
                     end=srt.timedelta(milliseconds=s.end_ms), content=_srt_content(s))
        for index, s in enumerate(segments, start=1)
    ]
    # Not srt's reindexing, which drops subtitles without text (a translation's empty drafts);
    # not its strict mode either: _srt_content() already leaves no empty line inside a text.
    return srt.compose(subtitles, reindex=False, strict=False)


# --- timed plain text ---------------------------------------------------------------------------
_LOOSE_TIME = r"(?:\d{1,10}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_BRACKETED = re.compile(
    rf"\[\s*(?P<start>{_LOOSE_TIME})(?:\s*-->\s*(?P<end>{_LOOSE_TIME}))?\s*\]\s*(?P<rest>.*)"
)
_BARE = re.compile(
    rf"(?P<start>{_LOOSE_TIME})(?:\s*-->\s*(?P<end>{_LOOSE_TIME}))?(?:\s+(?P<rest>.*))?"
)
_LOOKS_TIMED = re.compile(r"\[|\d{1,10}:\d")


def parse_timed_text(
    source: Source | Lines, end_ms: int | None = None, speakers: Speakers = ()
) -> ParsedTranscript:
    """Timed plain text (see the module's docstring). `end_ms` ends an open last segment."""
    lines = _lines_of(source)
    segments: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None  # the segment that continuation lines extend

    def close(at: int, line_no: int) -> None:
        if segments and segments[-1]["end"] is None:
            last = segments[-1]
            if at < last["start"]:
                raise TranscriptFormatError(
                    line_no, _("this time (%(time)s) must come after the segment above "
                               "(%(start)s)") % {"time": format_timestamp(at),
                                                 "start": format_timestamp(last["start"])},
                )
            last["end"] = at

    for line in lines:
        line_no = lines.line
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = None if stripped.startswith("\\") else (
            _BRACKETED.fullmatch(stripped) or _BARE.fullmatch(stripped))
        if match is None:
            if _LOOKS_TIMED.match(stripped):
                raise TranscriptFormatError(
                    line_no, _("bad time at the start of the line “%(found)s” (expected "
                               "[00:01:02.500] or 00:01:02)") % {"found": visible(stripped)},
                )
            if current is None:
                raise TranscriptFormatError(
                    line_no, _("expected a time at the start of the line, like [00:01:02.500]"))
            current["lines"].append(stripped.removeprefix("\\"))
            continue
        try:
            start = parse_timestamp(match["start"])
            end = parse_timestamp(match["end"]) if match["end"] else None
        except ValueError as error:
            raise TranscriptFormatError(line_no, str(error)) from None
        close(start, line_no)
        if end is not None:
            _check_times(line_no, start, end, segments[-1]["start"] if segments else None)
        elif segments and start < segments[-1]["start"]:
            _check_times(line_no, start, start, segments[-1]["start"])
        rest = (match["rest"] or "").strip()
        if not rest and end is None:
            current = None  # an end marker
            continue
        if len(segments) >= max_cues():
            raise too_many_cues(line_no)
        current = {"start": start, "end": end, "lines": [rest] if rest else [], "line": line_no}
        segments.append(current)

    if segments and segments[-1]["end"] is None:
        last = segments[-1]
        if end_ms is None or end_ms < last["start"]:
            raise TranscriptFormatError(
                last["line"], _("the last segment has no end: finish with a line holding only "
                                "its end time, like [00:01:30.000]"),
            )
        last["end"] = end_ms

    result = []
    for item in segments:
        speaker, body = split_speaker("\n".join(item["lines"]), speakers)
        result.append(SegmentData(item["start"], item["end"], body, speaker, line=item["line"]))
    return _result(result, lines)


def _escaped(line: str) -> str:
    """A continuation line, with a backslash before it when it would otherwise be read as
    something else: a comment, a time, or a line starting with a backslash."""
    return f"\\{line}" if line.startswith(("#", "\\")) or _LOOKS_TIMED.match(line) else line


def to_text(segments: Iterable[SegmentLike]) -> str:
    """Timed plain text that `parse_timed_text` reads back to the same times and text."""
    items = list(segments)
    out = []
    for index, segment in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        start = format_timestamp(segment.start_ms)
        lines = [line.strip() for line in segment.text.split("\n") if line.strip()]
        speaker = segment.speaker.strip()
        if lines and following is not None and following.start_ms == segment.end_ms:
            stamp = f"[{start}]"
        else:  # a last segment, a gap or overlap after it, or no text (a time alone ends one)
            stamp = f"[{start} --> {format_timestamp(segment.end_ms)}]"
        first = _guarded(lines[0], speaker, any_label=True) if lines else ""
        label = f"{speaker}: " if speaker else ""
        out.append(f"{stamp} {label}{first}".rstrip())
        out.extend(_escaped(line) for line in lines[1:])
    return "\n".join(out) + ("\n" if out else "")


# --- JSON ---------------------------------------------------------------------------------------
def segments_as_dicts(segments: Iterable[SegmentLike]) -> list[dict[str, Any]]:
    rows = []
    for index, s in enumerate(segments, start=1):
        row = {
            "index": index,
            "start_ms": s.start_ms,
            "end_ms": s.end_ms,
            "start": format_timestamp(s.start_ms),
            "end": format_timestamp(s.end_ms),
            "speaker": s.speaker,
            "text": s.text,
        }
        for key in ("cue_settings", "markup"):
            if getattr(s, key, ""):
                row[key] = getattr(s, key)
        rows.append(row)
    return rows


def to_json(segments: Iterable[SegmentLike], meta: dict[str, Any] | None = None) -> str:
    """`{...meta, "segments": [{index, start_ms, end_ms, start, end, speaker, text}]}`
    (with `cue_settings` and `markup` when a segment has them)."""
    document = {**(meta or {}), "segments": segments_as_dicts(segments)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse_json(source: Source | Lines) -> ParsedTranscript:
    """Segments of a JSON file as `to_json` writes it. The file is bounded by the size limit
    and read whole: JSON has no lines to stream."""
    lines = _lines_of(source)
    try:
        document = json.loads("\n".join(lines))
    except json.JSONDecodeError as error:
        raise TranscriptFormatError(error.lineno, _("not valid JSON: %(error)s")
                                    % {"error": error.msg}) from None
    rows = document.get("segments") if isinstance(document, dict) else None
    if not isinstance(rows, list):
        raise TranscriptFormatError(1, _("a JSON transcript is an object with a list "
                                         "“segments”"))
    if len(rows) > max_cues():
        raise too_many_cues(1)
    segments = []
    for number, row in enumerate(rows, start=1):
        try:
            start, end = row["start_ms"], row["end_ms"]
            texts = [row.get(key, "") for key in ("text", "speaker", "cue_settings", "markup")]
            valid = (all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                         for v in (start, end)) and all(isinstance(t, str) for t in texts))
        except (KeyError, TypeError, AttributeError):
            valid = False
        if not valid:
            raise TranscriptFormatError(1, _(
                "segment %(number)s needs start_ms and end_ms (whole milliseconds) and text "
                "as a string") % {"number": number})
        _check_times(1, start, end, segments[-1].start_ms if segments else None)
        text, speaker, settings, markup = (lines.without_controls(t, 1) for t in texts)
        segments.append(SegmentData(start, end, text, speaker.strip(), settings, markup))
    return _result(segments, lines)


# --- by name ------------------------------------------------------------------------------------
WRITERS = {"vtt": to_vtt, "srt": to_srt, "txt": to_text, "json": to_json}
FORMATS = tuple(WRITERS)
CONTENT_TYPES = {
    "vtt": "text/vtt; charset=utf-8",
    "srt": "application/x-subrip; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
}


def detect_format(head: list[str], filename: str = "") -> str:
    """`vtt`, `srt`, `txt` or `json`, from the file's suffix, else from its first lines."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in WRITERS:
        return suffix
    first = head[0].lstrip() if head else ""
    if first.startswith("WEBVTT"):
        return "vtt"
    if first.startswith("{"):
        return "json"
    if len(head) == 2 and first.strip().isdigit() and "-->" in head[1]:
        return "srt"
    return "txt"


def parse(source: Source, fmt: str | None = None, *, filename: str = "",
          end_ms: int | None = None, speakers: Speakers = ()) -> tuple[ParsedTranscript, str]:
    """(the file read, its format): `fmt` is `vtt`, `srt`, `txt` or `json`, by default from
    `filename` or else the first lines."""
    vtt_suffix = (filename or str(getattr(source, "name", ""))).lower().endswith(".vtt")
    lines = Lines(source, replace_invalid_utf8=fmt == "vtt" or vtt_suffix)
    if fmt is None:
        head = [line for _index, line in zip(range(2), lines, strict=False)]
        for line in reversed(head):
            lines.push_back(line)
        fmt = detect_format(head, filename or lines.name)
    if fmt == "vtt":
        lines.replace_invalid_utf8 = True  # as a browser does
        return parse_vtt(lines), fmt
    if fmt == "srt":
        return parse_srt(lines, speakers), fmt
    if fmt == "txt":
        return parse_timed_text(lines, end_ms=end_ms, speakers=speakers), fmt
    if fmt == "json":
        return parse_json(lines), fmt
    raise ValueError(f"unknown transcript format: {fmt}")
