"""Recording accesses. Every audited surface calls `record_access`; it never fails the caller."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from .models import Action, AuditEntry, Surface

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

SURFACES = frozenset(Surface.values)
ACTIONS = frozenset(Action.values)
ANONYMOUS_LABEL = "(anonymous)"
DETAIL_MAX = AuditEntry._meta.get_field("detail").max_length


def _user_of(request_or_user: HttpRequest | AbstractBaseUser | AnonymousUser | None):
    user = getattr(request_or_user, "user", request_or_user)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def record_access(
    request_or_user,
    *,
    item_key: UUID | None,
    media_id: int | None,
    surface: str,
    action: str,
    detail: str = "",
    once_within: timedelta | None = None,
) -> None:
    """Append one entry to the audit log: one INSERT; never raises (a failure is logged).

    `request_or_user` is the request (its `user` is recorded) or a user; anonymous visitors
    are recorded without a user. `surface` is one of page, media, rendition, captions,
    transcript, search, export; `action` one of view, play, download, export.

    With `once_within`, nothing is added when the same user already has the same entry (item,
    media, surface, action, detail) that recent: for what a player fetches by itself, several
    times for one play (one SELECT more).
    """
    try:
        if surface not in SURFACES or action not in ACTIONS:
            # A caller's mistake must not lose the entry: record it as given, and say so.
            logger.warning("audit: unknown surface %r or action %r", surface, action)
        user = _user_of(request_or_user)
        entry = AuditEntry(
            user=user,
            user_label=(user.get_username()[:150] if user is not None else ANONYMOUS_LABEL),
            item_key=item_key,
            media_id=media_id,
            surface=str(surface)[:16],
            action=str(action)[:16],
            detail=str(detail or "")[:DETAIL_MAX],
        )
        if once_within is not None and _recorded_since(entry, timezone.now() - once_within):
            return
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            # A savepoint, so that a failed insert cannot break the caller's transaction.
            with transaction.atomic():
                entry.save(force_insert=True)
        else:
            entry.save(force_insert=True)
    except Exception:
        logger.warning("audit: could not record %s %s of item %s media %s",
                       action, surface, item_key, media_id, exc_info=True)


def _recorded_since(entry: AuditEntry, since: datetime) -> bool:
    return AuditEntry.objects.filter(
        user=entry.user, user_label=entry.user_label, item_key=entry.item_key,
        media_id=entry.media_id, surface=entry.surface, action=entry.action,
        detail=entry.detail, at__gte=since,
    ).exists()
