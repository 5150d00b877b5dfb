"""Search on Elasticsearch or OpenSearch.

Without a server, the request that Wagtail's Elasticsearch 9 backend would send is checked:
the access rule travels inside the query as a filter on the visible transcripts, and the counts
are an aggregation of that same query. With ELASTICSEARCH_URL (Elasticsearch 9) or
OPENSEARCH_URL (OpenSearch 3) set, the same searches run against the real server; otherwise
those tests skip, and the run ends with a NOT RUN line naming them (never counted as passing).
"""

import os
import uuid

import pytest
from django.test import override_settings

from archive.access import searchable_transcripts, visible_segments
from archive.search import Filters, indexing, search_segments
from archive.search.engines import WagtailEngine, reset_engines
from archive.search.normalise import query_terms
from kafamuya.settings.search import engine_backend
from tests.archive.search_data import ANONYMOUS, make_testimony, staff
from tests.conftest import not_run, require_service

pytestmark = pytest.mark.django_db


class FakeClient:
    """Stands for the Elasticsearch client: records each search, answers from `buckets`."""

    def __init__(self, buckets=(), hits=()):
        self.requests, self.buckets, self.hits = [], list(buckets), list(hits)

    def search(self, **request):
        self.requests.append(request)
        if "aggregations" in request:
            return {"aggregations": {"transcripts": {"buckets": [
                {"key": key, "doc_count": count} for key, count in self.buckets]}}}
        return {"hits": {"hits": [{"fields": {"pk": [str(pk)]}, "_score": 1.0}
                                  for pk in self.hits]}}


@pytest.fixture
def offline_backend():
    pytest.importorskip("elasticsearch")
    from modelsearch.backends.elasticsearch9 import Elasticsearch9SearchBackend

    backend = Elasticsearch9SearchBackend({"URLS": ["http://127.0.0.1:9"],
                                           "INDEX_PREFIX": "offline_"})
    backend.es = FakeClient()
    return backend


def terms_filters(node):
    """Every `terms` filter in an Elasticsearch query, as {field: set(values)}."""
    found = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "terms" and isinstance(value, dict):
                found.update({field: set(values) for field, values in value.items()})
            else:
                found.update(terms_filters(value))
    elif isinstance(node, list):
        for value in node:
            found.update(terms_filters(value))
    return found


def test_the_access_rule_is_a_filter_inside_the_elasticsearch_query(offline_backend):
    _hidden, hidden = make_testimony([(1, "Un mot secret.")], live=False)
    _page, public = make_testimony([(1, "Un mot public.")])
    offline_backend.es.buckets = [(public.pk, 1)]
    engine = WagtailEngine(offline_backend)

    counts = engine.hits_per_transcript(visible_segments(ANONYMOUS), query_terms("mot"))
    assert counts == {public.pk: 1}
    [request] = offline_backend.es.requests
    assert request["index"] == "offline_archive_transcriptsegment"
    assert request["size"] == 0
    assert request["aggregations"]["transcripts"]["terms"] == {
        "field": "transcript_id_filter", "size": 10_000}
    allowed = terms_filters(request["query"])["transcript_id_filter"]
    assert public.pk in allowed and hidden.pk not in allowed
    assert allowed == set(searchable_transcripts(ANONYMOUS).values_list("pk", flat=True))


def test_a_page_of_hits_is_one_query_per_recording_in_time_order(offline_backend):
    _page, transcript = make_testimony([(5, "Un mot."), (1, "Le mot.")])
    offline_backend.es.hits = list(transcript.segments.values_list("pk", flat=True))
    engine = WagtailEngine(offline_backend)
    ids = engine.hits_in(visible_segments(ANONYMOUS), query_terms("mot"), [[transcript.pk]],
                         0, 20)
    assert sorted(ids) == sorted(offline_backend.es.hits)
    [request] = offline_backend.es.requests
    assert request["sort"] == [{"start_ms_filter": "asc"}]
    filters = terms_filters(request["query"])
    assert filters["transcript_id_filter"] >= {transcript.pk}


def test_the_settings_choose_the_engine_by_url(monkeypatch):
    from kafamuya.settings.search import build_search_backends

    monkeypatch.setenv("ELASTICSEARCH_URL", "https://search.example:9200")
    assert build_search_backends()["default"]["BACKEND"] == \
        "wagtail.search.backends.elasticsearch9"
    monkeypatch.delenv("ELASTICSEARCH_URL")
    monkeypatch.setenv("OPENSEARCH_URL", "https://search.example:9200")
    monkeypatch.setenv("SEARCH_ENGINE_VERSION", "2")
    assert build_search_backends()["default"]["BACKEND"] == "wagtail.search.backends.opensearch2"
    monkeypatch.delenv("OPENSEARCH_URL")
    assert build_search_backends()["default"]["SEARCH_CONFIG"] == "simple"


def live_engine_url():
    for variable, engine in (("ELASTICSEARCH_URL", "elasticsearch"),
                             ("OPENSEARCH_URL", "opensearch")):
        if os.environ.get(variable):
            return engine, os.environ[variable]
    not_run("the live Elasticsearch/OpenSearch search tests",
            "no server of either can be installed on this machine; set ELASTICSEARCH_URL or "
            "OPENSEARCH_URL to run them against one")


@pytest.fixture
def live_backend():
    engine, url = live_engine_url()
    require_service(engine, url)
    backend = engine_backend(engine, url)
    backend["INDEX_PREFIX"] = f"test_{uuid.uuid4().hex[:8]}_"
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": backend}):
        reset_engines()
        yield
        from wagtail.search.backends import get_search_backend

        from archive.models import TranscriptSegment

        get_search_backend().get_index_for_model(TranscriptSegment).delete()
    reset_engines()


def test_search_and_access_on_a_real_server(live_backend):
    make_testimony([(3, "Les femmes déplacées."), (9, "An ka ɲɔgɔn dɛmɛ.")])
    make_testimony([(1, "Le mot hypothétiquement-caché.")], live=False)
    indexing.rebuild()
    from wagtail.search.backends import get_search_backend

    from archive.models import TranscriptSegment

    get_search_backend().get_index_for_model(TranscriptSegment).refresh()
    assert search_segments(ANONYMOUS, "deplacee", Filters(), 1).total == 1
    assert search_segments(ANONYMOUS, "ñògòn", Filters(), 1).total == 1
    hidden = search_segments(ANONYMOUS, "hypothétiquement", Filters(), 1)
    assert (hidden.total, hidden.facets) == (0, [])
    assert search_segments(staff(), "hypothétiquement", Filters(), 1).total == 1
