#!/usr/bin/env python
"""Django's command-line utility for the Kafamuya Archive."""

import os
import sys
from pathlib import Path

# The Django project package lives in site/ (a source folder, not a package: the standard
# library owns the module name `site`). See README, "Layout".
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kafamuya.settings.dev")
    from kafamuya.startup import run_command_line

    run_command_line(sys.argv)


if __name__ == "__main__":
    main()
