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

import copy
import re
from typing import TYPE_CHECKING

from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework.authentication import SessionAuthentication
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from archive.access import visible_pages
from archive.parameters import whole_number

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


# Past this, `?offset=` asks for nothing an archive holds, and SQLite refuses an OFFSET wider
# than 64 bits (Wagtail's pagination passes any integer on).
MAX_OFFSET = 10**9


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, answering 400 to an offset out of range rather than failing."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0").strip()
        if offset.isascii() and offset.isdigit() and whole_number(offset, MAX_OFFSET) is None:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


WORD = re.compile(r"\w+")


class WordsSearchFilter(SearchFilter):
    """Wagtail's `?search=` on the words asked for only: Wagtail's SQLite backend hands the
    query to FTS5, which reads punctuation as its own syntax and fails on a lone quote or `<`."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        params = request.GET.copy()
        params["search"] = " ".join(WORD.findall(params["search"]))
        asked = copy.copy(request._request)
        asked.GET = params
        words_only = copy.copy(request)
        words_only._request = asked
        return super().filter_queryset(words_only, queryset, view)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    authentication_classes = [SessionAuthentication]
    pagination_class = BoundedPagination
    filter_backends = [WordsSearchFilter if backend is SearchFilter else backend
                       for backend in PagesAPIViewSet.filter_backends]

    def get_base_queryset(self) -> QuerySet[Page]:
        """Wagtail's live, unrestricted pages of the site, less what the policy hides (asked
        once per request: Wagtail wants this queryset several times for one answer)."""
        if not hasattr(self, "_visible_pages"):
            self._visible_pages = visible_pages(self.request.user, super().get_base_queryset())
        return self._visible_pages

    def finalize_response(self, request, response, *args, **kwargs):
        """Answers follow the policy, so a browser asks again before reusing one; a signed-in
        viewer's answer differs from an anonymous one's and is kept by nobody."""
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        else:
            patch_cache_control(response, no_cache=True)
        return response

    @classmethod
    def get_body_fields(cls, model: type[Page]) -> list[APIField]:
        return cls._convert_api_fields(
            cls.body_fields + list(PUBLIC_FIELDS.get(model._meta.label, ())))

    @classmethod
    def get_meta_fields(cls, model: type[Page]) -> list[APIField]:
        return cls._convert_api_fields(cls.meta_fields)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
