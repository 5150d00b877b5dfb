"""Run every benchmark module and print its figures as `name: value` lines."""

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def formatted(value: float) -> str:
    """Whole numbers (sizes in bytes) as integers, the rest (ratios, seconds) to 3 decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def setup_django() -> None:
    """A throwaway database and data folder, so a benchmark never touches real data."""
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "kafamuya.settings.test"
    data_dir = tempfile.mkdtemp(prefix="kafamuya-bench-")
    os.environ["KAFAMUYA_TEST_DATA_DIR"] = data_dir
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{data_dir}/bench.sqlite3")
    import django

    django.setup()


def main(selected: list[str]) -> int:
    setup_django()
    package = Path(__file__).resolve().parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(package)])
                   if m.name.startswith("bench_"))
    for name in names:
        if selected and name.removeprefix("bench_") not in selected:
            continue
        module = importlib.import_module(f"tests.benchmarks.{name}")
        for figure, value in module.run().items():
            print(f"{figure}: {formatted(value)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
