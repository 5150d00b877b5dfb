"""What nginx costs in front of gunicorn, page by page, on this machine.

The production layout of tests/deploy (nginx with the repository's site, gunicorn with the
production settings, PostgreSQL) is started on a database holding the demo archive. wrk, a
bounded load generator on loopback (16 connections, STACK_BENCH_SECONDS each, 20 by default),
asks for each page straight from gunicorn and then through nginx, interleaved:

- `stack_ratio_<page>`: requests a second through nginx over the same page from gunicorn
  (goal at least 0.9: the proxy should cost little);
- `stack_p99_ms_<page>`: the 99th percentile latency through nginx;
- `stack_benchmarks_run`: 1, or 0 when PostgreSQL, nginx or wrk is missing (the reason is
  logged), so that a missing figure is never mistaken for a good one.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from tests.conftest import ROOT
from tests.deploy.stack import CACHE_PURGE_MODULE, NGINX, Stack
from tests.services import is_reachable

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SECONDS = int(os.environ.get("STACK_BENCH_SECONDS", "20"))
CONNECTIONS = 16
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def log(message: str) -> None:
    print(f"# bench_stack: {message}", file=sys.stderr, flush=True)


def missing() -> str | None:
    if not is_reachable(POSTGRES):
        return f"PostgreSQL is not reachable at {POSTGRES}"
    if not (Path(NGINX).exists() and CACHE_PURGE_MODULE.exists()):
        return "nginx or its cache-purge module is missing (apt-get install nginx-light " \
               "libnginx-mod-http-cache-purge)"
    if not shutil.which("wrk"):
        return "wrk is not installed (apt-get install wrk)"
    return None


def wrk(url: str) -> tuple[float, float]:
    """(requests a second, p99 in ms) of `url` under the bounded load."""
    done = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency",
         "-H", "X-Forwarded-Proto: https", url],
        capture_output=True, text=True, check=True, timeout=SECONDS + 60)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", done.stdout, re.M).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error answers under load")
    return rate, float(value) * _UNITS[unit]


def demo_database(name: str) -> dict:
    """A new PostgreSQL database named `name` with the demo archive, made by a process of its
    own (the benchmarks' own process stays on its throwaway SQLite database)."""
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES.rsplit("/", 1)[0]
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from tests.benchmarks.demo_site import demo_site; demo_site()"],
        cwd=ROOT, check=True, capture_output=True, timeout=900,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kafamuya.settings.test",
             "DATABASE_URL": f"{base}/{name}"})
    host, port = re.match(r"postgres(?:ql)?://[^@]*@([^:/]+):?(\d*)/", POSTGRES).groups()
    user = re.match(r"postgres(?:ql)?://([^@:]*)", POSTGRES).group(1)
    return {"NAME": name, "USER": user, "HOST": host, "PORT": port or 5432}


def run() -> dict[str, float]:
    reason = missing()
    if reason:
        log(f"not run: {reason}")
        return {"stack_benchmarks_run": 0}
    source = demo_database(f"kafamuya_bench_{os.getpid()}")
    stack = Stack(Path(tempfile.mkdtemp(prefix="kafamuya-bench-stack-")), source)
    figures: dict[str, float] = {}
    try:
        stack.start()
        pages = {"home": "/fr/", "documentary": "/fr/documentaire/",
                 "testimony": stack.seed["public"]["page"], "search": "/fr/recherche/?q=eau"}
        for name, path in pages.items():
            direct, _ = wrk(stack.gunicorn_url + path)
            proxied, p99 = wrk(stack.url + path)
            log(f"{name}: gunicorn {direct:.1f} req/s, nginx {proxied:.1f} req/s, p99 {p99:.1f} ms")
            figures[f"stack_ratio_{name}"] = round(proxied / direct, 3)
            figures[f"stack_p99_ms_{name}"] = round(p99, 1)
    finally:
        stack.stop()
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{source["NAME"]}" WITH (FORCE)')
    return {**figures, "stack_benchmarks_run": 1}
