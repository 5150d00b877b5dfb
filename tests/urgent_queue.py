"""Urgent work beside a long encode, with real worker processes started as the Procfile starts
them (one per line that runs `run_worker`): used by tests/kafamuya/test_urgent_queue.py and by
the `urgent_queue` benchmark.

`run_scenario` starts the workers, has the media worker encode a long video, then (while it
encodes) measures how long urgent tasks wait before they start, withdraws consent for another
item and waits for its purge to be complete: its files gone from storage and its search entries
gone. It returns what it saw; the callers judge it.
"""

import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Collection, Locale, Page
from wagtail.search.models import IndexEntry

from archive.models import ConsentRecord, TestimonyIndexPage, TranscriptSegment
from archive.withdrawal import withdraw_consent
from media_pipeline.generate import make_video
from media_pipeline.models import Media
from media_pipeline.processing import process
from media_pipeline.tasks import process_media
from tests.factories import MediaFactory, TestimonyPageFactory, TranscriptFactory
from tests.worker_tasks import DB_TASKS, urgent_probe

ROOT = Path(__file__).resolve().parents[1]
PROBES = 5  # urgent tasks enqueued one after another while the encode runs


def procfile_worker_commands() -> dict[str, list[str]]:
    """Procfile process name -> its `run_worker` command, as this Python runs it."""
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if "run_worker" in command:
            argv = shlex.split(command.replace("$KAFAMUYA_PYTHON", sys.executable))
            commands[name.strip()] = [*argv, "--no-startup-delay", "--worker-id", name.strip()]
    return commands


def start_workers(env: dict[str, str]) -> dict[str, subprocess.Popen]:
    return {name: subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
            for name, argv in procfile_worker_commands().items()}


def stop_workers(workers: dict[str, subprocess.Popen]) -> dict[str, str]:
    """Stop each worker (SIGTERM: it finishes its task first) and return what each printed."""
    for worker in workers.values():
        if worker.poll() is None:
            worker.terminate()
    return {name: worker.communicate(timeout=300)[0] for name, worker in workers.items()}


def testimony_index() -> TestimonyIndexPage:
    """The testimony index, made (with the page tree and root collection) when a transactional
    test has emptied the database."""
    index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
    if index is not None:
        return index
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    locale, _ = Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=locale)
    return root.add_child(instance=TestimonyIndexPage(title="Témoignages", slug="temoignages",
                                                      locale=locale))


@dataclass
class Withdrawn:
    record: ConsentRecord
    stored: list[str]  # the files of its media and renditions
    segment_ids: list[int]

    def purged(self) -> bool:
        """Record purged, no file left in storage, no search entry left."""
        self.record.refresh_from_db()
        private = storages["private"]
        return (self.record.purged_at is not None
                and not any(private.exists(name) for name in self.stored)
                and not IndexEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(TranscriptSegment),
                    object_id__in=[str(pk) for pk in self.segment_ids]).exists())


def item_to_withdraw() -> Withdrawn:
    """A published testimony with its renditions made, and a transcript in the search index."""
    media = MediaFactory(type="audio")
    process(media.pk)
    transcript = TranscriptFactory(media=media, segments=3)
    page = TestimonyPageFactory(parent=testimony_index(), media=media)
    media.refresh_from_db()
    stored = [name for row in media.renditions.all() for name in row.files] + [media.file.name]
    segment_ids = list(transcript.segments.values_list("pk", flat=True))
    assert IndexEntry.objects.filter(object_id__in=[str(pk) for pk in segment_ids]).exists()
    return Withdrawn(ConsentRecord.objects.get(item_key=page.translation_key), stored,
                     segment_ids)


def long_media(seconds: int) -> Media:
    media = MediaFactory(title="Long encode")
    with tempfile.TemporaryDirectory() as scratch:
        source = make_video(Path(scratch) / "long.mp4", seconds=seconds, width=640, height=360)
        with source.open("rb") as handle:
            media.file.save("long.mp4", handle)
    return media


def wait_for(condition: Callable[[], bool], timeout: float) -> float | None:
    """Seconds until `condition()` held, or None if it did not within `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def status_of(result_id) -> str:
    return DBTaskResult.objects.get(id=result_id).status


def finished(result_id) -> bool:
    return status_of(result_id) in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


@dataclass
class Outcome:
    encode_started: bool = False
    urgent_start_s: list[float] = field(default_factory=list)  # each probe's wait
    purge_s: float | None = None  # withdrawal to a complete purge; None: not within the limit
    encode_running_at_purge: bool = False
    encode_status: str = ""  # of the encode task, at the end
    media_status: str = ""
    profiles: set[str] = field(default_factory=set)
    worker_output: dict[str, str] = field(default_factory=dict)


def run_scenario(env: dict[str, str], encode_seconds: int, purge_limit_s: float,
                 encode_limit_s: float) -> Outcome:
    outcome = Outcome()
    withdrawn = item_to_withdraw()
    encoded = long_media(encode_seconds)
    archivist, _ = get_user_model().objects.get_or_create(
        username="archiviste-urgence", defaults={"is_staff": True, "is_superuser": True})
    with override_settings(TASKS=DB_TASKS):
        encode = process_media.enqueue(encoded.pk)
        workers = start_workers(env)
        try:
            outcome.encode_started = wait_for(
                lambda: encoded.renditions.running().exists(), 120) is not None
            if not outcome.encode_started:
                return outcome
            for _ in range(PROBES):
                probe = urgent_probe.enqueue()
                if wait_for(partial(finished, probe.id), purge_limit_s) is None:
                    return outcome
                row = DBTaskResult.objects.get(id=probe.id)
                outcome.urgent_start_s.append((row.started_at - row.enqueued_at).total_seconds())
            started = time.monotonic()
            withdraw_consent(withdrawn.record, archivist, "asked by her")
            if wait_for(withdrawn.purged, purge_limit_s) is not None:
                outcome.purge_s = time.monotonic() - started
            outcome.encode_running_at_purge = status_of(encode.id) == TaskResultStatus.RUNNING
            wait_for(partial(finished, encode.id), encode_limit_s)
        finally:
            outcome.worker_output = stop_workers(workers)
    outcome.encode_status = status_of(encode.id)
    encoded.refresh_from_db()
    outcome.media_status = encoded.processing_status
    outcome.profiles = set(encoded.renditions.ready().values_list("profile", flat=True))
    return outcome
