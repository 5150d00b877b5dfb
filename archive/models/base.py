"""Fields and panels shared by the archive's items (clips, testimonies, artworks)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class RecordingLanguage(models.TextChoices):
    """Languages spoken in recordings: more than the three the site is written in."""

    BAMBARA = "bm", "Bamanankan"
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"
    FULFULDE = "ff", "Fulfulde"
    SONGHAY = "son", "Songhay"
    SONINKE = "snk", "Soninke"
    TAMASHEQ = "tmh", "Tamasheq"
    ARABIC = "ar", "العربية"
    OTHER = "other", _("Other")


class ArchiveItem(models.Model):
    """Description common to every archive item: what it is about, where, and warnings."""

    themes = ParentalManyToManyField("archive.Theme", blank=True, verbose_name=_("themes"))
    places = ParentalManyToManyField("archive.Place", blank=True, verbose_name=_("places"))
    content_warning = models.CharField(
        _("content warning"), max_length=255, blank=True,
        help_text=_("Shown before playback, e.g. 'Describes sexual violence'."),
    )

    description_panels = [
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("places"), FieldPanel("content_warning")],
            heading=_("Description"),
        ),
    ]

    class Meta:
        abstract = True
