"""Importing media files from disk in bulk (the work of `manage.py ingest_media`).

Each file is streamed into the private store in chunks, never read whole into memory, under the
UUID name the model gives it, and queued for processing. What is refused is refused before
anything is stored: a file over MEDIA_MAX_UPLOAD_BYTES, or one whose extension is not an audio
or video one (skipped with a note).
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from wagtail.models import Collection
from wagtailmedia.settings import wagtailmedia_settings

from .models import Media
from .queueing import queue_processing
from .uploads import check_upload_size

TITLE_MAX_LENGTH = Media._meta.get_field("title").max_length


class IngestRefused(Exception):
    """A file was not imported; the message says why, for the person importing."""


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


def media_type_for(path: Path) -> str | None:
    """"video" or "audio" by extension (the pipeline corrects it from the content), or None."""
    extension = path.suffix.lower().lstrip(".")
    if extension in wagtailmedia_settings.VIDEO_EXTENSIONS:
        return "video"
    if extension in wagtailmedia_settings.AUDIO_EXTENSIONS:
        return "audio"
    return None


def _files_under(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders.sort()
        found += [Path(folder) / name for name in sorted(names)]
    return found


def find_media_files(paths: Iterable[Path]) -> tuple[list[Path], list[Skipped]]:
    """The media files among `paths` and the files inside them (folders recursively, in name
    order, each file once), and the files skipped with the reason why."""
    media_files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()
    for given in paths:
        if not given.exists():
            skipped.append(Skipped(given, "no such file or folder"))
            continue
        for path in _files_under(given):
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            if not path.is_file():
                skipped.append(Skipped(path, "not a regular file"))
            elif media_type_for(path) is None:
                skipped.append(Skipped(path, "not an audio or video extension"))
            else:
                media_files.append(path)
    return media_files, skipped


def find_collection(value: str | None) -> Collection:
    """The collection named (or numbered) `value`; the root collection when None."""
    if not value:
        return Collection.get_first_root_node()
    if value.isdigit():
        found = Collection.objects.filter(pk=int(value))
    else:
        found = Collection.objects.filter(name__iexact=value)
    if len(found) != 1:
        names = ", ".join(sorted(Collection.objects.values_list("name", flat=True)))
        problem = "no collection" if not found else "several collections"
        raise IngestRefused(f"{problem} called {value!r}; the collections are: {names}")
    return found[0]


def default_title(path: Path) -> str:
    """The file's name without its extension: internal, and never part of the stored name."""
    return path.stem[:TITLE_MAX_LENGTH] or path.name[:TITLE_MAX_LENGTH]


def import_file(path: Path, *, title: str, collection: Collection) -> Media:
    """Store one file as a new Media and queue it for processing. Raises IngestRefused."""
    kind = media_type_for(path)
    if kind is None:
        raise IngestRefused("not an audio or video extension")
    try:
        check_upload_size(path.stat().st_size)
    except ValidationError as refusal:
        raise IngestRefused(refusal.messages[0]) from None
    media = Media(title=title[:TITLE_MAX_LENGTH], type=kind, collection=collection)
    with path.open("rb") as handle:
        # Django's storages copy a File in chunks; the name given only lends its extension.
        media.file.save(path.name, File(handle, name=path.name), save=False)
    try:
        with transaction.atomic():
            media.save()
            if not settings.MEDIA_PROCESS_ON_SAVE:  # otherwise the save has queued it
                queue_processing(media)
    except BaseException:
        media.file.storage.delete(media.file.name)
        raise
    return media
