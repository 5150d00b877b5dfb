"""Timed content warnings: passages of a clip or testimony that the viewer may skip.

A range is stored in milliseconds, like transcript segments, and edited as `00:01:02.500`. A
range must end after it starts (checked here, for every way a range is saved) and, when the
recording's duration is known, within it (checked by the page form, which knows the chosen
recording: see `archive.models.base.ArchiveItemForm`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from archive.transcripts.fields import MillisecondsField
from archive.transcripts.formats import format_timestamp


def range_errors(start_ms: int | None, end_ms: int | None,
                 duration_s: float | None = None) -> dict[str, str]:
    """Messages by field name for a range that is not a passage of the recording."""
    if start_ms is None or end_ms is None:
        return {}
    if end_ms <= start_ms:
        return {"end_ms": str(_("A passage must end after it starts."))}
    if duration_s:
        duration_ms = round(duration_s * 1000)
        if start_ms >= duration_ms:
            return {"start_ms": str(_("The recording ends at %(end)s: the passage must start "
                                      "before.") % {"end": format_timestamp(duration_ms)})}
        if end_ms > duration_ms:
            return {"end_ms": str(_("The recording ends at %(end)s: the passage cannot end "
                                    "later.") % {"end": format_timestamp(duration_ms)})}
    return {}


class WarningRange(Orderable):
    """One passage with a warning. Concrete models below attach it to a page type."""

    start_ms = MillisecondsField(_("start"), help_text=_("hours:minutes:seconds.milliseconds"))
    end_ms = MillisecondsField(_("end"), help_text=_("hours:minutes:seconds.milliseconds"))
    label = models.CharField(
        _("what it contains"), max_length=120,
        help_text=_("Shown to the viewer, e.g. 'Describes an assault'."),
    )

    panels = [
        FieldRowPanel([FieldPanel("start_ms"), FieldPanel("end_ms")]),
        FieldPanel("label"),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("passage with a warning")
        verbose_name_plural = _("passages with a warning")

    def __str__(self) -> str:
        return f"{format_timestamp(self.start_ms)} --> {format_timestamp(self.end_ms)}"

    def clean(self) -> None:
        super().clean()
        errors = range_errors(self.start_ms, self.end_ms)
        if errors:
            raise ValidationError(errors)

    @property
    def start_seconds(self) -> float:
        return self.start_ms / 1000

    @property
    def end_seconds(self) -> float:
        return self.end_ms / 1000


def warning_ranges_panel() -> InlinePanel:
    """The admin's list of passages, for the page types that have `warning_ranges`."""
    return InlinePanel(
        "warning_ranges", heading=_("Passages with a content warning"), label=_("Passage"),
        help_text=_("Viewers are offered to skip each passage when playback reaches it."),
    )


class ClipWarningRange(WarningRange):
    page = ParentalKey("archive.ClipPage", on_delete=models.CASCADE,
                       related_name="warning_ranges")


class TestimonyWarningRange(WarningRange):
    page = ParentalKey("archive.TestimonyPage", on_delete=models.CASCADE,
                       related_name="warning_ranges")
