"""`manage.py build_catalogs`: compile the project's translations without GNU gettext."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kafamuya.catalogs import compile_catalogs


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files (with polib)."

    def handle(self, *args, **options):
        written = compile_catalogs([Path(p) for p in settings.LOCALE_PATHS])
        for path in written:
            self.stdout.write(f"compiled {path}")
        if not written:
            self.stdout.write("catalogs up to date")
