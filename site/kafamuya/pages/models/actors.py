from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class KindOfHelp(models.TextChoices):
    LEGAL = "legal", _("Legal aid")
    HEALTH = "health", _("Health care")
    SHELTER = "shelter", _("Shelter")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    WOMENS_GROUP = "womens-group", _("Women's group")
    LIVELIHOOD = "livelihood", _("Work and livelihood")
    INFORMATION = "information", _("Information and orientation")


class ActorMapPage(Page):
    """The map of organisations and services that help migrants."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ActorPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("actors' map")

    def actors(self):
        return ActorPage.objects.child_of(self).live().specific().order_by("title")


class ActorPage(Page):
    """An organisation or service on the map."""

    kind_of_help = models.CharField(_("kind of help"), max_length=20, choices=KindOfHelp.choices)
    description = RichTextField(_("description"), blank=True,
                                features=["bold", "italic", "link", "ul"])
    place = models.ForeignKey(
        "archive.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("place"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind_of_help"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("address"),
             FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]), FieldPanel("website"),
             FieldPanel("opening_hours"), FieldPanel("languages")],
            heading=_("Contact"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"), index.FilterField("kind_of_help"),
    ]
    parent_page_types = ["pages.ActorMapPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("actor")
