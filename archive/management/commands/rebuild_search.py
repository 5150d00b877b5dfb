"""`manage.py rebuild_search`: index every transcript segment again, with a progress bar.

Pages, images and the rest of Wagtail's index are rebuilt by Wagtail's own `update_index`.
"""

import sys
import time

from django.core.management.base import BaseCommand
from modelsearch.backends import get_search_backends_with_name

from archive.models import TranscriptSegment
from archive.search import indexing


class ProgressBar:
    """`[#####.....]  52%  52000/100000  3.1 s` on one line of a terminal, or a line per
    tenth elsewhere (logs)."""

    def __init__(self, total: int, stream, width: int = 30) -> None:
        self.total, self.done, self.stream, self.width = max(total, 1), 0, stream, width
        self.started = time.monotonic()
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.last_tenth = -1

    def __call__(self, count: int) -> None:
        self.done += count
        fraction = min(self.done / self.total, 1)
        line = (f"[{'#' * round(fraction * self.width):.<{self.width}}] {fraction:4.0%}  "
                f"{self.done}/{self.total}  {time.monotonic() - self.started:.1f} s")
        if self.tty:
            self.stream.write("\r" + line)
        elif int(fraction * 10) != self.last_tenth:
            self.last_tenth = int(fraction * 10)
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Index every transcript segment again, in every search backend (or one)."

    def add_arguments(self, parser):
        parser.add_argument("--backend", action="append", dest="backends", metavar="NAME",
                            help="Only this backend of WAGTAILSEARCH_BACKENDS (repeatable).")
        parser.add_argument("--no-progress", action="store_true",
                            help="Do not show the progress bar.")

    def handle(self, *args, backends=None, no_progress=False, verbosity=1, **options):
        names = [name for name, _b in get_search_backends_with_name()
                 if not backends or name in backends]
        total = TranscriptSegment.objects.count() * len(names)
        bar = None if no_progress or verbosity == 0 else ProgressBar(total, sys.stderr)
        started = time.monotonic()
        count = indexing.rebuild(progress=bar, backend_names=names)
        if bar:
            bar.close()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(
                f"Indexed {count} segments in {', '.join(names)} "
                f"({time.monotonic() - started:.1f} s)."))
