"""The audit log: one row per view, play, download or export of something that is audited.

Rows are written by `archive.audit.services.record_access` and never changed afterwards; the
admin lists, filters and exports them and has no add, edit or delete view.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Surface(models.TextChoices):
    PAGE = "page", pgettext_lazy("audit", "Page")
    MEDIA = "media", pgettext_lazy("audit", "Media file")
    RENDITION = "rendition", pgettext_lazy("audit", "Rendition")
    CAPTIONS = "captions", pgettext_lazy("audit", "Captions")
    TRANSCRIPT = "transcript", pgettext_lazy("audit", "Transcript")
    SEARCH = "search", pgettext_lazy("audit", "Search")
    EXPORT = "export", pgettext_lazy("audit", "Export")


class Action(models.TextChoices):
    VIEW = "view", pgettext_lazy("audit", "View")
    PLAY = "play", pgettext_lazy("audit", "Play")
    DOWNLOAD = "download", pgettext_lazy("audit", "Download")
    EXPORT = "export", pgettext_lazy("audit", "Export")


class AuditEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("user"),
    )
    # The username at the time, kept when the account is deleted or renamed.
    user_label = models.CharField(_("user name"), max_length=150)
    item_key = models.UUIDField(
        _("item"), null=True, blank=True,
        help_text=_("The archive item's translation key (shared by its language versions)."),
    )
    media_id = models.BigIntegerField(_("media"), null=True, blank=True)
    surface = models.CharField(_("surface"), max_length=16, choices=Surface.choices)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["item_key", "at"], name="audit_item_at"),
            models.Index(fields=["user", "at"], name="audit_user_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.surface}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)
