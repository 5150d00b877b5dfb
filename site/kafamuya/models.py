"""Task-worker liveness, shared by the health check and the worker itself."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeatQuerySet(models.QuerySet):
    def alive(self) -> "WorkerHeartbeatQuerySet":
        return self.filter(last_seen__gte=stale_before())

    def stale(self) -> "WorkerHeartbeatQuerySet":
        return self.filter(last_seen__lt=stale_before())


def stale_before():
    return timezone.now() - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)


class WorkerHeartbeat(models.Model):
    """One row per task worker, touched every few seconds while it runs."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
