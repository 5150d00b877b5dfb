"""`search_segments()`: one search of the transcripts, as a viewer may see it.

1. The query becomes words, each a set of alternative keys (`normalise.query_terms`).
2. The candidates are the segments the viewer may see (`archive.access.visible_segments`);
   the engine counts the matching candidates per transcript (`engines`). Only these counts
   feed everything below, so nothing hidden is ever counted.
3. Each transcript with hits is described (`facets.describe`), the filters are applied to
   these descriptions, and the facet counts computed.
4. Hits are grouped by item (a testimony or clip, through its media): the item with the most
   hits first, and within an item in time order (translations of the same moment side by
   side). A page is 20 hits; the engine fetches exactly the hits of the page's items.
5. Each hit gets a snippet highlighted on its original text and a link to its item's page at
   the second where it starts (`#t=SECONDS`, rounded down so playback starts before the words).

Segments are short (a sentence or two), so ranking the segments themselves by a relevance score
adds little; researchers read an item's hits in time order, and the items that say most about
the query come first.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from archive.access import searchable_pages, visible_segments

from . import facets
from .engines import get_engine
from .facets import Filters, Item, TranscriptInfo
from .normalise import query_terms
from .snippets import highlight

PER_PAGE = 20
MAX_QUERY_LENGTH = 200
TOP_GROUPS = 10


@dataclass
class Hit:
    segment_id: int
    start_ms: int
    speaker: str
    language: str
    snippet: SafeString
    url: str | None

    @property
    def seconds(self) -> int:
        return self.start_ms // 1000

    @property
    def timestamp(self) -> str:
        hours, rest = divmod(self.seconds, 3600)
        return (f"{hours}:" if hours else "") + "{:02d}:{:02d}".format(*divmod(rest, 60))


@dataclass
class Group:
    """The hits of one item (testimony or clip)."""

    media_id: int
    item: Item | None
    hit_count: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchResults:
    query: str
    filters: Filters
    terms: list[tuple[str, ...]] = field(default_factory=list)
    total: int = 0  # hits
    group_count: int = 0  # items with hits
    page_number: int = 1
    num_pages: int = 1
    groups: list[Group] = field(default_factory=list)  # on this page, with their hits
    top_groups: list[Group] = field(default_factory=list)  # the items with most hits
    facets: list[Facet] = field(default_factory=list)
    per_page: int = PER_PAGE

    @property
    def has_previous(self) -> bool:
        return self.page_number > 1

    @property
    def has_next(self) -> bool:
        return self.page_number < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page_number - 1) * self.per_page + 1 if self.total else 0

    @property
    def end_index(self) -> int:
        return min(self.total, self.page_number * self.per_page)


def search_segments(user, query: str, filters: Filters | None = None, page: int = 1, *,
                    language: str | None = None, request=None, per_page: int = PER_PAGE
                    ) -> SearchResults:
    """Search the transcript segments `user` may see. See the module's documentation."""
    from archive.models import Place, Theme, TranscriptSegment

    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    filters = filters or Filters()
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    results = SearchResults(query=query, filters=filters, terms=query_terms(query),
                            per_page=per_page)
    if not results.terms:
        return results
    engine = get_engine()
    candidates = visible_segments(user)
    hits = engine.hits_per_transcript(candidates, results.terms)
    if not hits:
        return results
    infos = facets.describe(user, hits, language)
    matcher = facets.Matcher(filters, facets.snippet_keys(Place, filters.place),
                             facets.snippet_keys(Theme, filters.theme),
                             _item_media(user, filters.item))
    passing = {t: n for t, n in hits.items() if matcher.passes(infos[t])}
    results.facets = _facets(facets.facet_counts(infos, hits, matcher), filters, language)

    group_hits, group_transcripts = Counter(), defaultdict(list)
    for transcript_id, count in passing.items():
        media_id = infos[transcript_id].media_id
        group_hits[media_id] += count
        group_transcripts[media_id].append(transcript_id)
    order = sorted(group_hits, key=lambda media_id: (-group_hits[media_id], media_id))
    results.total, results.group_count = sum(passing.values()), len(order)
    results.num_pages = max(1, math.ceil(results.total / per_page))
    results.page_number = min(max(1, page), results.num_pages)

    on_page, skip = _page_groups(order, group_hits, (results.page_number - 1) * per_page,
                                 per_page)
    shown = on_page + [m for m in order[:TOP_GROUPS] if m not in on_page]
    items = facets.load_items(
        [info for info in infos.values() if info.media_id in shown], request)
    results.top_groups = [Group(m, items.get(m), group_hits[m]) for m in order[:TOP_GROUPS]]
    groups = {m: Group(m, items.get(m), group_hits[m]) for m in on_page}
    page_groups = [sorted(group_transcripts[m]) for m in on_page]
    ids = engine.hits_in(candidates, results.terms, page_groups, skip, per_page,
                         matches=sum(hits.values()))
    # The engine found these among the candidates; they are fetched again only from the
    # transcripts of the page, which the engine counted among the candidates (a cheap guard).
    segments = TranscriptSegment.objects.filter(
        pk__in=ids, transcript_id__in=[t for group in page_groups for t in group],
    ).select_related("transcript").in_bulk()
    keys = {key for alternatives in results.terms for key in alternatives}
    for segment_id in ids:
        segment = segments.get(segment_id)
        if segment is None:  # removed meanwhile
            continue
        group = groups[infos[segment.transcript_id].media_id]
        url = f"{group.item.url}#t={segment.start_ms // 1000}" if group.item and \
            group.item.url else None
        group.hits.append(Hit(segment.pk, segment.start_ms, segment.speaker,
                              segment.transcript.language,
                              highlight(segment.text, segment.transcript.language, keys), url))
    results.groups = [groups[m] for m in on_page if groups[m].hits]
    return results


def _page_groups(order: list[int], counts: Counter, offset: int, limit: int
                 ) -> tuple[list[int], int]:
    """The groups holding hits [offset, offset + limit) and the offset in the first of them."""
    on_page, skip, position = [], 0, 0
    for media_id in order:
        count = counts[media_id]
        if position + count <= offset:
            position += count
            continue
        if not on_page:
            skip = offset - position
        on_page.append(media_id)
        position += count
        if position >= offset + limit:
            break
    return on_page, skip


def _item_media(user, page_id: int | None) -> set | None:
    """The media of the item chosen by `item=<page id>` (empty if the viewer may not see it);
    None when no item is chosen."""
    if page_id is None:
        return None
    from archive.access import media_fields_of_pages

    return {media for model, name in media_fields_of_pages()
            for media in searchable_pages(user, model).filter(pk=page_id)
            .values_list(name, flat=True) if media}


def _facets(counts: dict[str, Counter], filters: Filters, language: str) -> list[Facet]:
    from archive.models import Place, RecordingLanguage, Speaker, Theme

    labels = {
        "language": dict(RecordingLanguage.choices), "media": dict(facets.MEDIA_TYPES),
        "age": dict(Speaker.AgeRange.choices), "status": dict(Speaker.Status.choices),
    }
    found = []
    for name in facets.FACETS:
        values = []
        if name in ("place", "theme"):
            model = Place if name == "place" else Theme
            chosen = facets.snippet_keys(model, getattr(filters, name))
            named = facets.snippet_labels(model, set(counts[name]) | chosen, language)
            for key, (slug, label) in named.items():
                values.append(FacetValue(slug, label, counts[name][key], key in chosen))
        elif name == "year":
            for year, count in counts[name].items():
                selected = bool(filters.date_from and filters.date_to
                                and filters.date_from.year == filters.date_to.year == year)
                values.append(FacetValue(str(year), str(year), count, selected))
        else:
            chosen = set(getattr(filters, name))
            for value in set(counts[name]) | (chosen & set(labels[name])):
                values.append(FacetValue(value, str(labels[name].get(value, value)),
                                         counts[name][value], value in chosen))
        if values:
            values.sort(key=(lambda v: -int(v.value)) if name == "year"
                        else (lambda v: (-v.count, v.label)))
            found.append(Facet(name, str(facets.FACET_LABELS[name]), values))
    return found


__all__ = ["Filters", "Group", "Hit", "SearchResults", "TranscriptInfo", "search_segments"]
