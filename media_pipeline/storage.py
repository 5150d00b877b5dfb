"""Where files live. Originals always go to the private store (settings.STORAGES["private"])."""

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: outside MEDIA_ROOT and without any URL of their own.

    A private file is only ever served by a view that checks who is asking, so this storage
    refuses to make a URL instead of producing a guessable public one.
    """

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a checked view.")


class PrivateStorage(LazyObject):
    """The private store, looked up on first use and again whenever STORAGES changes.

    A FileField keeps the storage object it was given when the model class was built; handing
    it this proxy lets settings (and tests) switch between local files and S3.
    """

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private_storage = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage() -> Storage:
    """The private store (a callable, so migrations record a reference, not an object)."""
    return _private_storage
