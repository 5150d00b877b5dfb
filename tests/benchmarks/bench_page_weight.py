"""What a phone downloads for a page before any media: the HTML and every stylesheet, script
and font it references, each compressed (gzip, as the web server sends them), in KB.

`page_kb_home` and `page_kb_documentary`: goal at most 100 KB each. Pages are fetched with the
Django test client; whitenoise serves the static files under the test settings.
"""

import gzip
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from tests.benchmarks.demo_site import demo_site

PAGES = {"home": "/fr/", "documentary": "/fr/documentaire/"}
FONT_URL = re.compile(r"""url\(\s*['"]?([^'")]+\.(?:woff2?|ttf|otf)(?:[?#][^'")]*)?)['"]?\s*\)""")
IMPORT_URL = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")


def compressed_kb(body: bytes) -> float:
    return len(gzip.compress(body, compresslevel=6)) / 1024


@dataclass
class PageWeight:
    url: str
    files: dict[str, float] = field(default_factory=dict)  # URL: compressed KB

    @property
    def total_kb(self) -> float:
        return sum(self.files.values())


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return body_of(response)


def referenced_assets(html: bytes, base: str) -> list[str]:
    """Stylesheets, scripts and preloaded fonts that the page makes the browser download."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    urls = [link["href"] for link in soup.find_all("link", href=True)
            if "stylesheet" in link.get("rel", [])
            or ("preload" in link.get("rel", []) and link.get("as") in {"font", "style", "script"})]
    urls += [script["src"] for script in soup.find_all("script", src=True)]
    return [urljoin(base, url) for url in urls]


def page_weight(client, url: str) -> PageWeight:
    weight = PageWeight(url)
    html = fetch(client, url)
    weight.files[url] = compressed_kb(html)
    queue = referenced_assets(html, url)
    while queue:
        asset = queue.pop(0)
        path = urlsplit(asset).path
        if path in weight.files or urlsplit(asset).netloc not in {"", "testserver"}:
            continue
        body = fetch(client, path)
        weight.files[path] = compressed_kb(body)
        if path.endswith(".css"):  # fonts and imported sheets that the stylesheet pulls in
            text = body.decode("utf-8", "replace")
            queue += [urljoin(path, u) for u in FONT_URL.findall(text) + IMPORT_URL.findall(text)]
    return weight


def run() -> dict[str, float]:
    from django.test import Client

    demo_site()
    client = Client()
    return {f"page_kb_{name}": round(page_weight(client, url).total_kb, 3)
            for name, url in PAGES.items()}
