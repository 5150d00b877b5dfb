"""What the access policy asks about researchers and grants. Pure reads; cheap.

- `is_active_researcher(user, on)`: an approved application whose expiry date is `on` or later.
- `granted_item_keys(user, on)`: translation keys of the items the user holds an unexpired
  grant for, directly or through a grant on a collection page above them.

Neither says anything about an item's access level or consent: that is the policy's job.
Dates are the site's local dates (Africa/Bamako) and expiry dates are inclusive.
"""

from __future__ import annotations

from datetime import date
from functools import reduce
from operator import or_
from uuid import UUID

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from .models import AccessGrant, ResearcherApplication


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and getattr(user, "is_active", False))


def is_active_researcher(user, on: date | None = None) -> bool:
    """An approved researcher whose approval has not expired on `on` (today by default)."""
    if not _signed_in(user):
        return False
    on = on or timezone.localdate()
    return ResearcherApplication.objects.filter(
        user_id=user.pk, status=ResearcherApplication.Status.APPROVED, expires_on__gte=on,
    ).exists()


def granted_item_keys(user, on: date | None = None) -> set[UUID]:
    """Translation keys of the items `user` holds an unexpired grant for on `on` (default
    today): items granted one by one, and every page under a granted collection page."""
    if not _signed_in(user):
        return set()
    on = on or timezone.localdate()
    keys: set[UUID] = set()
    collection_keys: set[UUID] = set()
    for item_key, collection_key in AccessGrant.objects.filter(
        user_id=user.pk, expires_on__gte=on,
    ).values_list("item_key", "collection_key"):
        if item_key:
            keys.add(item_key)
        if collection_key:
            collection_keys.add(collection_key)
    if collection_keys:
        # Every language version of the collection page, and everything beneath each.
        paths = list(Page.objects.filter(translation_key__in=collection_keys)
                     .values_list("path", "depth"))
        if paths:
            under = reduce(or_, (Q(path__startswith=p, depth__gt=d) for p, d in paths))
            keys.update(Page.objects.filter(under).values_list("translation_key", flat=True))
    return keys
