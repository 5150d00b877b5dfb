"""Transcripts: reading and writing timed-text files, importing them, and editing operations.

- `reading`: a file as a bounded stream of lines, safe to store; errors and warnings.
- `segments`: `SegmentData` and times, shared by every reader and writer.
- `vtt`: WebVTT, read by the specification's parsing algorithm, and written.
- `formats`: SRT, timed plain text and JSON, and every format by name. No database.
- `importing`: `import_transcript()`, all or nothing.
- `operations`: split, merge, shift and translate, used by the models and the admin.
- `redaction`: segments inside a media's redacted time ranges, kept out of every public surface.
"""

from .reading import TranscriptFormatError, TranscriptWarning
from .segments import SegmentData

__all__ = ["SegmentData", "TranscriptFormatError", "TranscriptWarning"]
