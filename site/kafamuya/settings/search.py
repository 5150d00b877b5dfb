"""The WAGTAILSEARCH_BACKENDS setting: the database by default, Elasticsearch or OpenSearch
when ELASTICSEARCH_URL or OPENSEARCH_URL is set.

The database backend is Wagtail's: SQLite FTS5, or PostgreSQL full text with the `simple`
configuration (the archive makes its own search keys, see archive.search.normalise; the `simple`
configuration keeps them as they are). Elasticsearch and OpenSearch indexes are named
`SEARCH_INDEX_PREFIX` + `app_model` (transcript segments: `kafamuya_archive_transcriptsegment`);
their field `search_text` holds the same keys and is analysed by the standard analyser, with no
language analyser of its own. `SEARCH_ENGINE_VERSION` is the server's major version (default:
Elasticsearch 9, OpenSearch 3; the pinned Python clients are for those versions).
"""

from django.core.exceptions import ImproperlyConfigured

from . import env

DATABASE_BACKEND = {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
ENGINE_VERSIONS = {"elasticsearch": ("7", "8", "9"), "opensearch": ("2", "3")}
DEFAULT_VERSIONS = {"elasticsearch": "9", "opensearch": "3"}


def engine_backend(engine: str, url: str) -> dict:
    version = env.get_str("SEARCH_ENGINE_VERSION", DEFAULT_VERSIONS[engine])
    if version not in ENGINE_VERSIONS[engine]:
        raise ImproperlyConfigured(
            f"Set SEARCH_ENGINE_VERSION to one of {', '.join(ENGINE_VERSIONS[engine])} for "
            f"{engine} (it is {version!r}).")
    return {
        "BACKEND": f"wagtail.search.backends.{engine}{version}",
        "URLS": [url],
        "INDEX_PREFIX": env.get_str("SEARCH_INDEX_PREFIX", "kafamuya_"),
        "TIMEOUT": env.get_int("SEARCH_TIMEOUT", 10),
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }


def build_search_backends() -> dict:
    elasticsearch, opensearch = env.get_str("ELASTICSEARCH_URL"), env.get_str("OPENSEARCH_URL")
    if elasticsearch and opensearch:
        raise ImproperlyConfigured("Set ELASTICSEARCH_URL or OPENSEARCH_URL, not both.")
    if elasticsearch:
        return {"default": engine_backend("elasticsearch", elasticsearch)}
    if opensearch:
        return {"default": engine_backend("opensearch", opensearch)}
    return {"default": dict(DATABASE_BACKEND)}
