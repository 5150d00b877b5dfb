from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from wagtail.models import PageViewRestriction

        from . import edge_cache
        from .copy_holders import withdrawal_saved
        from .models import ConsentRecord
        from .protected_slugs import on_restriction_saved
        from .search import checks, tasks  # noqa: F401 - checks register themselves

        tasks.connect()
        edge_cache.connect()
        post_save.connect(on_restriction_saved, sender=PageViewRestriction,
                          dispatch_uid="archive.protected_slugs")
        # A withdrawal tells the researchers who hold copies (archive.copy_holders).
        post_save.connect(withdrawal_saved, sender=ConsentRecord, dispatch_uid="copy_holders")
