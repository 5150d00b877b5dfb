"""GET /healthz reports each part and answers 503 when one is broken."""

import pytest
from django.core.files.storage import storages
from django.test import override_settings

from kafamuya.worker import beat
from tests.worker_tasks import DB_TASKS


@pytest.fixture
def database_task_backend():
    """The production queue (django-tasks resets its backends when TASKS changes)."""
    with override_settings(TASKS=DB_TASKS):
        yield


@pytest.mark.django_db
def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "healthy"
    assert set(data["checks"]) == {"database", "storage", "search", "worker"}
    assert all(check["ok"] for check in data["checks"].values())


@pytest.mark.django_db
def test_no_worker_alive_is_unhealthy_until_one_beats(client, database_task_backend):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False
    assert "no task worker" in response.json()["checks"]["worker"]["detail"]
    beat("test-worker")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["detail"] == "1 worker(s) alive"


@pytest.mark.django_db
def test_unwritable_storage_is_unhealthy(client, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    private = storages["private"]
    original = private.location
    private.__dict__["base_location"] = str(blocker)
    private.__dict__["location"] = str(blocker)
    try:
        response = client.get("/healthz")
    finally:
        private.__dict__["base_location"] = original
        private.__dict__["location"] = original
    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert storage["ok"] is False
    assert str(blocker) not in storage["detail"]  # no paths leak
