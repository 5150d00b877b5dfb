"""The artist residency and its artworks."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from .base import ArchiveItem


class ResidencyPage(Page):
    """A residency: when, where, with whom; its artworks are its children."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place = models.ForeignKey(
        "archive.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("place"),
    )
    partners = ParentalManyToManyField("archive.Partner", blank=True, verbose_name=_("partners"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
             FieldPanel("place"), FieldPanel("partners")],
            heading=_("Residency"),
        ),
    ]
    subpage_types = ["archive.ArtworkPage"]

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")

    def artworks(self):
        return ArtworkPage.objects.child_of(self).live().specific().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from archive.access import visible_pages

        context = super().get_context(request, *args, **kwargs)
        context["artworks"] = visible_pages(request.user, self.artworks())
        return context


class ArtworkPage(ArchiveItem, Page):
    """A residency piece: an image series, an audio or video work, or a text."""

    class Medium(models.TextChoices):
        IMAGES = "images", _("Image series")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        TEXT = "text", _("Text")

    artist = models.CharField(_("artist"), max_length=200)
    artist_bio = models.TextField(_("about the artist"), blank=True)
    medium = models.CharField(_("medium"), max_length=10, choices=Medium.choices,
                              default=Medium.IMAGES)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = RichTextField(_("description"), blank=True,
                                features=["bold", "italic", "link"])
    media = models.ForeignKey(
        "media_pipeline.Media", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("audio or video"),
    )
    images = StreamField(
        [("image", ImageBlock())], blank=True, verbose_name=_("images"),
    )
    text = StreamField(
        [("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link"]))],
        blank=True, verbose_name=_("text"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("artist"), FieldPanel("year")]), FieldPanel("artist_bio")],
            heading=_("Artist"),
        ),
        FieldPanel("medium"),
        FieldPanel("description"),
        FieldPanel("media"),
        FieldPanel("images"),
        FieldPanel("text"),
        *ArchiveItem.description_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("artist"), index.SearchField("description"),
    ]
    parent_page_types = ["archive.ResidencyPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("artwork")
