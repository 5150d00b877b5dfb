"""Why processing ended without renditions: stable codes with parameters, and their words.

A media that was rejected or whose processing failed stores a `code` (tests, logs and filters
rely on it) and `params` (numbers and names, never words). The sentence an archivist reads is
made from both when it is read (`describe`), in the reader's language: the worker that stored
the reason may well run in another. The technical detail (FFmpeg's or PyAV's words) is kept
apart, for the logs and for staff, never in the sentence.

A code may have precise sentences that use its parameters; the first whose parameters are all
present is used, else the code's plain one (a reason stored before its parameters existed still
reads well). Parameters named `*_bytes` are shown as a file size, `*_s` as a duration.
"""

from collections.abc import Mapping
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

# One plain sentence per code. Rejections: the file itself is not acceptable.
REJECTIONS: dict[str, Promise] = {
    "empty": _(
        "This file is empty (0 bytes). The upload may have been interrupted: "
        "please send it again."
    ),
    "playlist": _(
        "This file is a playlist, not a video or a sound recording: it only points to other "
        "files. Please upload the recording itself."
    ),
    "text": _(
        "This file contains text, not a video or a sound recording. It may have been renamed "
        "by mistake."
    ),
    "unsupported-container": _(
        "The archive does not accept this type of file. Accepted formats: MP4, MOV, M4A, 3GP, "
        "WebM, MKV, Ogg, Opus, WAV, MP3, FLAC and AAC."
    ),
    "truncated": _(
        "This file is incomplete: it stops before its end, probably because an upload or a "
        "copy was interrupted. Please send the complete file."
    ),
    "trailing-data": _(
        "This file is a complete recording followed by data that does not belong to it (text or "
        "another file was added at its end). Please send the recording as it was exported."
    ),
    "too-short": _(
        "This video is too short to be played: it lasts less than half a second or holds a "
        "single picture. Please send a longer recording."
    ),
    "unreadable": _(
        "This file could not be read as a video or a sound recording. It may be damaged."
    ),
    "no-media": _("This file contains neither sound nor pictures."),
    "no-duration": _(
        "This file does not say how long it is, so the archive cannot process it safely. "
        "Please export it again from the recording or editing software."
    ),
    "unsupported-codec": _(
        "This file uses a sound or picture format the archive does not accept. Please export "
        "it again as MP4 (H.264 and AAC)."
    ),
    "too-large": _("This file is larger than the archive accepts."),
    "too-long": _("This recording is longer than the archive accepts."),
    "absurd-dimensions": _("The picture size of this video is not plausible for a real video."),
}
# Failures: the file may be fine, the work did not finish. Each can be retried.
FAILURES: dict[str, Promise] = {
    "encode-failed": _(
        "Making the versions for viewing and listening failed. The technical detail is kept in "
        "the log; you can retry processing."
    ),
    "encode-timeout": _(
        "Making the versions for viewing and listening took too long and was stopped. You can "
        "retry processing."
    ),
    "metadata-leak": _(
        "A version made from this file still carried its hidden information (such as a place "
        "or a device), so none was published. You can retry processing; if it happens again, "
        "export the file again from the recording software."
    ),
    "invalid-redactions": _(
        "The redacted time ranges of this media are not valid. Correct them in the media's "
        "form, then retry processing."
    ),
    "original-missing": _(
        "The original file is missing from the file store. Upload it again."
    ),
    "storage-unavailable": _(
        "The file store could not be reached. You can retry processing."
    ),
    "internal": _(
        "Processing stopped on an unexpected error. The technical detail is kept in the log; "
        "you can retry processing."
    ),
}
MESSAGES: dict[str, Promise] = {**REJECTIONS, **FAILURES}
# A reason stored as words, before reasons were stored as codes: its `text` is shown as written.
RECORDED = "recorded"

# Precise sentences: (the parameters each needs, the sentence).
PRECISE: dict[str, tuple[tuple[frozenset[str], Promise], ...]] = {
    "unsupported-container": (
        (frozenset({"photo"}), _("This file is a photo, not a video or a sound recording.")),
    ),
    "unsupported-codec": (
        (frozenset({"video_codec"}), _(
            "The pictures in this file are encoded as “{video_codec}”, which the archive does "
            "not accept. Please export it again as MP4 (H.264 and AAC)."
        )),
        (frozenset({"audio_codec"}), _(
            "The sound in this file is encoded as “{audio_codec}”, which the archive does not "
            "accept. Please export it again as MP4 (H.264 and AAC), or as MP3 for sound only."
        )),
    ),
    "too-large": (
        (frozenset({"size_bytes", "limit_bytes"}),
         _("This file is {size_bytes}; the archive accepts files up to {limit_bytes}.")),
    ),
    "too-long": (
        (frozenset({"duration_s", "limit_s"}),
         _("This recording lasts {duration_s}; the archive accepts recordings up to "
           "{limit_s}.")),
    ),
    "absurd-dimensions": (
        (frozenset({"width", "height"}), _(
            "The picture size of this video, {width}×{height} pixels, is not plausible for a "
            "real video."
        )),
    ),
    "storage-unavailable": (
        (frozenset({"retry_in_s"}), _(
            "The file store could not be reached; processing will be retried automatically "
            "in {retry_in_s}."
        )),
    ),
    "encode-timeout": (
        (frozenset({"limit_s"}), _(
            "Making the versions for viewing and listening took longer than {limit_s} and was "
            "stopped. You can retry processing."
        )),
    ),
}

def clock(seconds: float) -> str:
    """A duration as H:MM:SS, which reads the same in French, English and Bambara."""
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _shown(name: str, value: Any) -> str:
    if name.endswith("_bytes") and isinstance(value, int | float):
        return str(filesizeformat(value))
    if name.endswith("_s") and isinstance(value, int | float):
        return clock(value)
    return str(value)


def describe(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The sentence for a stored reason, in the active language ("" for no reason)."""
    params = dict(params or {})
    if not code or code == RECORDED:
        return str(params.get("text", ""))
    template = MESSAGES.get(code, MESSAGES["internal"])
    for needed, precise in PRECISE.get(code, ()):
        if needed <= params.keys():
            template = precise
            break
    return str(template).format(**{name: _shown(name, value) for name, value in params.items()})


describe_lazy = lazy(describe, str)


class RejectedMedia(Exception):
    """An upload the archive refuses: a stable code, its parameters, and the technical detail
    for the logs."""

    def __init__(self, code: str, *, detail: str = "", **params: Any) -> None:
        if code not in REJECTIONS:
            raise ValueError(f"unknown rejection code {code!r}")
        self.code = code
        self.params = params
        self.detail = detail
        super().__init__(code, params)

    @property
    def message(self) -> Promise:
        """The archivist's sentence, translated when it is read."""
        return describe_lazy(self.code, self.params)

    def __str__(self) -> str:
        return str(self.message)
