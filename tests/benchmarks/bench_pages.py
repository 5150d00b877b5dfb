"""Weight of the public pages as served (compressed HTML), before any media."""

import gzip

from tests.benchmarks.demo_site import demo_site


def compressed_kb(body: bytes) -> float:
    return len(gzip.compress(body, compresslevel=6)) / 1024


def run() -> dict[str, float]:
    from django.test import Client

    demo_site()
    client = Client()
    figures = {}
    for name, url in [("home", "/fr/"), ("documentary", "/fr/documentaire/")]:
        response = client.get(url)
        assert response.status_code == 200, url
        figures[f"html_kb_{name}"] = round(compressed_kb(response.content), 3)
    return figures
