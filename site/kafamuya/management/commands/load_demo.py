"""`manage.py load_demo`: build the demo archive. Running it again changes nothing."""

from django.core.management.base import BaseCommand

from kafamuya.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "Build the demo archive (French content with English translations). Idempotent."

    def handle(self, *args, **options):
        created = DemoBuilder(log=self.stdout.write).build()
        if created:
            message = f"Demo archive ready ({created} objects created)."
            self.stdout.write(self.style.SUCCESS(message))
        else:
            self.stdout.write("Demo archive already complete; nothing changed.")
