"""Named queues: every task names a queue the backend knows, urgent work is never queued behind
encodes, and `make run` starts workers for every queue, the media queue apart."""

import shlex
import subprocess
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


def unit_command(unit: str, instance: str) -> list[str]:
    """The command systemd runs for `kafamuya-worker@<instance>` on a host named "host": its
    specifiers and escapes expanded as systemd does, then the shell line run by a real sh."""
    line = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    line = line.removeprefix("ExecStart=")
    line = (line.replace("%%", "\0").replace("%i", instance).replace("%H", "host")
            .replace("\0", "%").replace("$$", "$"))
    shell = shlex.split(line)
    assert shell[:2] == ["/bin/sh", "-c"]
    done = subprocess.run(["sh", "-c", shell[2].replace("exec ", "printf '%s\\n' ", 1),
                           *shell[3:]], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_production_runs_a_worker_unit_for_every_queue():
    """The systemd worker unit is a template (one instance per queue), and the deployment guide
    enables an instance for each queue, the urgent one included."""
    unit = (ROOT / "deploy" / "systemd" / "kafamuya-worker@.service").read_text()
    for instance, queue in (("urgent", "urgent"), ("media", "media"), ("media.2", "media")):
        assert unit_command(unit, instance)[-4:] == [
            "--queue-name", queue, "--worker-id", f"{instance}@host"]
    guide = (ROOT / "deploy" / "README.md").read_text()
    for queue in settings.TASK_QUEUES:
        assert f"kafamuya-worker@{queue}" in guide, queue
