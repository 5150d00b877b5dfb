"""`python -m tests.benchmarks`: run every bench_*.py module here, print `name: value` lines.

Figures that are whole numbers (sizes in bytes) print as integers, the rest (ratios, seconds)
with three decimals.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def main() -> int:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kafamuya.settings.test")
    import django

    django.setup()
    package = Path(__file__).resolve().parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(package)])):
        if module.startswith("bench_"):
            figures = importlib.import_module(f"tests.benchmarks.{module}").run()
            for name, value in figures.items():
                print(f"{name}: {_format(value)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
