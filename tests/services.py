"""Is an external service reachable? Used by the test suite and by `make test-postgres`.

A test that needs a service skips with a visible reason when it is absent; with
REQUIRE_SERVICES=1 (as in CI) a missing service is a failure instead.

As a script: `python tests/services.py postgresql URL` exits 0 when the server answers, 3 when
it does not (after saying so), and 1 when it does not but REQUIRE_SERVICES=1.
"""

import os
import socket
import sys
from urllib.parse import urlsplit

DEFAULT_PORTS = {"postgresql": 5432, "postgres": 5432, "redis": 6379, "http": 80}


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") == "1"


def is_reachable(url: str, timeout: float = 1.0) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    name, url = argv[1], argv[2]
    if is_reachable(url):
        return 0
    message = f"{name} is not reachable at {urlsplit(url).netloc}"
    if services_required():
        print(f"FAILED: {message}, and REQUIRE_SERVICES=1.", file=sys.stderr)
        return 1
    print(f"SKIPPED: the {name} run of the suite ({message}).")
    return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
