from django.conf import settings
from django.db import models
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from archive.access import public_pages


class KindOfHelp(models.TextChoices):
    LEGAL = "legal", _("Legal aid")
    HEALTH = "health", _("Health care")
    SHELTER = "shelter", _("Shelter")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    WOMENS_GROUP = "womens-group", _("Women's group")
    LIVELIHOOD = "livelihood", _("Work and livelihood")
    INFORMATION = "information", _("Information and orientation")


class ActorMapPage(RoutablePageMixin, Page):
    """The map of organisations and services that help migrants.

    The list is the page: `?kind=legal` filters it on the server, without JavaScript. The map
    draws the same actors (a JSON block in the page, also served as GeoJSON) over tiles from
    MAP_TILE_URL; markers and list work when the tiles cannot load.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ActorPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("actors' map")

    def actors(self, kind: str = ""):
        actors = public_pages(ActorPage.objects.child_of(self)).specific().select_related("place")
        if kind:
            actors = actors.filter(kind_of_help=kind)
        return actors.order_by("title")

    @staticmethod
    def selected_kind(request) -> str:
        """The kind of help asked for with `?kind=`, or "" (all) when it is not one."""
        kind = request.GET.get("kind", "")
        return kind if kind in KindOfHelp.values else ""

    def geojson(self, actors, request) -> dict:
        """A GeoJSON FeatureCollection of the actors that have coordinates (their own, else
        their place's)."""
        features = []
        for actor in actors:
            point = actor.coordinates()
            if point is None:
                continue
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                "properties": {
                    "title": actor.title,
                    "url": actor.get_url(request),
                    "kind": actor.kind_of_help,
                    "kind_label": str(actor.get_kind_of_help_display()),
                    "place": actor.place.localized.name if actor.place else "",
                    "phone": actor.phone,
                    "email": actor.email,
                },
            })
        return {"type": "FeatureCollection", "features": features}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = self.selected_kind(request)
        actors = list(self.actors(kind))
        context.update(
            kind=kind, kinds=KindOfHelp.choices, actors=actors,
            actors_geojson=self.geojson(actors, request),
            map_tiles={"url": settings.MAP_TILE_URL,
                       "attribution": settings.MAP_TILE_ATTRIBUTION},
        )
        return context

    @path("")
    def index(self, request):
        response = self.render(request)
        # The tiles are the only images from another host, and only this page shows them.
        response._csp_update = {"img-src": [settings.MAP_TILE_CSP_SOURCE]}
        return response

    @path("geojson/", name="geojson")
    def geojson_view(self, request):
        actors = self.actors(self.selected_kind(request))
        return JsonResponse(self.geojson(actors, request),
                            content_type="application/geo+json",
                            json_dumps_params={"ensure_ascii": False})


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

    def coordinates(self) -> tuple[float, float] | None:
        """(latitude, longitude): the actor's own, else its place's, else None."""
        for source in (self, self.place):
            if source is not None and source.latitude is not None \
                    and source.longitude is not None:
                return float(source.latitude), float(source.longitude)
        return None
