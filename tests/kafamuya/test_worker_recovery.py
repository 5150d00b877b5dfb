"""Real worker processes: a worker killed mid-transcode loses no job, and two workers never take
the same job twice."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from media_pipeline.generate import make_video
from media_pipeline.models import Media, Rendition
from media_pipeline.tasks import process_media
from tests.factories import MediaFactory
from tests.kafamuya.test_worker import worker_environment
from tests.worker_tasks import DB_TASKS, record_run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def root_collection():
    """Transactional tests empty the database, Wagtail's root collection included."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def start_worker(worker_id: str) -> subprocess.Popen:
    env = {**worker_environment(), "WORKER_HEARTBEAT_SECONDS": "1",
           "WORKER_STALE_AFTER_SECONDS": "3"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--worker-id",
         worker_id, "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def stop(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.terminate()
    output, _ = worker.communicate(timeout=60)
    return output


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_transcode_loses_no_job(tmp_path, root_collection):
    media = MediaFactory(title="Long interview")
    longer = make_video(tmp_path / "long.mp4", seconds=20, width=640, height=360)
    with longer.open("rb") as handle:
        media.file.save("long.mp4", handle)
    with override_settings(TASKS=DB_TASKS):
        job = process_media.enqueue(media.pk)

    doomed = start_worker("doomed")
    try:
        wait_for(lambda: Rendition.objects.filter(media=media, status="running").exists(),
                 120, "the first worker to start encoding")
        scratch = Path(settings.MEDIA_PIPELINE_WORK_DIR) / f"media-{media.pk}"
        assert scratch.exists()
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        stop(doomed)
    assert DBTaskResult.objects.get(id=job.id).status == TaskResultStatus.RUNNING

    rescuer = start_worker("rescuer")
    try:
        wait_for(lambda: DBTaskResult.objects.get(id=job.id).status
                 in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED),
                 300, "the second worker to finish the job")
    finally:
        output = stop(rescuer)
    result = DBTaskResult.objects.get(id=job.id)
    assert result.status == TaskResultStatus.SUCCESSFUL, output
    assert result.worker_ids == ["doomed", "rescuer"]
    media.refresh_from_db()
    assert media.processing_status == Media.Processing.READY
    profiles = list(media.renditions.values_list("profile", flat=True))
    assert len(profiles) == len(set(profiles))
    assert {"hls", "144p", "240p", "360p", "download", "audio"} <= set(profiles)
    assert not scratch.exists()  # the killed run's temporary files are gone


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_run_the_same_job_twice(tmp_path):
    with override_settings(TASKS=DB_TASKS):
        jobs = [record_run.enqueue(str(tmp_path), n) for n in range(12)]
    workers = [start_worker("one"), start_worker("two")]
    try:
        wait_for(lambda: DBTaskResult.objects.filter(
            id__in=[j.id for j in jobs], status=TaskResultStatus.SUCCESSFUL).count() == 12,
            120, "both workers to run all jobs")
    finally:
        for worker in workers:
            stop(worker)
    for n in range(12):
        assert (tmp_path / str(n)).read_text().count("ran") == 1, f"job {n} ran twice"
    claimed_by = {DBTaskResult.objects.get(id=j.id).worker_ids[0] for j in jobs}
    assert claimed_by <= {"one", "two"}
