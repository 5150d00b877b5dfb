"""Reading and writing timed text: WebVTT, SRT, timed plain text, JSON.

Every parser returns a list of `SegmentData` (times in integer milliseconds, exact) or raises
`TranscriptFormatError(line, message)` with the 1-based line of the first problem. Parsing is
strict: anything a lenient player would skip or guess at is refused, so that an archivist learns
about it before the transcript is saved.

WebVTT and SRT are read by webvtt-py and srt. Those libraries skip or merge malformed blocks
and do not report line numbers, so a first pass here walks the lines, checks the structure and
the timing lines, and knows where each cue starts; the libraries then give the values.

Speakers
    WebVTT: the voice span of the cue, `<v Awa K.>Je suis partie…`. SRT and timed text have
    no speaker field: a first line of the form `Name: text` (the name at most 40 characters and
    4 words, a space after the colon; `Awa K. : text`, French style, works too) gives the
    speaker. The exporters write speakers the same way, so a round trip keeps them.

Timed plain text (``.txt``)
    One segment per line, starting with its start time, in square brackets or bare::

        # Lines starting with '#' are comments.
        [00:00:00.000] Animatrice: Pouvez-vous vous présenter ?
        [00:00:02.500] Awa K.: Je m'appelle Awa.
        A line without a time continues the segment above it.
        [00:00:05 --> 00:00:07.250] A segment can give its own end after an arrow.
        00:00:09.000 Brackets are optional.
        [00:00:12.000]

    Times are `[h:]mm:ss` with an optional fraction of 1-3 digits after `.` or `,` (`.5` is 500
    ms). A segment without an explicit end ends where the next one starts. A time alone on a
    line ends the segment above it and starts nothing; the last segment needs such a line, an
    explicit end, or the media's duration passed as `end_ms`. Start times never go back. A
    backslash at the start of a text line is dropped and makes the line plain text: `\\#1`,
    `\\10:30 du matin` continue a segment, `[00:00:01] \\Attention: …` has no speaker.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import srt
import webvtt
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

MS_PER_HOUR = 3_600_000


class TranscriptFormatError(ValueError):
    """A file that cannot be read, with the 1-based line of the first problem."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(_("line %(line)s: %(message)s") % {"line": line, "message": message})


@dataclass(frozen=True)
class SegmentData:
    """One timed segment read from a file (or about to be written to one)."""

    start_ms: int
    end_ms: int
    text: str
    speaker: str = ""
    line: int | None = field(default=None, compare=False)  # where it was read, for messages


class SegmentLike(Protocol):
    start_ms: int
    end_ms: int
    speaker: str
    text: str


# --- timestamps ---------------------------------------------------------------------------------
_LOOSE_TIME = r"(?:\d{1,10}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_LOOSE_TIME_PARTS = re.compile(r"(?:(\d{1,10}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def parse_timestamp(value: str) -> int:
    """`[h:]mm:ss[.fff]` (or `,fff`) in milliseconds. Raises ValueError."""
    match = _LOOSE_TIME_PARTS.fullmatch(value.strip())
    if not match:
        raise ValueError(_("“%(value)s” is not a time like 00:01:02.500") % {"value": value})
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) > 59 or int(seconds) > 59:
        raise ValueError(_("“%(value)s” has minutes or seconds over 59") % {"value": value})
    return (
        ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
        + int((fraction or "0").ljust(3, "0"))
    )


def format_timestamp(ms: int, separator: str = ".") -> str:
    """`HH:MM:SS.mmm` (hours grow past 99 when needed); `separator=","` for SRT."""
    if ms < 0:
        raise ValueError(f"negative time: {ms} ms")
    hours, rest = divmod(ms, MS_PER_HOUR)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


# --- shared helpers -----------------------------------------------------------------------------
def decode(data: str | bytes) -> str:
    """Text with a byte-order mark removed and every line ending turned into `\\n`."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise TranscriptFormatError(line, _("the file is not UTF-8 text")) from None
    data = data.removeprefix("\ufeff")
    return re.sub(r"\r\n|\r", "\n", data)


def _lines(text: str) -> list[str]:
    """Lines of decoded text; lines of only spaces count as empty (they end a block)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return ["" if not line.strip() else line for line in lines]


def _blocks(lines: Sequence[str], first: int) -> Iterable[tuple[int, list[str]]]:
    """Runs of non-empty lines from index `first`, with the 1-based line of each run's start."""
    block: list[str] = []
    start = 0
    for index in range(first, len(lines)):
        line = lines[index]
        if line:
            if not block:
                start = index + 1
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


_SPEAKER = re.compile(
    r"(?P<speaker>[^\s:<>\[\]#][^:<>\[\]\n]{0,39}?)\s?:(?:\s+(?P<text>\S.*)|\s*)", re.S
)


def split_speaker(text: str) -> tuple[str, str]:
    """(speaker, text) from `Name: text` (or `Name:` alone, for a segment without words), or
    ("", text) when the text starts otherwise."""
    match = _SPEAKER.fullmatch(text)
    if match and len(match["speaker"].split()) <= 4:
        return match["speaker"].strip(), match["text"] or ""
    return "", text


def _clean_text(lines: Iterable[str]) -> str:
    return "\n".join(line.strip() for line in lines if line.strip())


def _check_times(line: int, start: int, end: int, previous_start: int | None) -> None:
    if end <= start:
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
                        % {"which": which, "value": value, "example": example.split()[0]},
                    )
        raise TranscriptFormatError(
            line_no, _("expected a timing line like “%(example)s”, found “%(found)s”")
            % {"example": example, "found": line.strip()},
        )
    try:
        return parse_timestamp(match[1]), parse_timestamp(match[2])
    except ValueError as error:
        raise TranscriptFormatError(line_no, str(error)) from None


def _line_of_offset(text: str, offset: int) -> int:
    return text.count("\n", 0, max(offset, 0)) + 1


# --- WebVTT -------------------------------------------------------------------------------------
_VTT_TIME = r"(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}"
_VTT_EXAMPLE = "00:00:01.000 --> 00:00:04.000"


def parse_vtt(data: str | bytes) -> list[SegmentData]:
    """Cues of a WebVTT file. NOTE, STYLE and REGION blocks are skipped."""
    text = decode(data)
    lines = _lines(text)
    if not lines or not re.fullmatch(r"WEBVTT(?:[ \t].*)?", lines[0]):
        raise TranscriptFormatError(1, _("a WebVTT file must start with the line “WEBVTT”"))
    header_end = 1
    while header_end < len(lines) and lines[header_end]:
        if "-->" in lines[header_end]:
            raise TranscriptFormatError(
                header_end + 1, _("an empty line must separate the header from the first cue"))
        header_end += 1

    cues: list[tuple[int, int, int]] = []  # (timing line, start, end)
    previous_start = None
    for first_line, block in _blocks(lines, header_end):
        if re.match(r"(NOTE|STYLE|REGION)(?:[ \t]|$)", block[0]):
            continue
        if "-->" in block[0]:
            timing_at = 0
        elif len(block) > 1 and "-->" in block[1]:
            timing_at = 1
        else:
            # The timing line is missing or lost its arrow: blame the line meant to hold it.
            at = 1 if len(block) > 1 and not re.match(r"\d+:\d", block[0]) else 0
            raise TranscriptFormatError(
                first_line + at, _("expected a cue timing line like “%(example)s”, found "
                                   "“%(found)s”") % {"example": _VTT_EXAMPLE, "found": block[at]},
            )
        line_no = first_line + timing_at
        start, end = _timing_line(line_no, block[timing_at], _VTT_TIME, _VTT_EXAMPLE)
        _check_times(line_no, start, end, previous_start)
        for offset, payload in enumerate(block[timing_at + 1:], start=timing_at + 1):
            if "-->" in payload:
                raise TranscriptFormatError(
                    first_line + offset,
                    _("“-->” in cue text: an empty line must come before a new cue"),
                )
        cues.append((line_no, start, end))
        previous_start = start

    try:
        captions = webvtt.from_string("\n".join(lines), strict=True).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        raise TranscriptFormatError(cues[0][0] if cues else 1, str(error)) from None
    if len(captions) != len(cues):
        raise TranscriptFormatError(cues[0][0] if cues else 1, _("unreadable cues"))

    segments = []
    for (line_no, start, end), caption in zip(cues, captions, strict=True):
        if (caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()) != (
            start, end
        ):
            raise TranscriptFormatError(line_no, _("unreadable cue timing"))
        speaker = html.unescape(caption.voice or "").strip()
        segments.append(SegmentData(
            start_ms=start, end_ms=end, speaker=speaker,
            text=html.unescape(_clean_text(caption.text.split("\n"))), line=line_no,
        ))
    return segments


def _vtt_escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(segments: Iterable[SegmentLike]) -> str:
    """A WebVTT file; speakers as voice spans."""
    captions = []
    for segment in segments:
        body = _vtt_escape(_clean_text(segment.text.split("\n")))
        if segment.speaker.strip():
            body = f"<v {_vtt_escape(segment.speaker.strip())}>{body}"
        captions.append(webvtt.Caption(
            start=format_timestamp(segment.start_ms), end=format_timestamp(segment.end_ms),
            text=body,
        ))
    return webvtt.WebVTT(captions=captions).content


# --- SRT ----------------------------------------------------------------------------------------
_SRT_TIME = r"\d{2,}:\d{2}:\d{2}[,.]\d{3}"
_SRT_EXAMPLE = "00:00:01,000 --> 00:00:04,000"
_SRT_TAGS = re.compile(r"</?(?:i|b|u|font)(?:\s[^>]*)?>|\{\\[^}]*\}", re.I)


def parse_srt(data: str | bytes, speaker_labels: bool = True) -> list[SegmentData]:
    """Subtitles of an SRT file. Formatting tags (<i>, <b>, <font>, {\\an8}) are dropped."""
    text = decode(data)
    lines = _lines(text)
    blocks = []  # (number line, timing line, start, end)
    previous_start = None
    for first_line, block in _blocks(lines, 0):
        if not re.fullmatch(r"\s*\d+\s*", block[0]):
            raise TranscriptFormatError(
                first_line, _("expected a subtitle number, found “%(found)s”")
                % {"found": block[0].strip()},
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
        blocks.append((first_line, line_no, start, end))
        previous_start = start

    try:
        subtitles = list(srt.parse("\n".join(lines) + "\n"))
    except srt.SRTParseError as error:
        raise TranscriptFormatError(
            _line_of_offset(text, error.expected_start), _("unreadable subtitle")
        ) from None
    if len(subtitles) != len(blocks):
        raise TranscriptFormatError(blocks[0][0] if blocks else 1, _("unreadable subtitles"))

    segments = []
    one_ms = timedelta(milliseconds=1)
    for (_number_line, line_no, start, end), subtitle in zip(blocks, subtitles, strict=True):
        if (subtitle.start // one_ms, subtitle.end // one_ms) != (start, end):
            raise TranscriptFormatError(line_no, _("unreadable subtitle timing"))
        body = _clean_text(_SRT_TAGS.sub("", subtitle.content).split("\n"))
        speaker, body = split_speaker(body) if speaker_labels else ("", body)
        segments.append(SegmentData(start, end, body, speaker, line=line_no))
    return segments


def _labelled(segment: SegmentLike) -> str:
    body = _clean_text(segment.text.split("\n"))
    speaker = segment.speaker.strip()
    return f"{speaker}: {body}" if speaker else body


def to_srt(segments: Iterable[SegmentLike]) -> str:
    """An SRT file, numbered from 1; speakers as `Name: ` before the text."""
    subtitles = [
        srt.Subtitle(
            index=index, start=timedelta(milliseconds=s.start_ms),
            end=timedelta(milliseconds=s.end_ms), content=_labelled(s),
        )
        for index, s in enumerate(segments, start=1)
    ]
    # Not srt's reindexing, which drops subtitles without text (a translation's empty drafts);
    # not its strict mode either: _labelled() already leaves no empty line inside a text.
    return srt.compose(subtitles, reindex=False, strict=False)


# --- timed plain text ---------------------------------------------------------------------------
_BRACKETED = re.compile(
    rf"\[\s*(?P<start>{_LOOSE_TIME})(?:\s*-->\s*(?P<end>{_LOOSE_TIME}))?\s*\]\s*(?P<rest>.*)"
)
_BARE = re.compile(
    rf"(?P<start>{_LOOSE_TIME})(?:\s*-->\s*(?P<end>{_LOOSE_TIME}))?(?:\s+(?P<rest>.*))?"
)
_LOOKS_TIMED = re.compile(r"\[|\d{1,10}:\d")


def parse_timed_text(
    data: str | bytes, end_ms: int | None = None, speaker_labels: bool = True
) -> list[SegmentData]:
    """Timed plain text (see the module's docstring). `end_ms` ends an open last segment."""
    lines = _lines(decode(data))
    segments: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None  # the segment that continuation lines extend

    def close(at: int, line_no: int) -> None:
        if segments and segments[-1]["end"] is None:
            last = segments[-1]
            if at <= last["start"]:
                raise TranscriptFormatError(
                    line_no, _("this time (%(time)s) must come after the segment above "
                               "(%(start)s)") % {"time": format_timestamp(at),
                                                 "start": format_timestamp(last["start"])},
                )
            last["end"] = at

    for index, line in enumerate(lines):
        line_no = index + 1
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = None if stripped.startswith("\\") else (
            _BRACKETED.fullmatch(stripped) or _BARE.fullmatch(stripped))
        if match is None:
            if _LOOKS_TIMED.match(stripped):
                raise TranscriptFormatError(
                    line_no, _("bad time at the start of the line “%(found)s” (expected "
                               "[00:01:02.500] or 00:01:02)") % {"found": stripped},
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
            _check_times(line_no, start, start + 1, segments[-1]["start"])
        rest = (match["rest"] or "").strip()
        if not rest and end is None:
            current = None  # an end marker
            continue
        current = {"start": start, "end": end, "lines": [rest.removeprefix("\\")] if rest else [],
                   "line": line_no, "literal": rest.startswith("\\")}
        segments.append(current)

    if segments and segments[-1]["end"] is None:
        last = segments[-1]
        if end_ms is None or end_ms <= last["start"]:
            raise TranscriptFormatError(
                last["line"], _("the last segment has no end: finish with a line holding only "
                                "its end time, like [00:01:30.000]"),
            )
        last["end"] = end_ms

    result = []
    for item in segments:
        body = "\n".join(item["lines"])
        literal = item["literal"] or not speaker_labels
        speaker, body = ("", body) if literal else split_speaker(body)
        result.append(SegmentData(item["start"], item["end"], body, speaker, line=item["line"]))
    return result


def _escaped(line: str, first: bool, speaker: str) -> str:
    """A text line, with a backslash before it when it would otherwise be read as something
    else: a comment, a time, or (first line without a speaker) a speaker label."""
    risky = line.startswith(("#", "\\")) or _LOOKS_TIMED.match(line)
    if first and not speaker and split_speaker(line)[0]:
        risky = True
    return f"\\{line}" if risky else line


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
        first = _escaped(lines[0], True, speaker) if lines else ""
        label = f"{speaker}: " if speaker else ""
        out.append(f"{stamp} {label}{first}".rstrip())
        out.extend(_escaped(line, False, speaker) for line in lines[1:])
    return "\n".join(out) + ("\n" if out else "")


# --- JSON ---------------------------------------------------------------------------------------
def segments_as_dicts(segments: Iterable[SegmentLike]) -> list[dict[str, Any]]:
    return [
        {
            "index": index,
            "start_ms": s.start_ms,
            "end_ms": s.end_ms,
            "start": format_timestamp(s.start_ms),
            "end": format_timestamp(s.end_ms),
            "speaker": s.speaker,
            "text": s.text,
        }
        for index, s in enumerate(segments, start=1)
    ]


def to_json(segments: Iterable[SegmentLike], meta: dict[str, Any] | None = None) -> str:
    """`{...meta, "segments": [{index, start_ms, end_ms, start, end, speaker, text}]}`."""
    document = {**(meta or {}), "segments": segments_as_dicts(segments)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- by name ------------------------------------------------------------------------------------
PARSERS = {"vtt": parse_vtt, "srt": parse_srt, "txt": parse_timed_text}
WRITERS = {"vtt": to_vtt, "srt": to_srt, "txt": to_text, "json": to_json}
CONTENT_TYPES = {
    "vtt": "text/vtt; charset=utf-8",
    "srt": "application/x-subrip; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
}


def detect_format(text: str, filename: str = "") -> str:
    """`vtt`, `srt` or `txt`, from the file's suffix, else from its first lines."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in PARSERS:
        return suffix
    head = decode(text[:2048]).lstrip("\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    first_lines = head.split("\n")[:2]
    if (len(first_lines) == 2 and first_lines[0].strip().isdigit()
            and "-->" in first_lines[1]):
        return "srt"
    return "txt"


def parse(data: str | bytes, fmt: str, end_ms: int | None = None) -> list[SegmentData]:
    """Parse `data` in format `fmt` (`vtt`, `srt` or `txt`)."""
    if fmt == "txt":
        return parse_timed_text(data, end_ms=end_ms)
    try:
        parser = PARSERS[fmt]
    except KeyError:
        raise ValueError(f"unknown transcript format: {fmt}") from None
    return parser(data)
