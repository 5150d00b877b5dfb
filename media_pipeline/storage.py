"""Where files live. Originals always go to the private store (settings.STORAGES["private"])."""

from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: outside MEDIA_ROOT and without any URL of their own.

    A private file is only ever served by a view that checks who is asking, so this storage
    refuses to make a URL instead of producing a guessable public one.
    """

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a checked view.")


def private_storage() -> Storage:
    """The private store, resolved at call time so that tests and settings can swap it."""
    return storages["private"]
