"""The media admin's form (WAGTAILMEDIA["MEDIA_FORM_BASE"]): wagtailmedia's, made safe for
large uploads and for replacing an original.

- A new file over MEDIA_MAX_UPLOAD_BYTES is refused with a message before anything is stored
  (media_pipeline.uploads stops spooling it; this form says why).
- The anonymisation options may be left out (an upload from a script, or the add form): no
  voice alteration then. Redactions are validated by the model field's validator.
- Replacing the file of an existing media never loses the original already stored: the new
  file is stored first, under a new name, and the old one is deleted only once the change has
  committed. wagtailmedia's edit view would otherwise delete the old file before saving the new
  one, so a failed save would leave the media with no original at all.
"""

from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.functional import cached_property
from wagtailmedia.forms import BaseMediaForm

from .uploads import check_upload_size


class MediaForm(BaseMediaForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stored_file_name = self.instance.file.name if self.instance.pk else ""
        if "voice_pitch_semitones" in self.fields:
            self.fields["voice_pitch_semitones"].required = False

    def clean_voice_pitch_semitones(self) -> float:
        value = self.cleaned_data.get("voice_pitch_semitones")
        return 0.0 if value is None else value

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):  # a new upload, not the file already stored
            check_upload_size(file.size)
        return file

    @cached_property
    def changed_data(self) -> list[str]:
        """Without "file": wagtailmedia's edit view deletes the old file when it sees it here,
        before the new one is stored. save() takes care of the old file instead."""
        return [name for name in super().changed_data if name != "file"]

    def save(self, commit: bool = True):
        new_upload = isinstance(self.cleaned_data.get("file"), UploadedFile)
        replaced = self._stored_file_name if new_upload else ""
        if replaced:
            # New renditions are due even if the storage reuses the old name.
            self.instance._processed_inputs = None
        instance = super().save(commit=commit)
        if replaced and commit and instance.file.name != replaced:
            storage = instance.file.storage
            transaction.on_commit(partial(storage.delete, replaced))
        return instance
