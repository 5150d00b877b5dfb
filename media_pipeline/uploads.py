"""The size limit on uploaded media, checked while the upload streams in.

Django spools an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file in
FILE_UPLOAD_TEMP_DIR, never holding it whole in memory. MediaUploadLimitHandler, first in
FILE_UPLOAD_HANDLERS, stops that spooling once a file in the media admin passes
MEDIA_MAX_UPLOAD_BYTES: the partial temporary file is deleted, the rest of the upload is read and
dropped (counted, not kept), and the form receives a RefusedUpload standing in for the file,
which it refuses with a message (check_upload_size). Nothing reaches the store.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


class RefusedUpload(UploadedFile):
    """What the form gets instead of a file that was too large: its name and real size, no
    content. It cannot be stored by mistake: reading it fails."""

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(BytesIO(), name=name, content_type=content_type, size=size)

    def read(self, *args, **kwargs):
        raise ValueError("This upload was refused for its size; it has no content.")

    def chunks(self, chunk_size=None):
        raise ValueError("This upload was refused for its size; it has no content.")


def max_upload_bytes() -> int:
    return settings.MEDIA_MAX_UPLOAD_BYTES


def check_upload_size(size: int) -> None:
    """Raise ValidationError, with a message for the person uploading, if `size` bytes is more
    than the archive accepts."""
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("This file is %(size)s; the archive accepts files of up to %(limit)s. "
              "Nothing was stored. Shorten or compress the recording, or ask an administrator "
              "to raise the limit."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


def _is_media_upload(request) -> bool:
    """The media admin's views (add, edit, chooser upload) all live under its index URL."""
    try:
        prefix = reverse("wagtailmedia:index")
    except NoReverseMatch:
        return False
    return request is not None and request.path.startswith(prefix)


class MediaUploadLimitHandler(FileUploadHandler):
    """Counts each file of a media upload and stops keeping it past MEDIA_MAX_UPLOAD_BYTES.

    Chunks within the limit pass on to the next handlers (memory, then temporary file).
    Beyond it they are counted and dropped, and the next handlers' partial file is closed (a
    temporary file is deleted on close). Uploads elsewhere in the site pass untouched.
    """

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.active = _is_media_upload(request)
        self.limit = max_upload_bytes()
        self.received = 0
        self.refused = False

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.refused = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if not self.active:
            return raw_data
        self.received += len(raw_data)
        if self.refused:
            return None
        if self.received > self.limit:
            self.refused = True
            self._drop_partial_files()
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.refused:
            return None  # the next handlers return the file
        return RefusedUpload(self.file_name, self.received, self.content_type)

    def _drop_partial_files(self) -> None:
        for handler in getattr(self.request, "upload_handlers", ()):
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()
