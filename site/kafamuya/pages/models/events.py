from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from archive.access import public_pages


class EventIndexPage(RoutablePageMixin, Page):
    """Upcoming and past events of one language; an iCalendar feed of them all."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event index")

    def events(self):
        return (public_pages(EventPage.objects.child_of(self)).specific()
                .select_related("place").prefetch_related("partners"))

    def upcoming(self):
        """Events that have not ended yet (an event under way is still upcoming)."""
        now = timezone.now()
        return (self.events().filter(models.Q(starts_at__gte=now) | models.Q(ends_at__gte=now))
                .order_by("starts_at"))

    def past(self):
        return self.events().exclude(pk__in=self.upcoming().values("pk")).order_by("-starts_at")

    @path("ical/", name="calendar")
    def calendar(self, request):
        from ..feeds import calendar_response

        return calendar_response(self.events().order_by("starts_at"), request,
                                 name=f"{self.title} · Kafamuya")


class EventPage(RoutablePageMixin, Page):
    """A round table, a large meeting, a workshop or a talk group."""

    class Kind(models.TextChoices):
        ROUND_TABLE = "round-table", _("Round table")
        MEETING = "meeting", _("Meeting")
        WORKSHOP = "workshop", _("Workshop")
        TALK_GROUP = "talk-group", _("Talk group")
        SCREENING = "screening", _("Screening")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.ForeignKey(
        "archive.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("place"),
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    partners = ParentalManyToManyField("archive.Partner", blank=True, verbose_name=_("partners"))
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True, features=["h2", "h3", "bold", "italic", "link",
                                                          "ol", "ul", "image"])

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
             FieldRowPanel([FieldPanel("place"), FieldPanel("venue")])],
            heading=_("When and where"),
        ),
        FieldPanel("partners"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("body"), index.FilterField("starts_at"),
    ]
    parent_page_types = ["pages.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")

    @path("ical/", name="ics")
    def ics(self, request):
        from ..feeds import calendar_response

        return calendar_response([self], request, name=self.title,
                                 filename=f"{self.slug}.ics")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
