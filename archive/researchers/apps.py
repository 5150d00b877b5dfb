from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchersConfig(AppConfig):
    """Researcher accounts: applications, approval until a date, grants to restricted items."""

    name = "archive.researchers"
    label = "researchers"
    verbose_name = _("Researchers")
    default_auto_field = "django.db.models.BigAutoField"
