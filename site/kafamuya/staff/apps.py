from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff accounts: two-step verification (django-otp), session limits, login lockout page."""

    name = "kafamuya.staff"
    label = "kafamuya_staff"
    verbose_name = _("Staff accounts")
