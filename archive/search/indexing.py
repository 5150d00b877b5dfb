"""Writing transcript segments into the search index, in bulk.

A segment is indexed as `TranscriptSegment.search_text()`: its text made into normalised keys
(`archive.search.normalise`). Every backend of `WAGTAILSEARCH_BACKENDS` gets the same keys. A
segment inside a redacted time range of its media is indexed without words
(`archive.transcripts.redaction`); a change of redactions re-indexes the media's transcripts
(`archive.search.tasks`).

- **Wagtail's database backend** (SQLite, PostgreSQL): rows of `wagtailsearch_indexentry` are
  written here with one statement per chunk, exactly as Wagtail's own indexer would write them
  (empty title, keys in `body`; on PostgreSQL `setweight(to_tsvector(config, keys), 'D')`),
  so `manage.py update_index` and this module agree. Wagtail's indexer computes each value five
  times and rewrites the title norms of the whole table after every chunk: 100,000 segments
  took it over three minutes on PostgreSQL. SQLite's FTS5 table follows through Wagtail's
  triggers.
- **Elasticsearch, OpenSearch**: Wagtail's index API (`add_items` uses the bulk API); a full
  rebuild goes to a new index that replaces the old one when complete (Wagtail's rebuilder).

`update_segments()` re-indexes some segments and removes others (the task of
`archive.search.tasks` calls it); `rebuild()` re-indexes them all (`manage.py rebuild_search`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction
from modelsearch.backends import get_search_backends_with_name

from archive.transcripts.redaction import overlaps, ranges_by_media

from .engines import INDEX_TABLE, segment_content_type_id
from .normalise import index_text

CHUNK_SIZE = 2000
Progress = Callable[[int], None]


def segment_rows(segment_ids: Iterable[int] | None = None,
                 chunk_size: int = CHUNK_SIZE) -> Iterator[list[tuple[int, str]]]:
    """(id, keys) of segments, in chunks: all of them, or those of `segment_ids`. A redacted
    segment gets no keys: its words are not stored in any index."""
    from archive.models import TranscriptSegment

    rows = TranscriptSegment.objects.order_by("pk").values_list(
        "pk", "start_ms", "end_ms", "text", "transcript__language", "transcript__media_id")
    if segment_ids is not None:
        ids = sorted(set(segment_ids))
        for start in range(0, len(ids), chunk_size):
            yield _keys(list(rows.filter(pk__in=ids[start:start + chunk_size])))
        return
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:chunk_size])
        if not chunk:
            return
        last = chunk[-1][0]
        yield _keys(chunk)


def _keys(chunk: list[tuple]) -> list[tuple[int, str]]:
    redacted = ranges_by_media({row[-1] for row in chunk})
    return [(pk, "" if overlaps(start, end, redacted.get(media_id, ()))
             else index_text(text, language))
            for pk, start, end, text, language, media_id in chunk]


class SQLiteWriter:
    def __init__(self, backend) -> None:
        self.content_type = segment_content_type_id()

    def write(self, rows: list[tuple[int, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {INDEX_TABLE} "  # noqa: S608 - a constant
                "(content_type_id, object_id, title, autocomplete, body, title_norm) "
                "VALUES (%s, %s, '', '', %s, 1.0) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
                "body = excluded.body, title = '', autocomplete = ''",
                [(self.content_type, str(pk), body) for pk, body in rows],
            )

    def delete(self, segment_ids: list[int] | None) -> None:
        """Removes these segments from the index; all of them when `segment_ids` is None."""
        sql = f"DELETE FROM {INDEX_TABLE} WHERE content_type_id = %s"  # noqa: S608
        with connection.cursor() as cursor:
            if segment_ids is None:
                cursor.execute(sql, (self.content_type,))
                return
            for start in range(0, len(segment_ids), 500):
                chunk = [str(pk) for pk in segment_ids[start:start + 500]]
                cursor.execute(f"{sql} AND object_id IN ({', '.join(['%s'] * len(chunk))})",
                               (self.content_type, *chunk))

    def finish(self, rebuilt: bool = False) -> None:
        pass


class PostgresWriter(SQLiteWriter):
    def __init__(self, backend) -> None:
        from modelsearch.backends.database.postgres.weights import get_weight

        super().__init__(backend)
        self.config = backend.config or "simple"
        self.weight = get_weight(None)

    def write(self, rows: list[tuple[int, str]]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {INDEX_TABLE} (content_type_id, object_id, title, autocomplete, "  # noqa: S608
                "body, title_norm, title_text, body_text) "
                "SELECT %s, r.object_id, ''::tsvector, ''::tsvector, "
                "setweight(to_tsvector(%s::regconfig, r.body), %s), 1.0, '', r.body "
                "FROM unnest(%s::text[], %s::text[]) AS r(object_id, body) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET body = EXCLUDED.body, "
                "body_text = EXCLUDED.body_text, title = EXCLUDED.title, "
                "autocomplete = EXCLUDED.autocomplete, title_text = ''",
                (self.content_type, self.config, self.weight, [str(pk) for pk, _ in rows],
                 [body for _, body in rows]),
            )

    def finish(self, rebuilt: bool = False) -> None:
        if rebuilt:  # fresh statistics, or the planner may not use the full-text index
            with connection.cursor() as cursor:
                for table in (INDEX_TABLE, "archive_transcriptsegment", "archive_transcript"):
                    cursor.execute(f"ANALYZE {table}")


class WagtailWriter:
    """Any other Wagtail backend (Elasticsearch, OpenSearch), through its index API."""

    def __init__(self, backend, rebuilding: bool = False) -> None:
        from archive.models import TranscriptSegment

        self.model = TranscriptSegment
        self.index = backend.get_index_for_model(TranscriptSegment)
        self.rebuilder = None
        if rebuilding and backend.rebuilder_class:
            self.rebuilder = backend.rebuilder_class(self.index)
            self.index = self.rebuilder.start()
            self.index.add_model(TranscriptSegment)

    def write(self, rows: list[tuple[int, str]]) -> None:
        objects = list(self.model.get_indexed_objects().filter(pk__in=[pk for pk, _ in rows]))
        redacted = {pk for pk, keys in rows if not keys}
        for segment in objects:
            if segment.pk in redacted:
                segment.text = ""  # indexed without its words; never saved
        self.index.add_items(self.model, objects)

    def delete(self, segment_ids: list[int] | None) -> None:
        for pk in segment_ids or ():
            self.index.delete_item(self.model(pk=pk))

    def finish(self, rebuilt: bool = False) -> None:
        if self.rebuilder is not None:
            self.rebuilder.finish()


def writer_for(backend, rebuilding: bool = False):
    module = type(backend).__module__
    if module.endswith("database.sqlite.sqlite"):
        return SQLiteWriter(backend)
    if module.endswith("database.postgres.postgres"):
        return PostgresWriter(backend)
    return WagtailWriter(backend, rebuilding=rebuilding)


def update_segments(segment_ids: Iterable[int], removed_ids: Iterable[int] = ()) -> int:
    """Re-indexes `segment_ids` (those that still exist) and removes `removed_ids`, in every
    backend that follows changes (`AUTO_UPDATE` not False). Returns how many were indexed."""
    segment_ids, removed_ids = sorted(set(segment_ids)), sorted(set(removed_ids))
    count = 0
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        writer = writer_for(backend)
        with transaction.atomic():
            if removed_ids:
                writer.delete(removed_ids)
            count = 0
            for rows in segment_rows(segment_ids):
                writer.write(rows)
                count += len(rows)
        writer.finish()
    return count


def segments_of_transcripts(transcript_ids: Iterable[int]) -> list[int]:
    from archive.models import TranscriptSegment

    return list(TranscriptSegment.objects.filter(transcript_id__in=list(transcript_ids))
                .values_list("pk", flat=True))


def rebuild(progress: Progress | None = None, backend_names: list[str] | None = None) -> int:
    """Indexes every segment again, in every backend (or those named); returns the count.

    On the database backends the old entries are replaced in one transaction, so searches see
    the old index until the new one is complete.
    """
    count = 0
    for name, backend in get_search_backends_with_name():
        if backend_names and name not in backend_names:
            continue
        writer = writer_for(backend, rebuilding=True)
        count = 0
        with transaction.atomic():
            if not isinstance(writer, WagtailWriter):
                writer.delete(None)
            for rows in segment_rows():
                writer.write(rows)
                count += len(rows)
                if progress:
                    progress(len(rows))
        writer.finish(rebuilt=True)
    return count
