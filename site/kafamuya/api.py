"""The public, read-only API: Wagtail's API v2 pages endpoint at `/api/v2/pages/`.

Every query starts from the pages the viewer may see now (`archive.access.visible_pages` over
Wagtail's live pages without view restrictions): a hidden item is absent from listings, counts
and `?search=`, and its detail is a 404, the same answer as for a page that does not exist
(Django's LocaleMiddleware first redirects any unknown path to its `/fr/…` twin, a 404 too).

Fields are an allow-list kept here, by page type, rather than `api_fields` on the models, so
that one place says what leaves the site: never consent, speaker identity, media or
StreamField bodies (a story's embeds carry quotes of items the viewer may not see).

Only the session identifies a viewer: the staff second factor is checked by middleware on
sessions, and HTTP Basic authentication would let a password alone through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.authentication import SessionAuthentication
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from archive.access import visible_pages

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from wagtail.api.v2.utils import APIField
    from wagtail.models import Page

# What the public pages show of each type, by model label; other types expose only Wagtail's
# own fields (title, slug, locale, dates, search description, parent).
PUBLIC_FIELDS: dict[str, tuple[str, ...]] = {
    "pages.StoryPage": ("date", "author", "intro"),
    "pages.EventPage": ("kind", "starts_at", "ends_at", "venue", "summary"),
    "pages.ActorPage": ("kind_of_help", "address", "phone", "email", "website",
                        "opening_hours", "languages", "latitude", "longitude"),
    "archive.ClipPage": ("chapter_number", "summary"),
    "archive.TestimonyPage": ("recorded_on", "recording_language", "summary"),
    "archive.ArtworkPage": ("artist", "year", "medium"),
}


class PublicPagesAPIViewSet(PagesAPIViewSet):
    authentication_classes = [SessionAuthentication]

    def get_base_queryset(self) -> QuerySet[Page]:
        """Wagtail's live, unrestricted pages of the site, less what the policy hides (asked
        once per request: Wagtail wants this queryset several times for one answer)."""
        if not hasattr(self, "_visible_pages"):
            self._visible_pages = visible_pages(self.request.user, super().get_base_queryset())
        return self._visible_pages

    @classmethod
    def get_body_fields(cls, model: type[Page]) -> list[APIField]:
        return cls._convert_api_fields(
            cls.body_fields + list(PUBLIC_FIELDS.get(model._meta.label, ())))

    @classmethod
    def get_meta_fields(cls, model: type[Page]) -> list[APIField]:
        return cls._convert_api_fields(cls.meta_fields)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
