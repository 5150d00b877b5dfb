"""The one exception for uploads the pipeline refuses, and the words archivists read.

A refusal has a stable `code` (tests, logs and filters rely on it) and a `message` for the
archivist: lazily translated, plain words, never a traceback, a path or the uploaded file name.
`detail` keeps the technical reason (FFmpeg's or PyAV's words) for the logs only.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# One default message per code. Some refusals pass a more precise message (with the limit, or
# the codec's name) but keep the code.
MESSAGES: dict[str, Promise] = {
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


class RejectedMedia(Exception):
    """An upload the archive refuses, with a stable code and a message for the archivist."""

    def __init__(
        self, code: str, message: str | Promise | None = None, *, detail: str = ""
    ) -> None:
        if code not in MESSAGES:
            raise ValueError(f"unknown rejection code {code!r}")
        self.code = code
        self.message = MESSAGES[code] if message is None else message
        self.detail = detail
        super().__init__(code, self.message)

    def __str__(self) -> str:
        return str(self.message)
