"""WebVTT read as the W3C specification's parser reads it (WebVTT, section "Parsing").

The file parser, the cue timings and settings, the region settings and the cue text are
parsed by the steps of the specification, so that the importer keeps the cues a browser
shows: a signature other than `WEBVTT` is refused; a block without a valid timing line, an
invalid or unknown setting, a `STYLE` or `REGION` block after the first cue are skipped, as
a browser skips them, and each is reported as a warning naming its line. Departures, each
reported too: a cue ending before it starts is skipped (a browser keeps it but never shows
it, and a segment cannot run backwards); control characters other than the tab are replaced
by U+FFFD like NUL (see `reading`); style sheets are not kept.

What a segment keeps of a cue:
- `text`: the cue text as plain text (tags dropped, entities decoded, ruby text left out);
- `speaker`: the voice (`<v Awa K.>`), or the voices in order, joined by “, ”;
- `cue_settings`: the settings in force (the last valid value of each), for re-export;
- `markup`: the cue text as written, when it says more than `text` and `speaker` do
  (classes, ruby, several voices, timestamps, styling tags). The writer uses it as long as
  it still reads as the segment's text and speaker, so an edited segment is written from
  its plain text again.
The file's `REGION` blocks come back as `ParsedTranscript.regions`, written again before the cues.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.translation import gettext as _

from .reading import Lines, Source, TranscriptFormatError, max_cues, too_many_cues, visible
from .segments import ParsedTranscript, SegmentData, SegmentLike, clean_text, format_timestamp

_WHITESPACE = " \t\n\f\r"
_DIGITS = re.compile(r"\d+")
_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?%")


# --- timestamps and settings (the specification's "collect" steps) --------------------------
def collect_timestamp(text: str, position: int) -> tuple[int, int] | None:
    """(milliseconds, new position) of a WebVTT timestamp at `position`, or None."""
    def digits(at: int) -> tuple[str, int]:
        match = _DIGITS.match(text, at)
        return (match[0], match.end()) if match else ("", at)

    first, position = digits(position)
    if not first:
        return None
    hours_first = len(first) != 2 or int(first) > 59
    if text[position:position + 1] != ":":
        return None
    second, position = digits(position + 1)
    if len(second) != 2:
        return None
    if hours_first or text[position:position + 1] == ":":
        if text[position:position + 1] != ":":
            return None
        third, position = digits(position + 1)
        if len(third) != 2:
            return None
        hours, minutes, seconds = int(first), int(second), int(third)
    else:
        hours, minutes, seconds = 0, int(first), int(second)
    if text[position:position + 1] != ".":
        return None
    millis, position = digits(position + 1)
    if len(millis) != 3 or minutes > 59 or seconds > 59:
        return None
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(millis), position


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


def collect_timings(line: str) -> tuple[int, int, str] | None:
    """(start, end, settings text) of a cue timing line, or None when a browser drops it."""
    position = _skip_whitespace(line, 0)
    start = collect_timestamp(line, position)
    if start is None:
        return None
    position = _skip_whitespace(line, start[1])
    if line[position:position + 3] != "-->":
        return None
    end = collect_timestamp(line, _skip_whitespace(line, position + 3))
    if end is None:
        return None
    return start[0], end[0], line[end[1]:]


def _percentage(value: str) -> bool:
    return bool(_PERCENTAGE.fullmatch(value)) and float(value[:-1]) <= 100


def _line_value_ok(value: str) -> bool:
    position, _comma, align = value.partition(",")
    if _comma and align not in ("start", "center", "end"):
        return False
    if (not position or re.search(r"[^\d\-%.]", position) or not re.search(r"\d", position)
            or "-" in position[1:] or position.count(".") > 1 or "%" in position[:-1]):
        return False
    if "." in position:
        dot = position.index(".")
        if not (dot > 0 and position[dot - 1].isdigit() and position[dot + 1:dot + 2].isdigit()):
            return False
    if position.endswith("%"):
        return _percentage(position)
    return "." not in position


_CUE_SETTINGS = {
    "vertical": lambda value: value in ("rl", "lr"),
    "line": _line_value_ok,
    "position": lambda value: _percentage(value.partition(",")[0]) and (
        value.partition(",")[1] == "" or value.partition(",")[2] in (
            "line-left", "center", "line-right")),
    "size": _percentage,
    "align": lambda value: value in ("start", "center", "end", "left", "right"),
}
_SETTING_ORDER = ("region", "vertical", "line", "position", "size", "align")


def parse_cue_settings(text: str, regions: dict[str, str], warn) -> str:
    """The settings in force, canonical (`region:… line:… align:…`); `warn(message)` for
    each one a browser ignores."""
    settings: dict[str, str] = {}
    for setting in text.split():
        name, colon, value = setting.partition(":")
        if not colon or not name or not value:
            warn(_("cue setting “%(setting)s” ignored: a setting is name:value")
                 % {"setting": visible(setting)})
        elif name == "region":
            if value in regions:
                settings["region"] = value
            else:
                settings.pop("region", None)
                warn(_("cue setting “%(setting)s” ignored: no region has that id")
                     % {"setting": visible(setting)})
        elif name not in _CUE_SETTINGS:
            warn(_("unknown cue setting “%(setting)s” ignored") % {"setting": visible(setting)})
        elif _CUE_SETTINGS[name](value):
            settings[name] = value
        else:
            warn(_("cue setting “%(setting)s” ignored: its value is not valid")
                 % {"setting": visible(setting)})
    return " ".join(f"{name}:{settings[name]}" for name in _SETTING_ORDER if name in settings)


def _anchor_ok(value: str) -> bool:
    x, comma, y = value.partition(",")
    return bool(comma) and _percentage(x) and _percentage(y)


_REGION_SETTINGS = {
    "id": lambda value: "-->" not in value,
    "width": _percentage,
    "lines": lambda value: value.isascii() and value.isdigit(),
    "regionanchor": _anchor_ok,
    "viewportanchor": _anchor_ok,
    "scroll": lambda value: value == "up",
}


def parse_region(lines: Iterable[tuple[int, str]], warn) -> tuple[str, str]:
    """(id, canonical REGION block) from a REGION block's (line number, text) after the word
    REGION; `warn(line, message)` for each setting a browser ignores."""
    settings: dict[str, str] = {}
    for line_no, text in lines:
        for setting in text.split():
            name, colon, value = setting.partition(":")
            if colon and name and value and _REGION_SETTINGS.get(name, bool)(value) and (
                    name in _REGION_SETTINGS):
                settings[name] = value
                continue
            warn(line_no, _("region setting “%(setting)s” ignored")
                 % {"setting": visible(setting)})
    block = " ".join(f"{name}:{value}" for name, value in settings.items())
    return settings.get("id", ""), f"REGION\n{block}" if block else "REGION"


# --- cue text -------------------------------------------------------------------------------
_TOKEN = re.compile(r"<([^>]*)(?:>|$)|([^<]+)")
_KNOWN_TAGS = {"c", "i", "b", "u", "ruby", "rt", "v", "lang"}


def _tag(body: str) -> tuple[str, str, str]:
    """(kind, name, annotation) of what is between `<` and `>`: kind is start, end or time."""
    if body.startswith("/"):
        return "end", re.split(r"[\t\n\f\r .]", body[1:], maxsplit=1)[0], ""
    if body[:1].isdigit():
        return "time", body, ""
    match = re.match(r"([^\t\n\f\r .]*)((?:\.[^\t\n\f\r .]*)*)(?:[\t\n\f\r ](.*))?", body, re.S)
    name, annotation = match[1], match[3] or ""
    annotation = " ".join(html.unescape(annotation).split())
    return "start", name, annotation


def read_cue_text(markup: str) -> tuple[str, str]:
    """(plain text, speaker) of cue text, by the specification's cue text parsing rules:
    known tags nest, unmatched end tags and unknown tags are ignored, `<rt>` counts only
    inside `<ruby>`, and ruby text is not part of the plain text."""
    if "<" not in markup and "&" not in markup:
        return clean_text(markup.split("\n")), ""
    stack: list[str] = []
    text: list[str] = []
    voices: list[str] = []
    for match in _TOKEN.finditer(markup):
        if match[2] is not None:
            if "rt" not in stack:
                text.append(html.unescape(match[2]))
            continue
        kind, name, annotation = _tag(match[1])
        if kind == "start" and name in _KNOWN_TAGS:
            if name == "rt" and (not stack or stack[-1] != "ruby"):
                continue
            stack.append(name)
            if name == "v" and annotation and annotation not in voices:
                voices.append(annotation)
        elif kind == "end" and stack:
            if name == stack[-1]:
                stack.pop()
            elif name == "ruby" and stack[-1] == "rt":
                del stack[-2:]
    return clean_text("".join(text).split("\n")), ", ".join(voices)


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_cue_text(text: str, speaker: str) -> str:
    """The cue text written for a segment from its text and speaker alone."""
    body = _escape(clean_text(text.split("\n")))
    return f"<v {_escape(speaker.strip())}>{body}" if speaker.strip() else body


# --- the file parser --------------------------------------------------------------------------
def _signature_ok(line: str) -> bool:
    return line == "WEBVTT" or (line.startswith("WEBVTT") and line[6] in " \t")


@dataclass
class _Block:
    first_line: int
    lines: list[str] = field(default_factory=list)
    timing_line: int = 0
    timing_text: str = ""
    timings: tuple[int, int, str] | None = None
    seen_arrow: bool = False


class _Parser:
    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.result = ParsedTranscript([])
        self.regions: dict[str, str] = {}  # id -> canonical block, in file order
        self.seen_cue = False

    def _next(self) -> str | None:
        return next(self.lines, None)

    def parse(self) -> ParsedTranscript:
        signature = self._next()
        if signature is None or not _signature_ok(signature):
            raise TranscriptFormatError(1, _(
                "a WebVTT file must start with the line “WEBVTT”, found “%(found)s”")
                % {"found": visible(signature or "")})
        line = self._next()
        if line is not None and line != "":
            self.lines.push_back(line)
            self._collect_block(in_header=True)
        while (line := self._next()) is not None:
            if line == "":
                continue
            self.lines.push_back(line)
            self._collect_block(in_header=False)
        self.result.regions = "\n\n".join(self.regions.values())
        return self.result

    def _collect_block(self, in_header: bool) -> None:
        """The specification's "collect a WebVTT block", line by line."""
        block = _Block(first_line=self.lines.line + 1)
        kind = ""  # "style" or "region" once line 2 shows which
        while (line := self._next()) is not None:
            count = self.lines.line - block.first_line + 1
            if "-->" in line:
                if not in_header and (count == 1 or (count == 2 and not block.seen_arrow)):
                    block.seen_arrow = True
                    block.timing_line, block.timing_text = self.lines.line, line
                    block.timings = collect_timings(line)
                    if block.timings is not None:
                        block.lines = []  # the identifier, not kept
                        self.seen_cue = True
                    continue
                self.lines.push_back(line)
                break
            if line == "":
                break
            if not in_header and count == 2 and not block.seen_arrow and not self.seen_cue:
                first = block.lines[0] if block.lines else ""
                if re.match(r"STYLE(?:[ \t]|$)", first):
                    kind = "style"
                elif re.match(r"REGION(?:[ \t]|$)", first):
                    kind = "region"
            block.lines.append(line)
        if in_header:
            return
        self._finish(block, kind)

    def _finish(self, block: _Block, kind: str) -> None:
        warn = self.lines.warn
        if block.timings is not None:
            self._add_cue(block)
        elif block.seen_arrow:
            warn(block.timing_line, _(
                "cue skipped: its timing line “%(found)s” is not “start --> end” with times "
                "like 00:01:02.500") % {"found": visible(block.timing_text)})
        elif kind == "region":
            region_id, text = parse_region(
                ((block.first_line + index, line[len("REGION"):] if index == 0 else line)
                 for index, line in enumerate(block.lines)), warn)
            if region_id:
                self.regions.pop(region_id, None)
                self.regions[region_id] = text
        elif kind == "style":
            warn(block.first_line, _("style sheet not kept: captions use the player's style"))
        elif block.lines and not re.match(r"NOTE(?:[ \t]|$)", block.lines[0]) and any(
                line.strip() for line in block.lines):
            first = block.lines[0]
            if re.match(r"(STYLE|REGION)(?:[ \t]|$)", first) and self.seen_cue:
                message = _("%(block)s block skipped: it must come before the first cue") % {
                    "block": first.split()[0]}
            else:
                message = _("text skipped: no cue timing line before “%(found)s”") % {
                    "found": visible(first)}
            warn(block.first_line, message)

    def _add_cue(self, block: _Block) -> None:
        start, end, settings_text = block.timings
        line_no = block.timing_line
        if end < start:
            self.lines.warn(line_no, _(
                "cue skipped: it ends (%(end)s) before it starts (%(start)s)")
                % {"end": format_timestamp(end), "start": format_timestamp(start)})
            return
        segments = self.result.segments
        if len(segments) >= max_cues():
            raise too_many_cues(line_no)
        settings = parse_cue_settings(
            settings_text, self.regions, lambda message: self.lines.warn(line_no, message))
        markup = "\n".join(block.lines)
        text, speaker = read_cue_text(markup)
        if markup == plain_cue_text(text, speaker):
            markup = ""
        segments.append(SegmentData(start, end, text, speaker, cue_settings=settings,
                                    markup=markup, line=line_no))


def parse_vtt(source: Source | Lines) -> ParsedTranscript:
    """The cues (as segments), regions and warnings of a WebVTT file."""
    lines = source if isinstance(source, Lines) else Lines(source, replace_invalid_utf8=True)
    result = _Parser(lines).parse()
    result.warnings, result.more_warnings = lines.warnings, lines.skipped_warnings
    segments = result.segments
    if any(later.start_ms < earlier.start_ms for earlier, later in pairwise(segments)):
        segments.sort(key=lambda segment: segment.start_ms)  # stable: the player's order
    return result


# --- writing ----------------------------------------------------------------------------------
def cue_text(segment: SegmentLike) -> str:
    """The segment's markup while it still reads as its text and speaker, else plain."""
    markup = getattr(segment, "markup", "")
    if markup and read_cue_text(markup) == (clean_text(segment.text.split("\n")),
                                            segment.speaker.strip()):
        return markup
    return plain_cue_text(segment.text, segment.speaker)


def to_vtt(segments: Iterable[SegmentLike], regions: str = "") -> str:
    """A WebVTT file: regions, then each cue with its settings, voices and markup."""
    out = ["WEBVTT\n"]
    if regions:
        out.append(f"\n{regions}\n")
    for segment in segments:
        settings = getattr(segment, "cue_settings", "")
        timing = f"{format_timestamp(segment.start_ms)} --> {format_timestamp(segment.end_ms)}"
        body = cue_text(segment)
        out.append(f"\n{timing} {settings}\n" if settings else f"\n{timing}\n")
        if body:
            out.append(f"{body}\n")
    return "".join(out)
