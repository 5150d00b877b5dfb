"""Moving finished renditions from the worker's scratch folder into the private store, and
removing them again. Names keep their place relative to the scratch folder, so an HLS
playlist still finds its segments beside it."""

from collections.abc import Iterable
from pathlib import Path

from django.core.files import File

from .storage import private_storage


class StorageUnavailable(RuntimeError):
    """The store could not be read or written; the job is worth retrying later."""


def store_files(paths: Iterable[Path], local_root: Path, prefix: str) -> list[str]:
    """Upload each file under `prefix`, keeping its path relative to `local_root`."""
    storage = private_storage()
    stored = []
    try:
        for path in paths:
            name = f"{prefix}/{path.relative_to(local_root).as_posix()}"
            with path.open("rb") as handle:
                saved = storage.save(name, File(handle))
            if saved != name:  # a renamed segment would break its playlist
                raise StorageUnavailable(f"the store renamed {name} to {saved}")
            stored.append(saved)
    except StorageUnavailable:
        delete_files(stored)
        raise
    except Exception as exc:
        delete_files(stored)
        raise StorageUnavailable(_storage_reason(exc)) from exc
    return stored


def delete_files(names: Iterable[str]) -> None:
    """Delete stored files, ignoring those already gone."""
    storage = private_storage()
    for name in names:
        try:
            storage.delete(name)
        except FileNotFoundError:
            continue


def fetch_original(name: str, destination: Path) -> Path:
    """A local copy of a stored original (ffmpeg reads local files only), streamed in chunks."""
    storage = private_storage()
    try:
        with storage.open(name, "rb") as source, destination.open("wb") as target:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                target.write(chunk)
    except FileNotFoundError:
        raise
    except Exception as exc:
        raise StorageUnavailable(_storage_reason(exc)) from exc
    return destination


def _storage_reason(exc: Exception) -> str:
    return f"the file store is unreachable ({type(exc).__name__})"
