"""Production settings: refuse to start without what they need, in one line; pass check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    clean.update({"KAFAMUYA_DATA_DIR": str(tmp_path), **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean,
                          capture_output=True, text=True, timeout=120)


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "kafamuya.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "archive.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "https://archive.example.org",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v}


def assert_one_line_naming(result: subprocess.CompletedProcess, variable: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env=production_env(tmp_path), tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = manage("check", env=production_env(tmp_path, SECRET_KEY=""), tmp_path=tmp_path)
    assert_one_line_naming(result, "SECRET_KEY")


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = manage("check", env=production_env(tmp_path, ALLOWED_HOSTS=""), tmp_path=tmp_path)
    assert_one_line_naming(result, "ALLOWED_HOSTS")


def test_unreachable_database_is_one_line_naming_database_url(tmp_path):
    env = {"DATABASE_URL": "postgres://postgres:hunter2@127.0.0.1:9/kafamuya"}
    result = manage("migrate", env=env, tmp_path=tmp_path)
    assert_one_line_naming(result, "DATABASE_URL")
    assert "hunter2" not in result.stderr  # the password is never printed


def test_wsgi_refuses_to_start_without_secret_key(tmp_path):
    env = {**os.environ, **production_env(tmp_path, SECRET_KEY="")}
    env["PYTHONPATH"] = str(ROOT / "site")
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-c", "import kafamuya.wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert_one_line_naming(result, "SECRET_KEY")
