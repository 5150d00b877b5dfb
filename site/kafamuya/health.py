"""GET /healthz: is each part the archive needs working? 200 if all are, 503 otherwise.

The answer names each part and says what is wrong in a few words, never a traceback or a path.
"""

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .models import WorkerHeartbeat


class Unhealthy(Exception):
    pass


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def check_storage() -> str:
    for alias in ("default", "private"):
        storage = storages[alias]
        name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        try:
            with storage.open(name) as handle:
                if handle.read() != b"ok":
                    raise Unhealthy(f"{alias} storage returned other bytes than it was given")
        finally:
            storage.delete(name)
    return "default and private storage writable"


def check_search() -> str:
    backend = get_search_backend()
    list(backend.search("kafamuya", Page.objects.all())[:1])
    return type(backend).__module__


def check_worker() -> str:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return f"tasks run in the web process ({type(backend).__name__})"
    alive = WorkerHeartbeat.objects.alive().count()
    if not alive:
        raise Unhealthy(
            f"no task worker has reported in the last {settings.WORKER_STALE_AFTER_SECONDS} s"
        )
    return f"{alive} worker(s) alive"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "storage": check_storage,
    "search": check_search,
    "worker": check_worker,
}


def run_checks() -> dict[str, dict[str, object]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as exc:
            detail = str(exc) if isinstance(exc, Unhealthy) else type(exc).__name__
            results[name] = {"ok": False, "detail": detail}
    return results


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "healthy" if healthy else "unhealthy", "checks": checks},
        status=200 if healthy else 503,
    )
