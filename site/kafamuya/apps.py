from django.apps import AppConfig


class KafamuyaConfig(AppConfig):
    """Project-wide pieces: health check, worker heartbeat, management commands."""

    name = "kafamuya"
    verbose_name = "Kafamuya"
    default_auto_field = "django.db.models.BigAutoField"
