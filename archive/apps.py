from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .search import checks, tasks  # noqa: F401 - checks register themselves

        tasks.connect()
        self.connect_withdrawal_notices()

    def connect_withdrawal_notices(self) -> None:
        from django.db.models.signals import post_save

        from .copy_holders import withdrawal_saved
        from .models import ConsentRecord

        post_save.connect(withdrawal_saved, sender=ConsentRecord, dispatch_uid="copy_holders")
