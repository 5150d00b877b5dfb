"""The documentary film and its clips (chapters or excerpts)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import ArchiveItem
from .warnings import warning_ranges_panel


class DocumentaryPage(Page):
    """The film. Its chapters and excerpts are its child ClipPages, in tree order; its page
    plays one chapter (`?chapter=<slug>`, the first by default) with the chapter list beside."""

    intro = models.TextField(_("introduction"), blank=True)
    synopsis = RichTextField(_("synopsis"), blank=True, features=["bold", "italic", "link"])
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    director = models.CharField(_("director"), max_length=200, blank=True)
    credits = RichTextField(_("credits"), blank=True, features=["bold", "italic", "link"])
    poster = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("poster"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("synopsis"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("year"), FieldPanel("director")]), FieldPanel("credits")],
            heading=_("Credits"),
        ),
        FieldPanel("poster"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"), index.SearchField("synopsis"),
    ]
    subpage_types = ["archive.ClipPage"]

    class Meta:
        verbose_name = _("documentary")

    def chapters(self):
        return ClipPage.objects.child_of(self).live().specific().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from archive.access import record_restricted_view, visible_pages

        context = super().get_context(request, *args, **kwargs)
        chapters = list(visible_pages(request.user, self.chapters()).select_related("media"))
        asked = request.GET.get("chapter")
        chosen = next((c for c in chapters if c.slug == asked), None)
        context["chapters"] = chapters
        # The film plays one chapter at a time, the first unless the viewer chose another.
        context["chapter"] = chosen or (chapters[0] if chapters else None)
        context["chapter_chosen"] = chosen is not None
        if context["chapter"] is not None:  # its player and transcript: a view of the chapter
            record_restricted_view(request, context["chapter"])
        return context


class ClipPage(ArchiveItem, Page):
    """One chapter or excerpt of the documentary."""

    media = models.ForeignKey(
        "media_pipeline.Media", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("media"),
    )
    chapter_number = models.PositiveSmallIntegerField(_("chapter number"), null=True, blank=True)
    summary = RichTextField(_("summary"), blank=True, features=["bold", "italic", "link"])
    recorded_on = models.DateField(_("filmed on"), null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("media"),
        FieldRowPanel([FieldPanel("chapter_number"), FieldPanel("recorded_on")]),
        FieldPanel("summary"),
        *ArchiveItem.description_panels,
        warning_ranges_panel(),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["archive.DocumentaryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("clip")
