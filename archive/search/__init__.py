"""Search inside transcripts: every segment is indexed; a hit is a second of a testimony.

- `normalise`: accent folding, French and English stemming, Bambara spellings; the same
  keys at index and query time, on every backend.
- `engines`: the full-text query on SQLite FTS5, PostgreSQL or Elasticsearch/OpenSearch,
  always on the segments the viewer may see (`archive.access.visible_segments`).
- `indexing`: bulk writing of the index; `tasks`: updates when transcripts change;
  `manage.py rebuild_search` rebuilds it all.
- `facets`, `snippets`, `query`: `search_segments(user, query, filters, page)`, what the search
  page shows.
"""

from .facets import Filters
from .query import SearchResults, search_segments

__all__ = ["Filters", "SearchResults", "search_segments"]
