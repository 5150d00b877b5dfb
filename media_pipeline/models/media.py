"""The archive's one media model for audio and video, on wagtailmedia's swappable base."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtailmedia.models import AbstractMedia

from ..anonymise import validate_redactions
from ..errors import describe
from ..storage import private_storage


def original_upload_path(instance: "Media", filename: str) -> str:
    """Stored names are UUIDs: the uploaded name (often a person's name) is never kept."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"originals/{instance.uuid}{suffix}"


def thumbnail_upload_path(instance: "Media", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"thumbnails/{uuid.uuid4()}{suffix}"


class Media(AbstractMedia):
    """An audio or video file. The original is private; public viewers get renditions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(
        upload_to=original_upload_path, storage=private_storage, verbose_name=_("file")
    )
    thumbnail = models.FileField(
        upload_to=thumbnail_upload_path,
        storage=private_storage,
        blank=True,
        verbose_name=_("thumbnail"),
    )
    # Redeclared only to give reverse names that do not clash with wagtailmedia's own model.
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by user"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="uploaded_media",
    )
    tags = TaggableManager(help_text=None, blank=True, verbose_name=_("tags"),
                           related_name="archive_media")

    class Processing(models.TextChoices):
        PENDING = "pending", _("Waiting to be processed")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        REJECTED = "rejected", _("Rejected")
        FAILED = "failed", _("Failed")

    processing_status = models.CharField(
        _("processing status"), max_length=12, choices=Processing.choices,
        default=Processing.PENDING, editable=False,
    )
    # Why the file was rejected or why processing failed: a code and its parameters, put into
    # words when read (processing_message), and the technical detail, for the log and staff.
    processing_code = models.CharField(max_length=40, blank=True, editable=False)
    processing_params = models.JSONField(default=dict, blank=True, editable=False)
    processing_detail = models.TextField(_("technical detail"), blank=True, editable=False)
    processing_attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    # Anonymisation of the public renditions (the original is never altered).
    voice_pitch_semitones = models.FloatField(
        _("voice alteration (semitones)"), default=0,
        validators=[MinValueValidator(-12), MaxValueValidator(12)],
        help_text=_("Shifts the pitch of every voice in the public versions. 0 leaves it."),
    )
    blur_video = models.BooleanField(
        _("blur the picture"), default=False,
        help_text=_("Blurs the whole picture of the public versions."),
    )
    redactions = models.JSONField(
        _("redacted time ranges"), default=list, blank=True, validators=[validate_redactions],
        help_text=_('Ranges to silence or bleep, in seconds: '
                    '[{"start": 12.5, "end": 15, "mode": "mute"}] (mode: mute or bleep).'),
    )

    class Meta(AbstractMedia.Meta):
        verbose_name = _("media")
        verbose_name_plural = _("media items")

    # The admin form shows the anonymisation options, validated there (see validate_redactions).
    admin_form_fields = (*AbstractMedia.admin_form_fields, "voice_pitch_semitones", "blur_video",
                         "redactions")

    PROCESSING_INPUT_FIELDS = frozenset({"file", "voice_pitch_semitones", "blur_video",
                                         "redactions"})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Only a full load is remembered: reading a deferred field here would query again.
        if not cls.PROCESSING_INPUT_FIELDS & instance.get_deferred_fields():
            instance.remember_processing_inputs()
        return instance

    def processing_inputs(self) -> tuple:
        """What the renditions are made from: changing any of it calls for new renditions."""
        return (self.file.name, self.voice_pitch_semitones, self.blur_video, self.redactions)

    def remember_processing_inputs(self) -> None:
        self._processed_inputs = self.processing_inputs()

    def processing_inputs_changed(self) -> bool:
        return getattr(self, "_processed_inputs", None) != self.processing_inputs()

    @property
    def processing_message(self) -> str:
        """Why the file was rejected or why processing failed, in the reader's language."""
        return describe(self.processing_code, self.processing_params)

    @property
    def url(self) -> str:
        """The checked serving view, never the storage's own address."""
        return reverse("media-original", kwargs={"media_uuid": self.uuid})
