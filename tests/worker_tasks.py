"""Tasks used by the worker tests (a worker process imports them by path)."""

from pathlib import Path

from django.conf import settings
from django_tasks import task

# The production queue (the database), with the archive's named queues.
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                        "QUEUES": settings.TASK_QUEUES}}


@task()
def record_run(folder: str, number: int, worker_hint: str = "") -> int:
    """Append one line to folder/<number>: a task run twice leaves two lines."""
    with (Path(folder) / str(number)).open("a") as handle:
        handle.write(f"ran {worker_hint}\n")
    return number


@task(queue_name="urgent")
def urgent_probe() -> None:
    """Does nothing: its start time shows how long an urgent task waits for a worker."""
