"""The test suite: fast hashing, files under a temporary folder, tasks run on the spot."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import TASK_QUEUES, env
from .storage import build_storages

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATA_DIR = Path(env.get_str("KAFAMUYA_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="kafamuya-test-"))
STORAGES = build_storages(DATA_DIR)
MEDIA_ROOT = str(DATA_DIR / "media")
MEDIA_PIPELINE_WORK_DIR = str(DATA_DIR / "work")
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "uploads")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(exist_ok=True)
# Tests that need processing run it themselves (or turn this on).
MEDIA_PROCESS_ON_SAVE = env.get_bool("MEDIA_PROCESS_ON_SAVE", False)
# Tasks run on the spot, except in a worker process that a test starts (it sets TASKS_BACKEND).
TASKS = {"default": {
    "BACKEND": env.get_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    "QUEUES": TASK_QUEUES,
}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker started by a test sees the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
# Serve static files from the apps' folders, as `runserver` does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
