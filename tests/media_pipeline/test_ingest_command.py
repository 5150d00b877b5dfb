"""`manage.py ingest_media`: a folder imported recursively, non-media skipped with a note, files
streamed under UUID names and queued; --wait reports each file's final status and exits
non-zero on a rejection; without a worker, --wait gives up after --timeout."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.models import Collection

from media_pipeline.management.commands.ingest_media import Command
from media_pipeline.models import Media, Rendition
from media_pipeline.tasks import process_media
from tests.factories import BareMediaFactory
from tests.worker_tasks import DB_TASKS


@pytest.fixture
def folder(tmp_path, media):
    """Two tiny media files (one in a sub-folder) and a text file."""
    root = tmp_path / "Atelier Sévaré"
    (root / "audio").mkdir(parents=True)
    shutil.copy(media.tiny_mp4, root / "Entretien Awa.mp4")
    shutil.copy(media.m4a, root / "audio" / "Chanson.m4a")
    (root / "notes.txt").write_text("Noms des participantes : ne pas publier.\n")
    return root


@pytest.fixture
def committed_at_once(monkeypatch):
    """As when the command really runs (autocommit): what waits for the commit runs at once.
    Inside the test's transaction it would wait until the test ends."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def ingest(*args) -> str:
    out = StringIO()
    call_command("ingest_media", *map(str, args), stdout=out, stderr=out)
    return out.getvalue()


def new_media(before: set[int]) -> dict[str, Media]:
    return {m.title: m for m in Media.objects.exclude(pk__in=before)}


@pytest.mark.django_db
def test_a_folder_is_imported_recursively_and_other_files_skipped_with_a_note(
    folder, django_capture_on_commit_callbacks
):
    before = set(Media.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks() as callbacks:
        output = ingest(folder)

    imported = new_media(before)
    assert set(imported) == {"Entretien Awa", "Chanson"}
    assert f"Skipped {folder / 'notes.txt'}: not an audio or video extension." in output
    assert "Imported 2 of 2 files; 1 skipped." in output
    assert "[########################] 2/2" in output  # the progress bar, files done / total
    for title, source in (("Entretien Awa", folder / "Entretien Awa.mp4"),
                          ("Chanson", folder / "audio" / "Chanson.m4a")):
        media = imported[title]
        assert media.file.name == f"originals/{media.uuid}{source.suffix}"
        with media.file.open("rb") as stored:
            assert stored.read() == source.read_bytes()
        assert media.processing_status == Media.Processing.PENDING
        assert media.collection == Collection.get_first_root_node()
    assert (imported["Entretien Awa"].type, imported["Chanson"].type) == ("video", "audio")
    queued = sorted(cb.args[0] for cb in callbacks if cb.func == process_media.enqueue)
    assert queued == sorted(m.pk for m in imported.values())


@pytest.mark.django_db
def test_wait_reports_ready_for_each_file(folder, committed_at_once):
    before = set(Media.objects.values_list("pk", flat=True))
    output = ingest(folder, "--wait")
    assert f"ready     {folder / 'Entretien Awa.mp4'}" in output
    assert f"ready     {folder / 'audio' / 'Chanson.m4a'}" in output
    statuses = {m.processing_status for m in new_media(before).values()}
    assert statuses == {Media.Processing.READY}


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "reason"), [
    ("fr", "Ce fichier contient du texte"), ("en", "This file contains text"),
])
def test_wait_exits_non_zero_and_prints_the_plain_reason_of_a_rejection(
    tmp_path, media, committed_at_once, language, reason
):
    shutil.copy(media.m4a, tmp_path / "voix.m4a")
    letter = tmp_path / "lettre.mp4"
    letter.write_text("Chère Awa, ceci est une lettre et non une vidéo.\n" * 40)
    before = set(Media.objects.values_list("pk", flat=True))
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 2 file") as failure:
        call_command("ingest_media", str(tmp_path), "--wait", "--language", language,
                     stdout=out, stderr=out)
    assert failure.value.returncode == 1

    rejected = new_media(before)["lettre"]
    assert rejected.processing_status == Media.Processing.REJECTED
    output = out.getvalue()
    assert f"rejected  {letter}: {reason}" in output  # in the command's language
    assert rejected.processing_message and "Traceback" not in rejected.processing_message
    assert f"ready     {tmp_path / 'voix.m4a'}" in output


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(folder, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 1000
    count = Media.objects.count()
    out = StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("ingest_media", str(folder / "Entretien Awa.mp4"), stdout=out, stderr=out)
    assert "the archive accepts files of up to 1000" in out.getvalue()
    assert Media.objects.count() == count


@pytest.mark.django_db
def test_without_a_worker_wait_gives_up_after_the_timeout(folder, committed_at_once):
    before = set(Media.objects.values_list("pk", flat=True))
    out = StringIO()
    with override_settings(TASKS=DB_TASKS), pytest.raises(CommandError) as failure:
        call_command("ingest_media", str(folder / "audio"), "--wait", "--timeout", "0.5",
                     stdout=out, stderr=out)
    assert failure.value.returncode == 2
    assert "Stopped waiting after 0.5 s: 1 file(s) still queued" in str(failure.value)
    assert "Is a task worker running" in str(failure.value)
    assert "waiting for the worker" in out.getvalue()
    [media] = new_media(before).values()
    assert media.processing_status == Media.Processing.PENDING  # still queued, not lost
    assert DBTaskResult.objects.filter(args_kwargs__args=[media.pk]).exists()


@pytest.mark.django_db
def test_title_and_collection(folder):
    workshops = Collection.get_first_root_node().add_child(name="Ateliers")
    before = set(Media.objects.values_list("pk", flat=True))
    ingest(folder / "Entretien Awa.mp4", "--title", "Atelier 3", "--collection", "ateliers")
    [media] = new_media(before).values()
    assert (media.title, media.collection) == ("Atelier 3", workshops)
    assert "Atelier" not in media.file.name

    with pytest.raises(CommandError, match="no collection called 'Nulle part'"):
        ingest(folder, "--collection", "Nulle part")


@pytest.mark.django_db
def test_nothing_to_import_is_an_error(tmp_path):
    (tmp_path / "lisez-moi.txt").write_text("rien\n")
    with pytest.raises(CommandError, match="No audio or video file"):
        ingest(tmp_path)


@pytest.mark.django_db
def test_while_waiting_the_bar_shows_each_files_processing_percent():
    running = BareMediaFactory(title="Entretien", processing_status=Media.Processing.PROCESSING)
    Rendition.objects.create(media=running, profile="audio", kind="audio",
                             status=Rendition.Status.RUNNING, progress=42)
    queued = BareMediaFactory(processing_status=Media.Processing.PENDING)
    states = {running.pk: running.processing_status, queued.pk: queued.processing_status}
    assert Command.busy_note([running.pk, queued.pk], states) == "processing Entretien 42%"
    assert Command.busy_note([queued.pk], states) == "waiting for the worker"
