"""System check: the PostgreSQL search configuration must not stem or drop words itself.

Keys are made in Python (`archive.search.normalise`); a language configuration such as
PostgreSQL's default `english` would stem them again and drop some as stop words, differently
at index and query time.
"""

from django.core import checks
from django.db import connection


@checks.register()
def search_config(app_configs=None, **kwargs):
    from django.conf import settings

    if connection.vendor != "postgresql":
        return []
    errors = []
    for name, params in settings.WAGTAILSEARCH_BACKENDS.items():
        if params.get("BACKEND", "").startswith("wagtail.search.backends.database") and \
                params.get("SEARCH_CONFIG") != "simple":
            errors.append(checks.Error(
                f"WAGTAILSEARCH_BACKENDS['{name}'] must set SEARCH_CONFIG to 'simple' on "
                "PostgreSQL: archive.search makes the search keys itself.",
                id="archive.E001",
            ))
    return errors
