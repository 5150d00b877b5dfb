"""Testimonies: one person's recorded account, told under a pseudonym."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import ArchiveItem, RecordingLanguage
from .warnings import warning_ranges_panel


class TestimonyIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["archive.TestimonyPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("testimony index")

    def testimonies(self):
        return TestimonyPage.objects.child_of(self).live().specific().order_by("-recorded_on")

    def get_context(self, request, *args, **kwargs):
        from archive.access import visible_pages

        context = super().get_context(request, *args, **kwargs)
        context["testimonies"] = visible_pages(request.user, self.testimonies())
        return context


class TestimonyPage(ArchiveItem, Page):
    """A testimony. The speaker is a pseudonymous snippet; the recording is a Media item."""

    speaker = models.ForeignKey(
        "archive.Speaker", on_delete=models.PROTECT, related_name="testimonies",
        verbose_name=_("speaker"),
    )
    media = models.ForeignKey(
        "media_pipeline.Media", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recording"),
    )
    summary = RichTextField(_("summary"), blank=True, features=["bold", "italic", "link"])
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    recorded_at = models.ForeignKey(
        "archive.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recorded at"),
    )
    recording_language = models.CharField(
        _("language spoken"), max_length=8, choices=RecordingLanguage.choices,
        default=RecordingLanguage.BAMBARA,
    )
    workshop = models.CharField(
        _("workshop"), max_length=200, blank=True,
        help_text=_("For example: Paroles de Migrantes, Sévaré, session 3."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("speaker"), FieldPanel("media"), FieldPanel("recording_language")],
            heading=_("Recording"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("recorded_on"), FieldPanel("recorded_at")]),
             FieldPanel("workshop")],
            heading=_("Where and when"),
        ),
        FieldPanel("summary"),
        *ArchiveItem.description_panels,
        warning_ranges_panel(),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["archive.TestimonyIndexPage"]
    subpage_types: list[str] = []
    requires_consent = True

    class Meta:
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
