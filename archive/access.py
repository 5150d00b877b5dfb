"""Who may see what, now: the archive's one access policy. Every surface asks here.

An archive item (testimony, clip, artwork) is identified by its translation key, which all its
language versions share. A viewer may see an item when:
  - it is live, and not behind a Wagtail view restriction;
  - no language version of it is at a level the viewer does not reach (the most closed version
    decides, so a translation that was not re-synced can never open an item);
  - it is not under an embargo (an embargo lifts by itself on its date);
  - its consent is in force (not withdrawn, not expired) and covers its level; a testimony
    without a consent record is seen by nobody but archivists.
Levels: public (everyone), researchers (approved researchers whose approval has not expired),
restricted (holders of an explicit, unexpired grant). Archivists (`archive.view_all_items`,
or superusers) see everything.

A media file, and everything derived from it (renditions, captions, transcripts, search hits),
is visible only when every item that uses it is visible to the viewer (docs/architecture.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import ForeignKey, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, get_page_models

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from archive.models import Transcript
    from archive.transcripts.redaction import ReadableSegment
    from media_pipeline.models import Media

    User = AbstractBaseUser | AnonymousUser

# Access levels from the most open to the most closed, and the most open level each consent
# scope (ConsentScope) allows.
LEVELS = ("public", "researchers", "restricted")
SCOPE_ALLOWS = {"public": "public", "researchers": "researchers", "internal": "restricted"}


def _today() -> datetime.date:
    return timezone.localdate()


# --- who is asking ------------------------------------------------------------------------

def is_archivist(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated
                and (user.is_superuser or user.has_perm("archive.view_all_items")))


def is_media_staff(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated
                and user.has_perm("media_pipeline.change_media"))


@dataclass(frozen=True)
class _Viewer:
    """What the rules need to know of who is asking, and when: read once per question, however
    many item models and subqueries the answer takes."""

    open_levels: tuple[str, ...]
    grants: frozenset[UUID]
    private_paths: tuple[str, ...]  # pages under a Wagtail view restriction
    today: datetime.date


def _viewer(user: User | None, on: datetime.date | None = None) -> _Viewer:
    from wagtail.models import PageViewRestriction

    from archive.researchers.services import granted_item_keys, is_active_researcher

    signed_in = user is not None and user.is_authenticated
    researcher = signed_in and is_active_researcher(user)
    return _Viewer(
        open_levels=("public", "researchers") if researcher else ("public",),
        grants=frozenset(granted_item_keys(user)) if signed_in else frozenset(),
        private_paths=tuple(sorted(
            PageViewRestriction.objects.values_list("page__path", flat=True))),
        today=on or _today(),
    )


# --- items --------------------------------------------------------------------------------

@cache
def item_models() -> tuple[type[Page], ...]:
    from archive.models import ArchiveItem

    return tuple(m for m in get_page_models() if issubclass(m, ArchiveItem)
                 and not m._meta.abstract)


@lru_cache(maxsize=512)
def _visible_keys_sql(model: type[Page], viewer: _Viewer) -> tuple[str, tuple]:
    """The SQL selecting the translation keys of the items of `model` a viewer may see.

    Only the statement is cached, never an answer: the database evaluates it afresh at every
    request, so a withdrawal or a new embargo counts at once. Everything the statement
    depends on is in the arguments. Building it through the ORM costs more than running it,
    and every page, listing, search and file request asks.
    """
    from archive.models import ConsentRecord

    today = viewer.today
    records = ConsentRecord.objects.all()
    blocked = records.exclude(pk__in=records.in_force(today).values("pk"))
    rows = model.objects.filter(live=True).exclude(
        translation_key__in=blocked.values("item_key")).exclude(embargo_until__gt=today)
    for path in viewer.private_paths:  # Wagtail view restrictions (`PageQuerySet.public`)
        rows = rows.exclude(path__startswith=path)
    # Published more openly than a consent record (all in force by now) allows.
    for level in LEVELS:
        narrower = [scope for scope, allowed in SCOPE_ALLOWS.items()
                    if LEVELS.index(allowed) > LEVELS.index(level)]
        if narrower:
            rows = rows.exclude(Q(access_level=level) & Q(translation_key__in=records.filter(
                scope__in=narrower).values("item_key")))
    if model.requires_consent:
        rows = rows.filter(translation_key__in=records.values("item_key"))
    # Any language version (live or not) above the viewer's levels, or under embargo, closes
    # the item, unless the viewer holds a grant for it and this version is restricted.
    closed = model.objects.filter(~Q(access_level__in=viewer.open_levels)
                                  | Q(embargo_until__gt=today))
    rows = rows.exclude(Q(translation_key__in=closed.values("translation_key"))
                        & ~Q(translation_key__in=viewer.grants, access_level="restricted"))
    return rows.order_by().values("translation_key").query.sql_with_params()


def _visible_keys(model: type[Page], viewer: _Viewer) -> RawSQL:
    """A subquery of the translation keys of the items of `model` that `viewer` may see."""
    sql, params = _visible_keys_sql(model, viewer)
    # The statement comes from the ORM above, with its values kept apart as parameters.
    return RawSQL(sql, params)  # noqa: S611


def visible_item_keys(user: User | None, on: datetime.date | None = None) -> set[UUID] | None:
    """Translation keys of the archive items `user` may see; None means "all" (archivists)."""
    if is_archivist(user):
        return None
    viewer = _viewer(user, on)
    keys: set[UUID] = set()
    for model in item_models():
        keys.update(model.objects.filter(translation_key__in=_visible_keys(model, viewer))
                    .values_list("translation_key", flat=True))
    return keys


def _rows_of_visible_items(model: type[Page], viewer: _Viewer) -> QuerySet:
    """Every row (any language, live or not) of the items of `model` that `viewer` may see."""
    if model not in item_models():
        return model.objects.none()
    return model.objects.filter(translation_key__in=_visible_keys(model, viewer))


def _hidden_rows(model: type[Page], viewer: _Viewer) -> QuerySet:
    """Every row of `model` that is an item hidden from `viewer`, or not an item at all."""
    if model not in item_models():
        return model.objects.all()
    return model.objects.exclude(translation_key__in=_visible_keys(model, viewer))


def _restricted_rows(model: type[Page], viewer: _Viewer) -> QuerySet:
    """The rows of `model` behind a Wagtail view restriction: their media stay closed even when
    another language version of the item is open."""
    behind = Q(pk__in=())
    for path in viewer.private_paths:
        behind |= Q(path__startswith=path)
    return model.objects.filter(behind)


def can_view_page(user: User | None, page: Page) -> bool:
    """May `user` see this page now? Pages other than archive items follow Wagtail alone."""
    specific = page.specific
    if not isinstance(specific, item_models()) or is_archivist(user):
        return True
    return _rows_of_visible_items(type(specific), _viewer(user)).filter(pk=specific.pk).exists()


def without_view_restrictions(pages: QuerySet) -> QuerySet:
    """`pages` without those behind a Wagtail view restriction (password, login, groups).

    A listing, a language switcher or an alternate link names a page before anyone has passed
    its restriction, so such a page is named to nobody, archivists included: only its own
    address, once the restriction is passed, shows it.
    """
    from wagtail.models import PageViewRestriction

    behind = Q(pk__in=())
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        behind |= Q(path__startswith=path)
    return pages.exclude(behind)


def visible_pages(user: User | None, pages: QuerySet) -> QuerySet:
    """`pages` without the archive items `user` may not see and without pages behind a view
    restriction (for listings, feeds, sitemaps, language switchers)."""
    pages = without_view_restrictions(pages)
    if is_archivist(user):
        return pages
    viewer, hidden = _viewer(user), Q()
    for model in item_models():
        if issubclass(model, pages.model):  # a queryset of one page type asks of that type only
            hidden |= Q(pk__in=_hidden_rows(model, viewer).values("pk"))
    return pages.exclude(hidden)


# --- publishing ---------------------------------------------------------------------------

def publication_problem(item) -> str | None:
    """Why `item` may not be published at its access level, or None."""
    from archive.models import ConsentRecord

    records = ConsentRecord.objects.filter(item_key=item.translation_key)
    if not records.exists():
        if item.requires_consent:
            return _("A testimony cannot be published without a consent record.")
        return None
    in_force = records.in_force()
    if in_force.count() != records.count():
        return _("The consent for this item has been withdrawn or has expired.")
    most_closed = max((SCOPE_ALLOWS[r.scope] for r in in_force), key=LEVELS.index)
    if LEVELS.index(item.access_level) < LEVELS.index(most_closed):
        from archive.models import AccessLevel

        return _("The consent covers at most the level “%(allowed)s”; this item is set to "
                 "“%(level)s”.") % {"allowed": AccessLevel(most_closed).label,
                                    "level": AccessLevel(item.access_level).label}
    return None


# --- media and what derives from it -------------------------------------------------------

@cache
def media_fields_of_pages() -> tuple[tuple[type, str], ...]:
    """(page model, field name) for every page field that points at a Media item."""
    from media_pipeline.models import Media

    found = []
    for model in get_page_models():
        if model._meta.abstract:
            continue
        for field in model._meta.get_fields():
            if (isinstance(field, ForeignKey) and field.related_model is Media
                    and field.model is model):
                found.append((model, field.name))
    return tuple(found)


def visible_media(user: User | None) -> QuerySet:
    """The media `user` may see or hear: used by at least one item they may see, and by none
    they may not."""
    from media_pipeline.models import Media

    if is_archivist(user) or is_media_staff(user):
        return Media.objects.all()
    viewer = _viewer(user)
    used, refused = Q(pk__in=()), Q()  # nothing is used until a page says so
    for model, name in media_fields_of_pages():
        has_media = {f"{name}__isnull": False}
        refused |= Q(pk__in=_hidden_rows(model, viewer).filter(**has_media).values(name))
        refused |= Q(pk__in=_restricted_rows(model, viewer).filter(**has_media).values(name))
        used |= Q(pk__in=_rows_of_visible_items(model, viewer).filter(**has_media).values(name))
    return Media.objects.filter(used).exclude(refused).exclude(_unmet_conditions())


def _unmet_conditions() -> Q:
    """Media whose settings do not meet a condition of a consent in force for an item using
    them (voice altered, face blurred): only archivists and media staff may hear or see them.
    Subqueries of the caller's one query."""
    from archive.models import ConsentRecord

    def used_by(condition: str) -> Q:
        keys = ConsentRecord.objects.in_force().filter(**{condition: True}).values("item_key")
        used = Q(pk__in=())
        for model, name in media_fields_of_pages():
            used |= Q(pk__in=model.objects.filter(translation_key__in=keys,
                                                  **{f"{name}__isnull": False}).values(name))
        return used

    return ((used_by("require_voice_altered") & Q(voice_pitch_semitones=0))
            | (used_by("require_face_blurred") & Q(type="video", blur_video=False)))


def is_media_public(media: Media) -> bool:
    """Would an anonymous visitor see this media now?"""
    return visible_media(None).filter(pk=media.pk).exists()


def public_pages(pages=None):
    """The pages anyone may see now: live, without view restrictions, and archive items only
    when the policy opens them to the public. The sitemap, feeds, calendars, listings and
    story embeds select pages here."""
    if pages is None:
        pages = Page.objects.all()
    return visible_pages(None, pages.live().public())


def is_page_public(page) -> bool:
    """May anyone see `page` now?"""
    return page is not None and public_pages(type(page).objects.filter(pk=page.pk)).exists()


def can_view_media(user: User | None, media: Media) -> bool:
    """May `user` see or hear `media` (its renditions, captions and transcripts) now?"""
    return visible_media(user).filter(pk=media.pk).exists()


def may_edit_transcripts(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated
                and user.has_perm("archive.change_transcript"))


def visible_transcripts(user: User | None, media: Media):
    """The transcripts of `media` that `user` may read: none when the media is hidden from
    them; only reviewed ones unless they may edit transcripts."""
    from archive.models import Transcript

    if not can_view_media(user, media):
        return Transcript.objects.none()
    transcripts = Transcript.objects.for_media(media)
    return transcripts if may_edit_transcripts(user) else transcripts.reviewed()


def can_view_transcript(user: User | None, transcript: Transcript) -> bool:
    return visible_transcripts(user, transcript.media).filter(pk=transcript.pk).exists()


# --- audit --------------------------------------------------------------------------------

def record_restricted_view(request, page: Page) -> None:
    """Log a view of a non-public item (who, what, when, where)."""
    if can_view_page(None, page):
        return
    from archive.audit.services import record_access

    record_access(request, item_key=page.translation_key,
                  media_id=getattr(page, "media_id", None), surface="page", action="view")


def is_purged(page: Page) -> bool:
    """Has `page`'s item been purged after a withdrawal of consent?"""
    from archive.models import ConsentRecord

    return ConsentRecord.objects.filter(item_key=page.translation_key,
                                        purged_at__isnull=False).exists()


def can_view_embed(request, page: Page) -> bool:
    """May the viewer of `request` be shown `page` embedded in another page (a story's excerpt)?

    What serving the page itself would allow: the policy, and for anyone but archivists a live
    page whose Wagtail view restrictions (password, login, groups) accept the request. An item
    purged after a withdrawal of consent is embedded for nobody.
    """
    user = getattr(request, "user", None)
    if is_purged(page):
        return False  # the purge removes embeds for everyone, archivists included
    if is_archivist(user):
        return True
    return (page.live and can_view_page(user, page)
            and all(r.accept_request(request) for r in page.get_view_restrictions()))


def record_restricted_embed(request, item: Page, host: Page | None) -> None:
    """Log that a non-public archive item was shown embedded in another page (a story's
    excerpt, a featured page); other pages are not audited."""
    if not isinstance(item, item_models()):
        return
    from archive.audit.services import record_access

    record_access(request, item_key=item.translation_key, media_id=getattr(item, "media_id", None),
                  surface="page", action="view",
                  detail=f"embedded in page {host.pk}" if host is not None else "embedded")


# What a player fetches by itself, several times for one viewing (playlists, the first bytes of
# a file, caption tracks), is audited once per user, item, media and kind within this time.
AUDIT_REPEAT_WINDOW = datetime.timedelta(minutes=5)


def record_restricted_media_access(request, media: Media, *, surface: str, action: str,
                                   detail: str = "",
                                   once_within: datetime.timedelta | None = None) -> None:
    """Log an access to `media` or what derives from it (a play, a download, captions, a
    transcript) unless an anonymous visitor could have made it: one entry for each non-public
    item that uses the media (one without an item for a media that no item uses); nothing when
    the media is public. `once_within`: see `archive.audit.services.record_access`.
    """
    users: set[UUID] = set()
    public: set[UUID] = set()
    anonymous = _viewer(None)
    for model, name in media_fields_of_pages():
        users.update(model.objects.filter(**{name: media.pk})
                     .values_list("translation_key", flat=True))
        public.update(_rows_of_visible_items(model, anonymous).filter(**{name: media.pk})
                      .values_list("translation_key", flat=True))
    hidden = users - public
    if users and not hidden:
        return
    from archive.audit.services import record_access

    for key in sorted(hidden, key=str) or [None]:
        record_access(request, item_key=key, media_id=media.pk, surface=surface, action=action,
                      detail=detail, once_within=once_within)


# --- the same rules, as querysets for search ------------------------------------------------

def searchable_pages(user: User | None, model: type[Page]) -> QuerySet:
    """Pages of `model` that `user` may be shown in search results and facets."""
    if is_archivist(user) or is_media_staff(user):
        return without_view_restrictions(model.objects.all())
    return visible_pages(user, model.objects.live().public())


def searchable_transcripts(user: User | None) -> QuerySet:
    """Every transcript `user` may read (`visible_transcripts` over all media at once)."""
    from archive.models import Transcript

    transcripts = Transcript.objects.filter(media__in=visible_media(user))
    return transcripts if may_edit_transcripts(user) else transcripts.reviewed()


def visible_segments(user: User | None) -> QuerySet:
    """The transcript segments `user` may read, without redacted ones: search starts from here,
    never from all."""
    from archive.models import TranscriptSegment
    from archive.transcripts.redaction import without_redacted

    # Redacted passages are found by nobody, archivists included: search is outside the admin.
    return without_redacted(
        TranscriptSegment.objects.filter(transcript__in=searchable_transcripts(user)))


# --- transcripts as a viewer reads them -----------------------------------------------------

def readable_segments(user: User | None, transcript: Transcript) -> list[ReadableSegment]:
    """The segments of `transcript` as `user` may read them outside the admin, in order: none
    when they may not read the transcript; a segment overlapping a redacted range of the media
    keeps its times and speaker but says "[passage removed]" instead of its words.

    Every surface that shows transcript text (page transcripts, captions, exports, APIs) reads
    it here or through `archive.transcripts.redaction.redacted_segments` after this check.
    """
    from archive.transcripts.redaction import redacted_segments

    if not can_view_transcript(user, transcript):
        return []
    return redacted_segments(transcript)
