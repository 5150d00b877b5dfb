from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, Page


class SearchPage(Page):
    """Search across the public pages of the current language."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    results_per_page = 20

    class Meta:
        verbose_name = _("search page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:200]
        results = Page.objects.none()
        if query:
            results = (
                Page.objects.live().public().filter(locale=Locale.get_active())
                .exclude(id=self.id).search(query)
            )
        context["query"] = query
        context["results"] = Paginator(results, self.results_per_page).get_page(
            request.GET.get("page")
        )
        return context
