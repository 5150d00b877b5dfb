from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from ..blocks import HomeBodyBlock


class HomePage(Page):
    """The root of each language's tree."""

    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(HomeBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("tagline"), FieldPanel("intro"), FieldPanel("body"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "archive.DocumentaryPage",
        "archive.TestimonyIndexPage",
        "archive.ResidencyPage",
        "pages.StoryIndexPage",
        "pages.EventIndexPage",
        "pages.ActorMapPage",
        "pages.SearchPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def latest_stories(self, count: int = 3):
        from .stories import StoryIndexPage

        index = StoryIndexPage.objects.child_of(self).live().first()
        return index.stories()[:count] if index else []

    def next_events(self, count: int = 3):
        from .events import EventIndexPage

        index = EventIndexPage.objects.child_of(self).live().first()
        return index.upcoming()[:count] if index else []
