"""Search on PostgreSQL's full text, against the real server.

These run in the PostgreSQL pass of the suite (`make test-postgres`, or
`DATABASE_URL=postgres://... pytest`), where every other search test runs on PostgreSQL too;
on SQLite they skip, saying so.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.db import connection
from django.test import override_settings
from wagtail.search.models import IndexEntry

from archive.models import TranscriptSegment
from archive.search import Filters, search_segments
from archive.search.engines import PostgresEngine, get_engine
from tests.archive.search_data import ANONYMOUS, make_testimony, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(f"PostgreSQL search tests: this run uses {connection.vendor}; they run in "
                    "the PostgreSQL pass (make test-postgres)")


def test_the_engine_is_postgresql_full_text_with_the_simple_configuration():
    engine = get_engine()
    assert isinstance(engine, PostgresEngine)
    assert engine.config == "simple"
    assert not [e for e in checks.run_checks() if e.id == "archive.E001"]
    english = {"default": {"BACKEND": "wagtail.search.backends.database",
                           "SEARCH_CONFIG": "english"}}
    with override_settings(WAGTAILSEARCH_BACKENDS=english):
        assert [e.id for e in checks.run_checks() if e.id == "archive.E001"] == ["archive.E001"]


def test_segments_are_indexed_as_their_keys():
    _page, transcript = make_testimony([(1, "Les migrantes déplacées à Ségou.")])
    segment = transcript.segments.get()
    entry = IndexEntry.objects.get(
        content_type=ContentType.objects.get_for_model(TranscriptSegment),
        object_id=str(segment.pk))
    with connection.cursor() as cursor:
        cursor.execute("SELECT body::text, body_text FROM wagtailsearch_indexentry "
                       "WHERE id = %s", [entry.pk])
        vector, text = cursor.fetchone()
    assert text == "le migr deplac segou"
    assert vector == "'deplac':3 'le':1 'migr':2 'segou':4"


def test_words_spellings_and_access_on_postgresql():
    make_testimony([(1, "Une vendeuse déplacée."), (2, "An ka ɲɔgɔn dɛmɛ.")])
    make_testimony([(1, "Le mot cryptozoologique.")], live=False)
    for query in ("vendeuses deplacees", "nyogon", "ñògòn"):
        assert search_segments(ANONYMOUS, query, Filters(), 1).total == 1, query
    hidden = search_segments(ANONYMOUS, "cryptozoologique", Filters(), 1)
    assert (hidden.total, hidden.facets) == (0, [])
    assert search_segments(staff(), "cryptozoologique", Filters(), 1).total == 1
