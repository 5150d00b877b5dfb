"""`manage.py ingest_media PATH... [--title T] [--collection C] [--wait [--timeout S]]`."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils import translation

from media_pipeline.ingest import (
    IngestRefused,
    default_title,
    find_collection,
    find_media_files,
    import_file,
)
from media_pipeline.models import Media, Rendition

HELP = """Import audio and video files into the archive and queue them for processing.

Each PATH is a file or a folder (searched recursively). Files whose extension is not an audio
or video one are skipped with a note; files over MEDIA_MAX_UPLOAD_BYTES are refused. Each file
is streamed into the private store under a UUID name; its title is its file name without the
extension, unless --title is given.

With --wait, the command returns once processing has ended, prints each file's final status
(ready; rejected, with the reason; failed, with the error) and exits with status 1 if any file
was refused, rejected or failed. Reasons are written in --language (default: the site's
language, LANGUAGE_CODE). Processing needs a task worker (`make run` starts one, or
`manage.py run_worker`): without one, --wait gives up after --timeout seconds (exit status 2)
and the files stay queued."""

FINAL = (Media.Processing.READY, Media.Processing.REJECTED, Media.Processing.FAILED)
POLL_SECONDS = 1.0
NO_START_HINT_SECONDS = 30


class ProgressLine:
    """A progress bar on one line: redrawn in place on a terminal; elsewhere (a log, a pipe)
    written again only when its text changes."""

    WIDTH = 24

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last = ""

    def show(self, done: int, total: int, note: str = "") -> None:
        filled = self.WIDTH * done // total if total else self.WIDTH
        text = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} {note}".rstrip()
        if text == self.last:
            return
        if self.tty:
            self.stream.write("\r" + text.ljust(len(self.last)), ending="")
            self.stream.flush()
        else:
            self.stream.write(text)
        self.last = text

    def end(self) -> None:
        if self.tty and self.last:
            self.stream.write("")
        self.last = ""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                            help="a media file, or a folder to import from")
        parser.add_argument("--title", help="the title (with several files: a prefix to "
                                            "each file's name)")
        parser.add_argument("--collection", help="the collection's name or id (default: the "
                                                 "root collection)")
        parser.add_argument("--wait", action="store_true",
                            help="wait for processing to end and report each file's status")
        parser.add_argument("--timeout", type=float, default=3600, metavar="SECONDS",
                            help="with --wait: stop waiting after this long (default 3600)")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            help="the language of the reasons reported (default: "
                                 "LANGUAGE_CODE)")

    def handle(self, *args, language, **options):
        with translation.override(language or translation.get_language()):
            self.ingest(**options)

    def ingest(self, *, paths, title, collection, wait, timeout, **options):
        try:
            collection_obj = find_collection(collection)
        except IngestRefused as refusal:
            raise CommandError(str(refusal)) from None
        files, skipped = find_media_files(paths)
        for skip in skipped:
            self.stdout.write(f"Skipped {skip.path}: {skip.reason}.")
        if not files:
            raise CommandError("No audio or video file to import.")

        imported, refused = self.import_all(files, title, collection_obj)
        self.stdout.write(f"Imported {len(imported)} of {len(files)} files"
                          + (f"; {len(skipped)} skipped." if skipped else "."))
        if not wait:
            if imported:
                self.stdout.write("Processing is queued: see each file's Renditions in the "
                                  "admin, or run again with --wait.")
            if refused:
                raise CommandError(f"{len(refused)} file(s) could not be imported.")
            return

        outcome = self.wait_for(imported, timeout)
        problems = len(refused) + sum(status != Media.Processing.READY for status in outcome)
        if problems:
            raise CommandError(f"{problems} of {len(files)} file(s) were refused, rejected or "
                               "failed.")

    def import_all(self, files: list[Path], title: str | None, collection):
        """Import each file; returns the (path, media) imported and the (path, reason) refused."""
        progress = ProgressLine(self.stdout)
        imported, refused = [], []
        for done, path in enumerate(files):
            progress.show(done, len(files), f"importing {path.name}")
            try:
                media = import_file(path, title=self.title_for(path, title, len(files)),
                                    collection=collection)
            except (IngestRefused, OSError) as refusal:
                reason = refusal.strerror if isinstance(refusal, OSError) else str(refusal)
                refused.append((path, reason))
                progress.end()
                self.stderr.write(f"Refused {path}: {reason}")
            else:
                imported.append((path, media))
        progress.show(len(files), len(files), "imported")
        progress.end()
        return imported, refused

    @staticmethod
    def title_for(path: Path, title: str | None, count: int) -> str:
        if not title:
            return default_title(path)
        return title if count == 1 else f"{title} — {default_title(path)}"

    def wait_for(self, imported, timeout: float) -> list[str]:
        """Wait until every imported media's processing has ended, showing progress; print
        each one's final status; returns the statuses. Raises CommandError on timeout."""
        by_pk = {media.pk: path for path, media in imported}
        progress = ProgressLine(self.stdout)
        started = time.monotonic()
        hinted = False
        while True:
            states = dict(Media.objects.filter(pk__in=by_pk).values_list("pk", "processing_status"))
            busy = [pk for pk in by_pk if states.get(pk) not in FINAL]
            progress.show(len(by_pk) - len(busy), len(by_pk), self.busy_note(busy, states))
            if not busy:
                break
            waited = time.monotonic() - started
            if waited >= timeout:
                progress.end()
                raise CommandError(
                    f"Stopped waiting after {timeout:g} s: {len(busy)} file(s) still queued or "
                    "being processed. Is a task worker running (`make run`, or `manage.py "
                    "run_worker`)? The files stay queued and will be processed when one runs.",
                    returncode=2,
                )
            if not hinted and waited >= NO_START_HINT_SECONDS and all(
                states.get(pk) == Media.Processing.PENDING for pk in busy
            ):
                hinted = True
                progress.end()
                self.stdout.write(f"Nothing has started after {NO_START_HINT_SECONDS} s: is a "
                                  "task worker running?")
            time.sleep(min(POLL_SECONDS, max(0.0, timeout - waited)))
        progress.end()
        return self.report(imported)

    @staticmethod
    def busy_note(busy: list[int], states: dict[int, str]) -> str:
        """The processing percent of the files being processed now (Rendition.progress)."""
        running = [pk for pk in busy if states.get(pk) == Media.Processing.PROCESSING]
        if not running:
            return "waiting for the worker" if busy else "processed"
        percents = {
            pk: max(Rendition.objects.filter(media_id=pk).running()
                    .values_list("progress", flat=True), default=0)
            for pk in running[:3]
        }
        titles = dict(Media.objects.filter(pk__in=percents).values_list("pk", "title"))
        return "processing " + ", ".join(f"{titles[pk]} {percent}%"
                                         for pk, percent in percents.items())

    def report(self, imported) -> list[str]:
        outcome = Media.objects.only(
            "processing_status", "processing_code", "processing_params"
        ).in_bulk([media.pk for _path, media in imported])
        statuses = []
        for path, media in imported:
            status = outcome[media.pk].processing_status
            message = outcome[media.pk].processing_message
            statuses.append(status)
            if status == Media.Processing.READY:
                self.stdout.write(self.style.SUCCESS(f"ready     {path}"))
            else:
                label = "rejected" if status == Media.Processing.REJECTED else "failed  "
                self.stdout.write(self.style.ERROR(f"{label}  {path}: {message}"))
        return statuses
