"""What each transcript with hits is about, the filters chosen, and the facet counts.

Facets describe the *item* a transcript belongs to (the testimony or clip showing its media):
language (the transcript's), media type, places and themes, the speaker's age range and
status, and the recording date. They are read from the database for the transcripts that
have hits, from the pages the viewer may see only (`archive.access.searchable_pages`), so a
hidden page never lends a place or a theme to a facet.

Places and themes are translated snippets: each locale has its own row. They are compared by
`translation_key` and shown in the viewer's language; in URLs they are named by slug (the slug
of any of their translations is understood).

Counts are numbers of hits (segments). A facet's counts apply every chosen filter except its
own, so that other values of the same facet stay visible and can be added (values of one facet
are alternatives, facets combine). Everything is computed from the hits per transcript, which
the engine counted among the segments the viewer may see: no facet counts anything else.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from archive.access import media_fields_of_pages, searchable_pages
from archive.parameters import whole_number

FACETS = ("language", "media", "place", "theme", "age", "status", "year")
LIST_PARAMETERS = ("language", "media", "place", "theme", "age", "status")
MEDIA_TYPES = {"audio": _("Audio"), "video": _("Video")}
FACET_LABELS = {
    "language": _("Language"), "media": _("Media"), "place": _("Place"), "theme": _("Theme"),
    "age": _("Age range"), "status": _("Status"), "year": _("Year recorded"),
}


@dataclass
class Item:
    """The page that shows a media item: where hits link to."""

    page_id: int
    title: str
    url: str | None
    kind: str  # model name: testimonypage, clippage, artworkpage


@dataclass
class TranscriptInfo:
    transcript_id: int
    media_id: int
    language: str
    media_type: str
    item_page: tuple[int, str] | None = None  # (page id, model name) of the page shown
    places: set = field(default_factory=set)  # translation keys
    themes: set = field(default_factory=set)
    age: str = ""
    status: str = ""
    date: datetime.date | None = None

    def values(self, facet: str) -> set:
        single = {"language": self.language, "media": self.media_type, "age": self.age,
                  "status": self.status, "year": self.date.year if self.date else None}
        if facet in single:
            return {single[facet]} - {None, ""}
        return self.places if facet == "place" else self.themes


def _date(value: str, end: bool) -> datetime.date | None:
    value = value.strip()
    try:
        if len(value) == 4 and value.isdigit():
            return datetime.date(int(value), 12, 31) if end else datetime.date(int(value), 1, 1)
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class Filters:
    """The filters of a search, from GET parameters. Unknown values are simply ignored."""

    language: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)  # slugs
    theme: list[str] = field(default_factory=list)
    age: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    item: int | None = None  # a page id: hits of that testimony or clip only

    @classmethod
    def from_querydict(cls, params) -> Filters:
        lists = {name: [v[:100] for v in params.getlist(name) if v][:20]
                 for name in LIST_PARAMETERS}
        return cls(**lists, date_from=_date(params.get("from", ""), end=False),
                   date_to=_date(params.get("to", ""), end=True),
                   item=whole_number(params.get("item")))

    def active(self) -> bool:
        return any(getattr(self, name) for name in LIST_PARAMETERS) or bool(
            self.date_from or self.date_to or self.item)

    def as_params(self) -> list[tuple[str, str]]:
        params = [(name, value) for name in LIST_PARAMETERS for value in getattr(self, name)]
        if self.date_from:
            params.append(("from", self.date_from.isoformat()))
        if self.date_to:
            params.append(("to", self.date_to.isoformat()))
        if self.item:
            params.append(("item", str(self.item)))
        return params


class Matcher:
    """Decides which transcripts pass the filters, facet by facet."""

    def __init__(self, filters: Filters, place_keys: set, theme_keys: set,
                 item_media: set | None) -> None:
        self.filters = filters
        self.wanted = {"language": set(filters.language), "media": set(filters.media),
                       "place": place_keys, "theme": theme_keys, "age": set(filters.age),
                       "status": set(filters.status)}
        self.item_media = item_media

    def passes(self, info: TranscriptInfo, except_facet: str | None = None) -> bool:
        if self.item_media is not None and info.media_id not in self.item_media:
            return False
        for facet, wanted in self.wanted.items():
            chosen = getattr(self.filters, facet)
            if facet != except_facet and chosen and not (info.values(facet) & wanted):
                return False
        if except_facet != "year" and (self.filters.date_from or self.filters.date_to):
            if info.date is None:
                return False
            if self.filters.date_from and info.date < self.filters.date_from:
                return False
            if self.filters.date_to and info.date > self.filters.date_to:
                return False
        return True


def facet_counts(infos: dict[int, TranscriptInfo], hits: dict[int, int], matcher: Matcher
                 ) -> dict[str, Counter]:
    """Hits per value of each facet, under every filter but the facet's own."""
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    filtered = matcher.filters.active()
    for transcript_id, count in hits.items():
        info = infos[transcript_id]
        for facet in FACETS:
            if not filtered or matcher.passes(info, except_facet=facet):
                for value in info.values(facet):
                    counts[facet][value] += count
    return counts


def describe(user, transcript_ids, language: str) -> dict[int, TranscriptInfo]:
    """What the facets need to know about each transcript, in a handful of queries.

    `transcript_ids` come from the engine, which only ever counts visible transcripts. The
    rows of every visible page are read and those needed kept: lists of hundreds of ids cost
    more to Django than reading a few hundred short rows.
    """
    ids = sorted(set(transcript_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.id, t.media_id, t.language, m.type FROM archive_transcript t "  # noqa: S608
            "JOIN media_pipeline_media m ON m.id = t.media_id "
            f"WHERE t.id IN ({', '.join(['%s'] * len(ids))})", ids)
        infos = {row[0]: TranscriptInfo(*row) for row in cursor.fetchall()}
    by_media = defaultdict(list)
    for info in infos.values():
        by_media[info.media_id].append(info)
    for media_id, about in describe_media(user, set(by_media), language).items():
        for info in by_media[media_id]:
            info.item_page = about["page"]
            info.places, info.themes = about["places"], about["themes"]
            info.age, info.status, info.date = about["age"], about["status"], about["date"]
    return infos


def describe_media(user, media_ids: set[int], language: str) -> dict[int, dict]:
    """For each media with a page the viewer may see: the page to show (in the viewer's
    language, else the original language, else any; live first) and its attributes."""
    from archive.models import Place, Theme

    chosen: dict[int, tuple] = {}
    about: dict[int, dict] = defaultdict(lambda: {"places": set(), "themes": set(), "age": "",
                                                  "status": "", "date": None, "page": None})
    for model, name in media_fields_of_pages():
        fields = {f.name for f in model._meta.get_fields()}
        extra = [c for c in ("recorded_on", "speaker__age_range", "speaker__status",
                             "recorded_at__translation_key") if c.split("__")[0] in fields]
        pages = searchable_pages(user, model).filter(**{f"{name}__isnull": False})
        page_media = {}
        for page_id, media_id, locale, live, *values in pages.values_list(
                "pk", name, "locale__language_code", "live", *extra):
            if media_id not in media_ids:
                continue
            page_media[page_id] = media_id
            values = dict(zip(extra, values, strict=True))
            attributes = about[media_id]
            attributes["date"] = attributes["date"] or values.get("recorded_on")
            attributes["age"] = attributes["age"] or values.get("speaker__age_range") or ""
            attributes["status"] = attributes["status"] or values.get("speaker__status") or ""
            if values.get("recorded_at__translation_key"):
                attributes["places"].add(values["recorded_at__translation_key"])
            preference = (not live, locale != language, locale != settings.LANGUAGE_CODE,
                          page_id)
            if media_id not in chosen or preference < chosen[media_id]:
                chosen[media_id] = preference
                attributes["page"] = (page_id, model._meta.model_name)
        for relation, snippet in (("places", Place), ("themes", Theme)):
            if relation in fields and page_media:
                through = model._meta.get_field(relation).remote_field.through
                source = f"{model._meta.model_name}_id"
                target = f"{snippet._meta.model_name}__translation_key"
                # Every row, kept for the pages above: cheaper than their condition again
                for page_id, key in through.objects.values_list(source, target):
                    if page_id in page_media:
                        about[page_media[page_id]][relation].add(key)
    return about


def load_items(infos: list[TranscriptInfo], request=None) -> dict[int, Item]:
    """The Item (title, link) of each media of `infos`, by media id."""
    from wagtail.models import Page

    wanted = {info.media_id: info.item_page for info in infos if info.item_page}
    pages = Page.objects.in_bulk([page_id for page_id, _kind in wanted.values()])
    return {
        media_id: Item(page_id, pages[page_id].title,
                       pages[page_id].get_url(request) if pages[page_id].live else None, kind)
        for media_id, (page_id, kind) in wanted.items() if page_id in pages
    }


def snippet_keys(model, slugs: list[str]) -> set:
    """Translation keys of the places or themes named by these slugs (in any language)."""
    if not slugs:
        return set()
    return set(model.objects.filter(slug__in=slugs).values_list("translation_key", flat=True))


def snippet_labels(model, keys: set, language: str) -> dict:
    """{translation key: (slug, name)} in the viewer's language when translated."""
    labels: dict = {}
    rows = model.objects.filter(translation_key__in=keys).values_list(
        "translation_key", "slug", "name", "locale__language_code")
    def preference(row):
        return row[3] != language, row[3] != settings.LANGUAGE_CODE

    for key, slug, name, _locale in sorted(rows, key=preference):
        labels.setdefault(key, (slug, name))
    return labels
