"""`manage.py run_worker`: django-tasks-db's worker, plus a heartbeat and dead-worker recovery.

Without `--queue-name` a worker takes every queue (one worker does everything, as in tests);
`make run` and the production units start separate workers for the "urgent" and "default"
queues and for "media", so that urgent work never waits behind an encode.
"""

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from kafamuya.worker import HeartbeatThread, beat, requeue_abandoned_tasks


class Command(db_worker.Command):
    help = "Run the background task worker (with heartbeat, for /healthz and job recovery)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, **options):
        options["reload"] = False  # a reloader would fork a second, heartbeat-less process
        beat(options["worker_id"])
        requeue_abandoned_tasks()
        heartbeat = HeartbeatThread(options["worker_id"], settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
