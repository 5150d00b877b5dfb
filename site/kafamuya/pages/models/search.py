from urllib.parse import urlencode

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from archive.parameters import whole_number
from archive.search import Filters, search_segments


class SearchPage(Page):
    """Search inside the transcripts: hits are moments of testimonies and clips.

    `?q=` the words; facet filters as GET parameters (`language`, `media`, `place`, `theme`,
    `age`, `status`, `from`, `to`, `item`) and `page`. See `archive.search`.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        filters = Filters.from_querydict(request.GET)
        results = search_segments(
            request.user, query, filters, whole_number(request.GET.get("page")) or 1,
            language=self.locale.language_code, request=request,
        ) if query else None
        params = [("q", query), *filters.as_params()]
        context.update(
            query=query, filters=filters, results=results,
            # Query strings for links: the current search, and without one of its filters
            query_string=urlencode(params),
            without_item=urlencode([p for p in params if p[0] != "item"]),
            without_dates=urlencode([p for p in params if p[0] not in ("from", "to")]),
        )
        return context
