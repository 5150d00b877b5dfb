"""What the task worker does beside running tasks: report that it is alive, and hand back
tasks that a worker which has died left half-done, so that a killed worker loses no job."""

import logging
import os
import socket
import threading

from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(),
                  "last_seen": timezone.now()},
    )


def requeue_abandoned_tasks() -> int:
    """Put back in the queue the running tasks whose worker stopped beating.

    Only workers known to the heartbeat table are judged, so a task claimed by a worker of
    another kind is never taken from it. Returns how many tasks went back to the queue.
    """
    dead = set(WorkerHeartbeat.objects.stale().values_list("worker_id", flat=True))
    if not dead:
        return 0
    requeued = 0
    for result in DBTaskResult.objects.running().only("id", "worker_ids"):
        if result.worker_ids and result.worker_ids[-1] in dead:
            with transaction.atomic():
                requeued += DBTaskResult.objects.filter(
                    id=result.id, status=TaskResultStatus.RUNNING
                ).update(status=TaskResultStatus.READY, started_at=None)
            logger.warning("Requeued task %s left by dead worker %s", result.id,
                           result.worker_ids[-1])
    WorkerHeartbeat.objects.stale().filter(worker_id__in=dead).delete()
    return requeued


class HeartbeatThread(threading.Thread):
    """Beats every `interval` seconds until stopped, in its own database connection."""

    def __init__(self, worker_id: str, interval: float) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker_id)
                requeue_abandoned_tasks()
            except Exception:  # the worker keeps running tasks; the health check will tell
                logger.exception("Worker heartbeat failed")
            finally:
                connection.close()
            self.stopped.wait(self.interval)
