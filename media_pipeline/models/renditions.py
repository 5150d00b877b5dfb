"""Renditions as rows keyed by (media, profile), so that re-running a job never duplicates one."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RenditionQuerySet(models.QuerySet):
    def queued(self) -> "RenditionQuerySet":
        return self.filter(status=Rendition.Status.QUEUED)

    def running(self) -> "RenditionQuerySet":
        return self.filter(status=Rendition.Status.RUNNING)

    def ready(self) -> "RenditionQuerySet":
        return self.filter(status=Rendition.Status.READY)

    def failed(self) -> "RenditionQuerySet":
        return self.filter(status=Rendition.Status.FAILED)


class Rendition(models.Model):
    """One derived file (or HLS playlist with its segments) made from a Media.

    `files` lists stored names in the private store: the first is the one to link to (playlist,
    MP4, M4A, image, JSON), the rest are what it needs beside it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    media = models.ForeignKey("media_pipeline.Media", on_delete=models.CASCADE,
                              related_name="renditions")
    profile = models.CharField(_("profile"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    files = models.JSONField(_("stored files"), default=list, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    tiles = models.PositiveSmallIntegerField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RenditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        ordering = ["media", "kind", "profile"]
        constraints = [
            models.UniqueConstraint(fields=["media", "profile"], name="one_rendition_per_profile"),
        ]

    def __str__(self) -> str:
        return f"{self.media} · {self.profile}"

    @property
    def main_file(self) -> str | None:
        return self.files[0] if self.files else None

    @property
    def url(self) -> str | None:
        """The checked serving view's address for the main file (never a storage URL)."""
        return self.file_url(self.main_file) if self.main_file else None

    def file_url(self, name: str) -> str:
        """The checked serving view's address for one of this rendition's stored files."""
        prefix = f"renditions/{self.media.uuid}/"
        return reverse("media-rendition", kwargs={
            "media_uuid": self.media.uuid, "path": name.removeprefix(prefix)})
