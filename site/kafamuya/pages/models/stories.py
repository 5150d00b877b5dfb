from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import StoryBodyBlock


class StoryIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("story index")

    def stories(self):
        return StoryPage.objects.child_of(self).live().specific().order_by("-date")


class StoryPage(Page):
    """A blog post by the communication team."""

    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("main image"),
    )
    body = StreamField(StoryBodyBlock(), blank=True, verbose_name=_("body"))
    themes = ParentalManyToManyField("archive.Theme", blank=True, verbose_name=_("themes"))
    places = ParentalManyToManyField("archive.Place", blank=True, verbose_name=_("places"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("themes"), FieldPanel("places")], heading=_("Indexing")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"), index.SearchField("body"), index.FilterField("date"),
    ]
    parent_page_types = ["pages.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
