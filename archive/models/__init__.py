"""The archive's models, one module per kind of thing, re-exported here."""

from .base import AccessLevel, ArchiveItem, RecordingLanguage
from .consent import ConsentRecord, ConsentScope, ConsentUse
from .documentary import ClipPage, DocumentaryPage
from .residency import ArtworkPage, ResidencyPage
from .testimonies import TestimonyIndexPage, TestimonyPage
from .transcripts import Transcript, TranscriptSegment
from .vocabulary import Partner, Place, Speaker, Theme
from .warnings import ClipWarningRange, TestimonyWarningRange, WarningRange

__all__ = [
    "AccessLevel",
    "ArchiveItem",
    "ArtworkPage",
    "ClipPage",
    "ClipWarningRange",
    "ConsentRecord",
    "ConsentScope",
    "ConsentUse",
    "DocumentaryPage",
    "Partner",
    "Place",
    "RecordingLanguage",
    "ResidencyPage",
    "Speaker",
    "TestimonyIndexPage",
    "TestimonyPage",
    "TestimonyWarningRange",
    "Theme",
    "Transcript",
    "TranscriptSegment",
    "WarningRange",
]
