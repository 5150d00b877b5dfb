"""The full-text engines behind segment search, one small class per kind of backend.

Every engine answers two questions about *candidate* segments (a queryset: what the viewer
may see, `archive.access.visible_segments`, possibly narrowed by facet filters) and a query
(`normalise.query_terms`: words, each a tuple of alternative keys, all words required):

- `hits_per_transcript(candidates, terms)`: how many candidates match, per transcript;
- `hits_in(candidates, terms, groups, offset, limit)`: one page of matching candidates in the
  display order: group by group (a group is a list of transcripts: those of one testimony),
  then by start time.

The candidates are part of each engine query, so nothing else is ever matched or counted.

- **SQLite and PostgreSQL** (Wagtail's database backend): segments are rows of Wagtail's own
  index table (`wagtailsearch_indexentry`, and its FTS5 twin on SQLite), queried with SQL
  written here. Wagtail's query compiler (modelsearch 1.3.2) took 1.5 to 18 seconds a query on
  20,000 segments on SQLite: its plan walks every index entry of the model before the FTS5
  match and ranks with one correlated subquery per row. Counting starts here from the full-text
  match (`CROSS JOIN` fixes SQLite's join order) and joins each match to its segment, where the
  candidates' condition is checked. A page of hits on SQLite starts from whichever side is
  smaller: the segments of the few transcripts shown, each checked against the match (an FTS5
  seek by rowid), or the matches, kept when in those transcripts; PostgreSQL's planner chooses
  by itself.
- **Elasticsearch and OpenSearch** (or a database without FTS5): Wagtail's search API on the
  candidate queryset. Wagtail sends the queryset's filters to the engine (`transcript_id` and
  `start_ms` are `FilterField`s; the access subquery runs on the database and travels as a
  `terms` filter); counts are a `terms` aggregation of the same query.

`baseline()` asks the bare engine the same words, as a plain full-text search would: the 20
best matches by the engine's ranking (FTS5 `bm25`, `ts_rank`, Elasticsearch's score) and the
number of matches, without access rules. The benchmark compares the search view with it.
"""

from __future__ import annotations

import weakref
from functools import cache
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models.expressions import RawSQL
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, PlainText

if TYPE_CHECKING:
    from django.db.models import QuerySet

Terms = list[tuple[str, ...]]
Groups = list[list[int]]
INDEX_TABLE = "wagtailsearch_indexentry"
FTS_TABLE = "wagtailsearch_indexentry_fts"
SEGMENT_TABLE = "archive_transcriptsegment"
MAX_TRANSCRIPTS = 10_000  # buckets of an Elasticsearch aggregation


def segment_content_type_id() -> int:
    from archive.models import TranscriptSegment

    return ContentType.objects.get_for_model(TranscriptSegment).pk


_compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def allowed_sql(candidates: QuerySet) -> tuple[str, tuple] | None:
    """SQL that is true for a segment row `s` among `candidates`; None when there is none.

    A queryset on the segment table alone gives its own WHERE clause, renamed to `s` and
    checked on each matching row at no extra cost. One that joins other tables becomes a
    correlated `EXISTS` on the segment's primary key, still checked for matching rows only.
    Compiled once per queryset object (a search asks twice).
    """
    if candidates not in _compiled:
        _compiled[candidates] = _allowed_sql(candidates)
    return _compiled[candidates]


def _allowed_sql(candidates: QuerySet) -> tuple[str, tuple] | None:
    query = candidates.query.clone()
    used = {alias for alias, count in query.alias_refcount.items() if count}
    try:
        if used <= {SEGMENT_TABLE}:
            if SEGMENT_TABLE in query.alias_map:
                query.change_aliases({SEGMENT_TABLE: "s"})
            sql, params = query.get_compiler(connection=connection).compile(query.where)
            return f"({sql})", tuple(params)
        outer_id = RawSQL("s.id", ())
        sql, params = (candidates.order_by().filter(pk=outer_id).values("pk")
                       .query.sql_with_params())
        return f"EXISTS ({sql})", tuple(params)
    except FullResultSet:
        return "1 = 1", ()
    except EmptyResultSet:
        return None


def group_order_sql(groups: Groups) -> tuple[str, list[int]]:
    """An ORDER BY expression giving each transcript the rank of its group."""
    whens, params = [], []
    for rank, transcripts in enumerate(groups):
        for transcript_id in transcripts:
            whens.append("WHEN %s THEN %s")
            params += [transcript_id, rank]
    return f"CASE s.transcript_id {' '.join(whens)} END", params


def in_list(values: list[int]) -> str:
    return ", ".join(["%s"] * len(values))


class SQLiteEngine:
    """FTS5 over Wagtail's `wagtailsearch_indexentry_fts`."""

    name = "sqlite"

    def match(self, terms: Terms) -> str:
        """An FTS5 query on the `body` column: every word, any of its keys."""
        words = (" OR ".join('"{}"'.format(key.replace('"', '""')) for key in keys)
                 for keys in terms)
        return "{body} : (" + " AND ".join(f"({word})" for word in words) + ")"

    def run(self, sql: str, params) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def hits_per_transcript(self, candidates: QuerySet, terms: Terms) -> dict[int, int]:
        allowed = allowed_sql(candidates)
        if allowed is None or not terms:
            return {}
        # NOT INDEXED: the segment is found by its rowid, never through the transcript index
        # (with an IN list on transcript_id SQLite may otherwise probe every pair).
        return dict(self.run(
            f"SELECT s.transcript_id, count(*) FROM {FTS_TABLE} "  # noqa: S608
            f"CROSS JOIN {INDEX_TABLE} e ON e.id = {FTS_TABLE}.rowid "
            f"CROSS JOIN {SEGMENT_TABLE} AS s NOT INDEXED ON s.id = CAST(e.object_id AS INTEGER) "
            f"WHERE {FTS_TABLE} MATCH %s AND e.content_type_id = %s AND {allowed[0]} "
            "GROUP BY s.transcript_id",
            (self.match(terms), segment_content_type_id(), *allowed[1]),
        ))

    # A segment found from its transcript costs an FTS5 query of its own (about 50 µs); a match
    # found by the FTS5 scan costs a few row lookups (about 1 µs).
    SEGMENT_COST = 40

    def hits_in(self, candidates: QuerySet, terms: Terms, groups: Groups, offset: int,
                limit: int, matches: int | None = None) -> list[int]:
        """`matches` (how many candidates match in all) chooses where to start from: the
        segments of the page's transcripts, or the full-text match."""
        allowed = allowed_sql(candidates)
        transcripts = [t for group in groups for t in group]
        if allowed is None or not terms or not transcripts:
            return []
        order, order_params = group_order_sql(groups)
        segments = self.run(f"SELECT count(*) FROM {SEGMENT_TABLE} "  # noqa: S608
                            f"WHERE transcript_id IN ({in_list(transcripts)})", transcripts)
        if matches is not None and matches < self.SEGMENT_COST * segments[0][0]:
            source = (
                f"{FTS_TABLE} CROSS JOIN {INDEX_TABLE} e ON e.id = {FTS_TABLE}.rowid "
                f"CROSS JOIN {SEGMENT_TABLE} AS s NOT INDEXED "
                "ON s.id = CAST(e.object_id AS INTEGER) AND e.content_type_id = %s")
        else:
            source = (
                f"{SEGMENT_TABLE} AS s CROSS JOIN {INDEX_TABLE} e ON e.content_type_id = %s "
                f"AND e.object_id = CAST(s.id AS TEXT) "
                f"CROSS JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = e.id")
        rows = self.run(
            f"SELECT s.id FROM {source} "  # noqa: S608 - constants and Django's own SQL
            f"WHERE s.transcript_id IN ({in_list(transcripts)}) "
            f"AND {FTS_TABLE} MATCH %s AND {allowed[0]} "
            f"ORDER BY {order}, s.start_ms, s.transcript_id, s.id LIMIT %s OFFSET %s",
            (segment_content_type_id(), *transcripts, self.match(terms), *allowed[1],
             *order_params, limit, offset),
        )
        return [row[0] for row in rows]

    def baseline(self, terms: Terms, limit: int) -> tuple[list[int], int]:
        match = self.match(terms)
        top = self.run(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                       f"ORDER BY bm25({FTS_TABLE}) LIMIT %s", (match, limit))
        count = self.run(f"SELECT count(*) FROM {FTS_TABLE} "  # noqa: S608
                         f"WHERE {FTS_TABLE} MATCH %s", (match,))
        return [row[0] for row in top], count[0][0]


class PostgresEngine(SQLiteEngine):
    """PostgreSQL full text over Wagtail's `wagtailsearch_indexentry.body` (a GIN index)."""

    name = "postgresql"

    def __init__(self, config: str | None) -> None:
        self.config = config or "simple"

    def match(self, terms: Terms) -> str:
        """A `to_tsquery` string: every word, any of its keys (keys are letters and digits)."""
        return " & ".join(
            "(" + " | ".join(key.replace("'", "") for key in keys) + ")" for keys in terms
        )

    def hits_per_transcript(self, candidates: QuerySet, terms: Terms) -> dict[int, int]:
        allowed = allowed_sql(candidates)
        if allowed is None or not terms:
            return {}
        content_type = segment_content_type_id()
        return dict(self.run(
            f"SELECT s.transcript_id, count(*) FROM {INDEX_TABLE} e "  # noqa: S608
            # CASE: the cast only ever sees the ids of segments, whatever else is indexed
            f"JOIN {SEGMENT_TABLE} AS s ON s.id = "
            "CASE WHEN e.content_type_id = %s THEN e.object_id::bigint END "
            "WHERE e.content_type_id = %s AND e.body @@ to_tsquery(%s::regconfig, %s) "
            f"AND {allowed[0]} GROUP BY s.transcript_id",
            (content_type, content_type, self.config, self.match(terms), *allowed[1]),
        ))

    def hits_in(self, candidates: QuerySet, terms: Terms, groups: Groups, offset: int,
                limit: int, matches: int | None = None) -> list[int]:
        allowed = allowed_sql(candidates)
        transcripts = [t for group in groups for t in group]
        if allowed is None or not terms or not transcripts:
            return []
        order, order_params = group_order_sql(groups)
        rows = self.run(
            f"SELECT s.id FROM {SEGMENT_TABLE} AS s "  # noqa: S608
            f"JOIN {INDEX_TABLE} e ON e.content_type_id = %s AND e.object_id = s.id::text "
            f"WHERE s.transcript_id IN ({in_list(transcripts)}) "
            f"AND e.body @@ to_tsquery(%s::regconfig, %s) AND {allowed[0]} "
            f"ORDER BY {order}, s.start_ms, s.transcript_id, s.id LIMIT %s OFFSET %s",
            (segment_content_type_id(), *transcripts, self.config, self.match(terms),
             *allowed[1], *order_params, limit, offset),
        )
        return [row[0] for row in rows]

    def baseline(self, terms: Terms, limit: int) -> tuple[list[int], int]:
        query = (self.config, self.match(terms))
        top = self.run(
            "WITH q AS (SELECT to_tsquery(%s::regconfig, %s) AS query) "  # noqa: S608
            f"SELECT e.id FROM q, {INDEX_TABLE} e WHERE e.body @@ q.query "
            "ORDER BY ts_rank(e.body, q.query) DESC LIMIT %s", (*query, limit))
        count = self.run(f"SELECT count(*) FROM {INDEX_TABLE} e "  # noqa: S608
                         "WHERE e.body @@ to_tsquery(%s::regconfig, %s)", query)
        return [row[0] for row in top], count[0][0]


class WagtailEngine:
    """Wagtail's search API: Elasticsearch, OpenSearch, or a database without FTS5."""

    name = "wagtail"

    def __init__(self, backend) -> None:
        self.backend = backend

    def query(self, terms: Terms):
        words = [Or([PlainText(key) for key in keys]) if len(keys) > 1 else PlainText(keys[0])
                 for keys in terms]
        return And(words) if len(words) > 1 else words[0]

    def search(self, candidates: QuerySet, terms: Terms, relevance: bool = False):
        return self.backend.search(self.query(terms), candidates, fields=["search_text"],
                                   order_by_relevance=relevance)

    def hits_per_transcript(self, candidates: QuerySet, terms: Terms) -> dict[int, int]:
        if not terms:
            return {}
        results = self.search(candidates.order_by(), terms)
        if hasattr(results, "_get_es_body"):  # Elasticsearch and OpenSearch
            return self._aggregate(results)
        return {key: count for key, count in results.facet("transcript_id").items() if count}

    def _aggregate(self, results) -> dict[int, int]:
        """modelsearch's `facet()`, with every bucket (its own returns the first ten)."""
        compiler = results.query_compiler
        field = compiler._get_filterable_field("transcript_id")
        body = results._get_es_body()
        body["aggregations"] = {"transcripts": {"terms": {
            "field": compiler.mapping.get_field_column_name(field), "size": MAX_TRANSCRIPTS,
        }}}
        index = results.backend.get_index_for_model(compiler.queryset.model).name
        response = results._backend_do_search(body, index=index, size=0)
        return {int(bucket["key"]): bucket["doc_count"]
                for bucket in response["aggregations"]["transcripts"]["buckets"]}

    def hits_in(self, candidates: QuerySet, terms: Terms, groups: Groups, offset: int,
                limit: int, matches: int | None = None) -> list[int]:
        """Group by group: one engine query for each group on the page."""
        found: list[int] = []
        for transcripts in groups:
            if len(found) >= limit or not terms:
                break
            in_group = candidates.filter(transcript_id__in=transcripts).order_by("start_ms")
            results = self.search(in_group, terms)[offset:offset + limit - len(found)]
            found += [segment.pk for segment in results]
            offset = 0
        return found

    def baseline(self, terms: Terms, limit: int) -> tuple[list[int], int]:
        from archive.models import TranscriptSegment

        results = self.search(TranscriptSegment.objects.all(), terms, relevance=True)
        return [s.pk for s in results[:limit]], results.count()


@cache
def _engine_for(backend_name: str):
    backend = get_search_backend(backend_name)
    module = type(backend).__module__
    if module.endswith("database.sqlite.sqlite"):
        return SQLiteEngine()
    if module.endswith("database.postgres.postgres"):
        return PostgresEngine(backend.config)
    return WagtailEngine(backend)


def get_engine(backend_name: str = "default"):
    """The engine of a Wagtail search backend (`WAGTAILSEARCH_BACKENDS`)."""
    return _engine_for(backend_name)


def reset_engines() -> None:
    """Forget the engines (for tests that change WAGTAILSEARCH_BACKENDS)."""
    _engine_for.cache_clear()
