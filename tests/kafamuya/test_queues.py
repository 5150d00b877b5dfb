"""Named queues: every task names a queue the backend knows, urgent work is never queued behind
encodes, and `make run` starts workers for every queue, the media queue apart."""

from pathlib import Path

from django.conf import settings

from archive.search.tasks import update_search_index
from archive.withdrawal import purge_withdrawn_item
from media_pipeline.tasks import process_media

ROOT = Path(__file__).resolve().parents[2]


def procfile_workers() -> dict[str, set[str]]:
    """Procfile process name -> the queues its `run_worker --queue-name` takes."""
    workers = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if "run_worker" in command:
            queues = command.split("--queue-name", 1)[1].split()[0]
            workers[name] = set(queues.split(","))
    return workers


def test_tasks_go_to_their_queue():
    assert process_media.queue_name == "media"
    assert purge_withdrawn_item.queue_name == "urgent"
    assert update_search_index.queue_name == "urgent"
    for task in (process_media, purge_withdrawn_item, update_search_index):
        assert task.queue_name in settings.TASKS["default"]["QUEUES"]


def test_make_run_starts_a_worker_for_every_queue_and_keeps_media_apart():
    workers = procfile_workers()
    assert set().union(*workers.values()) == set(settings.TASK_QUEUES)
    media_workers = [queues for queues in workers.values() if "media" in queues]
    assert media_workers == [{"media"}], "encodes have workers of their own"


def test_production_runs_a_worker_unit_for_every_queue():
    """The systemd worker unit is a template (one instance per queue), and the deployment guide
    enables an instance for each queue, the urgent one included."""
    unit = (ROOT / "deploy" / "systemd" / "kafamuya-worker@.service").read_text()
    assert "run_worker --queue-name %i " in unit
    guide = (ROOT / "deploy" / "README.md").read_text()
    for queue in settings.TASK_QUEUES:
        assert f"kafamuya-worker@{queue}" in guide, queue
