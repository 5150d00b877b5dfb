"""A transcript file as a stream of lines, within the size limit, safe to store.

Every format reads its file through `Lines`: the bytes are read a line at a time (never the
whole file), decoded as UTF-8, a byte-order mark dropped, CR LF and lone CR made into line
ends (as the WebVTT specification's preprocessing does), and NUL and the other control
characters except the tab replaced by U+FFFD, with a warning naming the line. PostgreSQL
refuses NUL in text; no other control character belongs in a transcript either.

`visible()` shows a line inside a message: cut to a readable length, with invisible
characters (controls, zero-width and direction marks, odd spaces) written as `<U+200B>`.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

Source = str | bytes | os.PathLike | IO

# C0 controls but the tab (line ends are gone already), DEL, and the C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
QUOTE_LENGTH = 80
MAX_WARNINGS = 200  # kept for the archivist; the rest are counted


class TranscriptFormatError(ValueError):
    """A file that cannot be read, with the 1-based line of the first problem."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(_("line %(line)s: %(message)s") % {"line": line, "message": message})


@dataclass(frozen=True)
class TranscriptWarning:
    """Something a reader skipped or changed, and where: shown before and after an import."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


def visible(text: str, limit: int = QUOTE_LENGTH) -> str:
    """`text` for a message: at most `limit` characters (then “…”), invisible ones named."""
    shown = []
    length = 0
    for char in text:
        category = unicodedata.category(char)
        if char == "\t":
            piece = "<TAB>"
        elif category in ("Cc", "Cf", "Co", "Cn", "Zl", "Zp") or (
                category == "Zs" and char != " "):
            piece = f"<U+{ord(char):04X}>"
        else:
            piece = char
        if length + len(piece) > limit:
            shown.append("…")
            break
        shown.append(piece)
        length += len(piece)
    return "".join(shown)


def max_bytes() -> int:
    return settings.TRANSCRIPT_MAX_BYTES


def max_cues() -> int:
    return settings.TRANSCRIPT_MAX_CUES


def _too_big(size: int) -> TranscriptFormatError:
    return TranscriptFormatError(1, _(
        "the file is %(size)s MB, more than the %(limit)s MB a transcript may be; split it "
        "into several media or ask an administrator to raise TRANSCRIPT_MAX_BYTES"
    ) % {"size": f"{size / 1_000_000:.1f}", "limit": f"{max_bytes() / 1_000_000:g}"})


def too_many_cues(line: int) -> TranscriptFormatError:
    return TranscriptFormatError(line, _(
        "the file holds more than %(limit)s cues, the most a transcript may have (setting "
        "TRANSCRIPT_MAX_CUES)") % {"limit": max_cues()})


def _binary(source: Source) -> tuple[IO[bytes], int | None, str]:
    """(binary stream, size if known, file name) of a source. Strings are content."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        return path.open("rb"), path.stat().st_size, path.name
    if isinstance(source, str):
        source = source.encode("utf-8")
    if isinstance(source, bytes):
        return io.BytesIO(source), len(source), ""
    size = getattr(source, "size", None)
    name = os.path.basename(str(getattr(source, "name", "") or ""))
    if hasattr(source, "seek"):
        source.seek(0)
    if isinstance(source, io.TextIOBase):
        raise TypeError("open transcript files in binary mode")
    return source, size, name


class Lines:
    """The lines of a source (without their line ends), numbered from 1, read as a stream.

    Iterate once. `line` is the number of the last line given; `warnings` holds what was
    replaced. A line may be pushed back (`push_back`) to be given again, as the WebVTT
    parser needs. Raises `TranscriptFormatError` past `TRANSCRIPT_MAX_BYTES`.
    """

    def __init__(self, source: Source, *, replace_invalid_utf8: bool = False) -> None:
        self._stream, size, self.name = _binary(source)
        self._owned = isinstance(source, os.PathLike)
        if size is not None and size > max_bytes():
            self.close()
            raise _too_big(size)
        self.replace_invalid_utf8 = replace_invalid_utf8
        self.line = 0
        self.warnings: list[TranscriptWarning] = []
        self.skipped_warnings = 0
        self._pending: list[str] = []
        self._iterator = self._read()

    def warn(self, line: int, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(TranscriptWarning(line, message))
        else:
            self.skipped_warnings += 1

    def close(self) -> None:
        if self._owned:
            self._stream.close()

    def _read(self) -> Iterator[str]:
        read = 0
        first = True
        limit = max_bytes() + 1  # a longer line is refused before it is all in memory
        try:
            while raw := self._stream.readline(limit):
                read += len(raw)
                if read > max_bytes():
                    raise _too_big(read)
                for piece in raw.rstrip(b"\n").removesuffix(b"\r").split(b"\r"):
                    if first:
                        piece, first = piece.removeprefix(codecs.BOM_UTF8), False
                    yield self._decode(piece)
        finally:
            self.close()

    def _decode(self, piece: bytes) -> str:
        number = self.line + 1
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError:
            if not self.replace_invalid_utf8:
                raise TranscriptFormatError(number, _(
                    "the file is not UTF-8 text: save it again as UTF-8")) from None
            text = piece.decode("utf-8", errors="replace")
            self.warn(number, _("bytes that are not UTF-8 were replaced by “\ufffd”"))
        return self.without_controls(text, number)

    def without_controls(self, text: str, line: int) -> str:
        """`text` with control characters (but the tab and line ends) made U+FFFD, with a
        warning for `line`."""
        if _CONTROLS.search(text):
            self.warn(line, _("invisible control characters replaced by “\ufffd”: %(line)s")
                      % {"line": visible(text)})
            text = _CONTROLS.sub("\ufffd", text)
        return text

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        text = self._pending.pop() if self._pending else next(self._iterator)
        self.line += 1
        return text

    def push_back(self, text: str) -> None:
        """Gives `text` (the last line read) again at the next `next()`."""
        self._pending.append(text)
        self.line -= 1
