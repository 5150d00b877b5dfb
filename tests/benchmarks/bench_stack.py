"""What nginx costs in front of gunicorn, page by page, on this machine.

The production layout of tests/deploy (nginx with the repository's site, gunicorn with the
production settings, PostgreSQL) is started on a database holding the demo archive. wrk, a
bounded load generator on loopback (16 connections, STACK_BENCH_SECONDS each, 20 by default),
asks for each page straight from gunicorn and then through nginx, interleaved:

- `stack_ratio_<page>`: requests a second through nginx over the same page from gunicorn
  (goal at least 0.9: the proxy should cost little); these requests carry a session cookie, so
  that nginx passes them on rather than answering from its edge cache;
- `stack_p99_ms_<page>`: the 99th percentile latency through nginx;
- `cached_ratio_documentary`: the documentary for anonymous visitors, from the edge cache,
  over a static file of the same size from the same nginx (goal at least 0.5);
- `purge_to_miss_ms`: from a withdrawal until the edge cache no longer answers the item's
  page (goal at most 1,000);
- `stack_benchmarks_run`: 1, or 0 when PostgreSQL, nginx or wrk is missing (the reason is
  logged), so that a missing figure is never mistaken for a good one.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import requests

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


def wrk(url: str, *headers: str) -> tuple[float, float]:
    """(requests a second, p99 in ms) of `url` under the bounded load."""
    extra = [option for header in headers for option in ("-H", header)]
    done = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency",
         "-H", "X-Forwarded-Proto: https", *extra, url],
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


def cached_ratio(stack: Stack, path: str) -> float:
    page = requests.get(stack.url + path, verify=stack.certificate, timeout=30).content
    same_size = stack.data_dir / "static" / "bench-same-size.html"
    same_size.write_bytes(b"x" * len(page))
    static, _ = wrk(f"{stack.url}/static/{same_size.name}")
    cached, _ = wrk(stack.url + path)
    log(f"documentary from the edge cache {cached:.1f} req/s, same-size static file "
        f"{static:.1f} req/s")
    return round(cached / static, 3)


def purge_to_miss_ms(stack: Stack) -> float:
    """Warm the cache with an item's page, withdraw it (in a process of the stack), and time
    until nginx no longer answers the cached page."""
    url = stack.url + stack.seed["withdrawn"]["page"]
    for _ in range(2):
        requests.get(url, verify=stack.certificate, timeout=30)
    seen: list[float] = []

    def poll() -> None:
        with requests.Session() as session:
            session.trust_env = False
            while session.get(url, verify=stack.certificate, timeout=30).status_code == 200:
                time.sleep(0.01)
        seen.append(time.time())

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    record = stack.seed["withdrawn"]["record"]
    started = float(stack.manage("shell", "-c", (
        "import time; from django.contrib.auth import get_user_model; "
        "from archive.models import ConsentRecord; from archive.withdrawal import "
        f"withdraw_consent; record = ConsentRecord.objects.get(pk={record}); "
        "user = get_user_model().objects.get(username='stack-staff'); started = time.time(); "
        "withdraw_consent(record, user); print(started)")).split()[-1])
    poller.join(timeout=120)
    return round((seen[0] - started) * 1000, 1)


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
            proxied, p99 = wrk(stack.url + path, "Cookie: sessionid=bench-uncached")
            log(f"{name}: gunicorn {direct:.1f} req/s, nginx {proxied:.1f} req/s, p99 {p99:.1f} ms")
            figures[f"stack_ratio_{name}"] = round(proxied / direct, 3)
            figures[f"stack_p99_ms_{name}"] = round(p99, 1)
        figures["cached_ratio_documentary"] = cached_ratio(stack, pages["documentary"])
        figures["purge_to_miss_ms"] = purge_to_miss_ms(stack)
    finally:
        stack.stop()
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{source["NAME"]}" WITH (FORCE)')
    return {**figures, "stack_benchmarks_run": 1}
