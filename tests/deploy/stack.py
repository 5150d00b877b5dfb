"""The production layout, started for real: nginx (Debian's) in front of gunicorn with the
production settings, a task worker, on a PostgreSQL database and a data folder of its own.

The database is a copy of the test database (the demo archive already in it), made with
PostgreSQL's `CREATE DATABASE … TEMPLATE`, so that the stack's processes and the rows they
serve are committed and separate from the tests' rolled-back transactions. nginx's site is
the repository's template rendered by `manage.py render_nginx` with the same settings as
gunicorn, so a test that passes here passes on the file that production installs.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

from tests.conftest import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Debian's libnginx-mod-http-cache-purge: the edge cache's PURGE.
CACHE_PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answers(url: str, process: subprocess.Popen, log: Path,
                       verify: str | bool = True) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()}")
        try:
            # Any answer will do (healthz says 503 without a worker; gunicorn alone redirects to
            # https, which only nginx speaks).
            requests.get(url, timeout=10, verify=verify, allow_redirects=False)
            return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {TIMEOUT} s:\n{log.read_text()}")


@dataclass
class Stack:
    folder: Path
    source_db: dict
    name: str = "stack"
    https_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    gunicorn_port: int = field(default_factory=free_port)
    purge_port: int = field(default_factory=free_port)
    processes: list = field(default_factory=list)
    seed: dict = field(default_factory=dict)

    @property
    def db_name(self) -> str:
        return f"{self.source_db['NAME']}_{self.name}"

    @property
    def database_url(self) -> str:
        db = self.source_db
        return (f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{self.db_name}")

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def certificate(self) -> str:
        """The stack's own certificate (for 127.0.0.1), which its clients trust."""
        return str(self.folder / "cert.pem")

    @property
    def gunicorn_url(self) -> str:
        return f"http://127.0.0.1:{self.gunicorn_port}"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def private_root(self) -> Path:
        return self.data_dir / "private"

    def environment(self, settings_module: str = "kafamuya.settings.production") -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "SECRET_KEY": "stack-test-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.url,
            "WAGTAILADMIN_BASE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "KAFAMUYA_DATA_DIR": str(self.data_dir),
            "KAFAMUYA_TEST_DATA_DIR": str(self.data_dir),
            "PRIVATE_MEDIA_ACCEL_PREFIX": "/_private/",
            "TRUSTED_PROXY_COUNT": "1",
            "EDGE_CACHE_SECONDS": "60",
            "EDGE_CACHE_PURGE_URL": f"http://127.0.0.1:{self.purge_port}",
        }

    def manage(self, *args: str, settings_module: str = "kafamuya.settings.production") -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, text=True,
                              env=self.environment(settings_module), capture_output=True,
                              timeout=600)
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def admin_connection(self) -> psycopg.Connection:
        db = self.source_db
        return psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                               user=db["USER"] or "postgres", dbname="postgres",
                               autocommit=True)

    def query(self, sql: str, *params) -> list[tuple]:
        """Rows from the stack's own database (what its processes wrote)."""
        db = self.source_db
        with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                             user=db["USER"] or "postgres", dbname=self.db_name) as conn:
            return conn.execute(sql, params).fetchall()

    # --- start and stop ------------------------------------------------------------------
    def start(self) -> "Stack":
        self.data_dir.mkdir(parents=True)
        with self.admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}"')
            conn.execute(f'CREATE DATABASE "{self.db_name}" TEMPLATE "{self.source_db["NAME"]}"')
        out = self.folder / "seed.json"
        self.manage("shell", "-c", f"from tests.deploy.seed import main; main({str(out)!r})",
                    settings_module="kafamuya.settings.test")
        self.seed = json.loads(out.read_text())
        self.manage("collectstatic", "--noinput", "-v0")
        self._start_gunicorn()
        self._spawn("worker", [sys.executable, "manage.py", "run_worker", "--interval", "0.2",
                               "--no-startup-delay", "--worker-id", "stack-worker"])
        self._start_nginx()
        return self

    def _spawn(self, name: str, command: list[str]) -> tuple[subprocess.Popen, Path]:
        log = self.folder / f"{name}.log"
        process = subprocess.Popen(command, cwd=ROOT, env=self.environment(),
                                   stdout=log.open("w"), stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process, log

    def _start_gunicorn(self) -> None:
        process, log = self._spawn("gunicorn", [
            sys.executable, "-m", "gunicorn", "--pythonpath", "site", "kafamuya.wsgi",
            "--bind", f"127.0.0.1:{self.gunicorn_port}", "--workers", "2",
            "--forwarded-allow-ips", "127.0.0.1"])
        wait_until_answers(f"{self.gunicorn_url}/healthz", process, log)

    def nginx_site(self) -> str:
        return self.manage(
            "render_nginx", "--server-name", "127.0.0.1 localhost",
            "--https-listen", f"127.0.0.1:{self.https_port}",
            "--http-listen", f"127.0.0.1:{self.http_port}",
            "--upstream", f"127.0.0.1:{self.gunicorn_port}",
            "--purge-listen", f"127.0.0.1:{self.purge_port}",
            "--cache-dir", str(self.folder / "edge-cache"),
            "--certificate", self.certificate,
            "--certificate-key", str(self.folder / "key.pem"))

    def _start_nginx(self) -> None:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(self.folder / "key.pem"),
                        "-out", str(self.folder / "cert.pem")],
                       check=True, capture_output=True)
        (self.folder / "site.conf").write_text(self.nginx_site())
        temp = self.folder / "nginx-temp"
        temp.mkdir()
        # As root (CI), nginx's workers would drop to `nobody`, who cannot read the test's
        # folders: they keep the current user instead.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(f"""
{user}load_module {CACHE_PURGE_MODULE};
worker_processes 2;
pid {self.folder}/nginx.pid;
error_log {self.folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.folder}/nginx-access.log;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.folder}/site.conf;
}}
""")
        process, _ = self._spawn("nginx", [
            NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
            "-e", str(self.folder / "nginx-error.log"), "-g", "daemon off;"])
        wait_until_answers(f"{self.url}/healthz", process, self.folder / "nginx-error.log",
                           verify=self.certificate)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        with self.admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
