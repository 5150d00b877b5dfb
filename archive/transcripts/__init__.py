"""Transcripts: reading and writing timed-text files, importing them, and editing operations.

- `formats`: parse WebVTT, SRT and timed plain text into `SegmentData`; write WebVTT, SRT, plain
  text and JSON. Pure functions, no database.
- `importing`: `import_transcript()`, all or nothing.
- `operations`: split, merge, shift and translate, used by the models and the admin.
- `redaction`: segments inside a media's redacted time ranges, kept out of every public surface.
"""

from .formats import SegmentData, TranscriptFormatError

__all__ = ["SegmentData", "TranscriptFormatError"]
