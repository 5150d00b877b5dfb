"""Compiling gettext catalogs (.po to .mo) with polib, so a fresh machine needs no GNU gettext.

The .mo files are build products (git-ignored); `make run`, `make test` and the test suite's
start-up compile any that are missing or older than their .po.
"""

from pathlib import Path

import polib


def compile_catalogs(locale_dirs: list[Path]) -> list[Path]:
    """Compile each stale catalog under the given locale folders; returns the .mo files written."""
    written = []
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written
