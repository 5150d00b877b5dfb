"""`manage.py consent_daily`: queue the day's consent watch (expiry, review notices)."""

from django.core.management.base import BaseCommand

from archive.consent_watch import watch_consent


class Command(BaseCommand):
    help = ("Queue the daily consent watch: items whose consent expired more than "
            "CONSENT_EXPIRY_GRACE_DAYS ago are withdrawn and purged; archivists are e-mailed "
            "once about records due for review. Run it once a day (systemd timer, Procfile).")

    def handle(self, *args, **options) -> None:
        result = watch_consent.enqueue()
        self.stdout.write(f"consent watch queued ({result.id})")
