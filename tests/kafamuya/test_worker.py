"""The task worker: runs queued tasks, reports its heartbeat, and recovers a dead worker's tasks."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kafamuya.models import WorkerHeartbeat
from kafamuya.worker import requeue_abandoned_tasks
from tests.worker_tasks import DB_TASKS, record_run

ROOT = Path(__file__).resolve().parents[2]


def queued_result(**fields) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="wagtail.tasks.update_reference_index_task",
        args_kwargs={"args": ["wagtailcore", "page", 1], "kwargs": {}},
        backend_name="default", run_after=timezone.now(), **fields,
    )


@pytest.mark.django_db
def test_tasks_of_a_dead_worker_go_back_to_the_queue():
    stale = timezone.now() - timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS + 5)
    WorkerHeartbeat.objects.create(worker_id="dead", hostname="h", pid=1, last_seen=stale)
    WorkerHeartbeat.objects.create(worker_id="alive", hostname="h", pid=2)
    orphan = queued_result(status=TaskResultStatus.RUNNING, worker_ids=["dead"])
    busy = queued_result(status=TaskResultStatus.RUNNING, worker_ids=["alive"])
    foreign = queued_result(status=TaskResultStatus.RUNNING, worker_ids=["never-registered"])

    assert requeue_abandoned_tasks() == 1

    orphan.refresh_from_db()
    busy.refresh_from_db()
    foreign.refresh_from_db()
    assert orphan.status == TaskResultStatus.READY
    assert busy.status == TaskResultStatus.RUNNING
    assert foreign.status == TaskResultStatus.RUNNING
    assert not WorkerHeartbeat.objects.filter(worker_id="dead").exists()


def worker_environment() -> dict[str, str]:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        url = f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kafamuya.settings.test",
        "DATABASE_URL": url,
        "KAFAMUYA_TEST_DATA_DIR": str(settings.DATA_DIR),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_process_runs_queued_tasks_and_beats(tmp_path):
    with override_settings(TASKS=DB_TASKS):
        result = record_run.enqueue(str(tmp_path), 1)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--worker-id", "w1",
         "--no-startup-delay"],
        cwd=ROOT, env=worker_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: DBTaskResult.objects.get(id=result.id).status
                        == TaskResultStatus.SUCCESSFUL), "the worker did not run the task"
        assert WorkerHeartbeat.objects.alive().filter(worker_id="w1").exists()
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode in (0, -15), output
    assert (tmp_path / "1").read_text() == "ran \n"
