"""Controlled vocabularies, kept as snippets: themes, places, partners, speakers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A subject the archive is indexed by (gender-based violence, work, the journey...)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return self.name


class Place(TranslatableMixin, index.Indexed, models.Model):
    """A commune, town or camp where testimonies were recorded or where actors work."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        TOWN = "town", _("Town")
        CAMP = "camp", _("Displaced people's camp")
        REGION = "region", _("Region")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOWN)
    region = models.CharField(_("region"), max_length=120, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Coordinates"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_place_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return self.name


class Partner(TranslatableMixin, index.Indexed, models.Model):
    """An organisation running the programme with us (CISP, AMSODE...)."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("acronym")]),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("website"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("acronym")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"],
                                    name="unique_partner_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return self.acronym or self.name


class Speaker(index.Indexed, models.Model):
    """The person who speaks in a testimony, known only by a pseudonym.

    There is deliberately no field for a real name, birth date or exact origin: the archive
    keeps only what research needs and what cannot identify someone.
    """

    class AgeRange(models.TextChoices):
        UNDER_18 = "under-18", _("Under 18")
        AGE_18_25 = "18-25", _("18 to 25")
        AGE_26_35 = "26-35", _("26 to 35")
        AGE_36_50 = "36-50", _("36 to 50")
        OVER_50 = "over-50", _("Over 50")
        UNKNOWN = "", _("Not recorded")

    class Status(models.TextChoices):
        REFUGEE = "refugee", _("Refugee")
        ASYLUM_SEEKER = "asylum-seeker", _("Asylum seeker")
        DISPLACED = "displaced", _("Internally displaced person")
        MIGRANT = "migrant", _("Migrant")
        RETURNEE = "returnee", _("Returnee")
        UNKNOWN = "", _("Not recorded")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Self-described")
        UNKNOWN = "", _("Not recorded")

    pseudonym = models.CharField(
        _("pseudonym"), max_length=80, unique=True,
        help_text=_("Never a real name, unless the consent record explicitly allows it."),
    )
    age_range = models.CharField(_("age range"), max_length=10, choices=AgeRange.choices,
                                 blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True,
        help_text=_("For example: Bambara, French, Fulfulde."),
    )
    archivist_notes = models.TextField(
        _("archivist notes"), blank=True,
        help_text=_("Internal only. Never shown on the public site."),
    )

    panels = [
        FieldPanel("pseudonym"),
        FieldRowPanel([FieldPanel("age_range"), FieldPanel("status"), FieldPanel("gender")]),
        FieldPanel("languages"),
        FieldPanel("archivist_notes"),
    ]
    search_fields = [index.SearchField("pseudonym"), index.AutocompleteField("pseudonym")]

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["pseudonym"]

    def __str__(self) -> str:
        return self.pseudonym
