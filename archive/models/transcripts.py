"""Transcripts: timed segments of what is said in a media item, one transcript per language.

Times are integer milliseconds, so that an import followed by an export gives back the very
same times. Segments are kept in time order (`sort_order` follows `start_ms`); they may
overlap, because people talk over each other and an interpreter speaks over the speaker:
WebVTT and SRT allow overlapping cues and players show them together. `Transcript.overlaps()`
lists them so that an archivist can check they are meant.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from wagtailmedia.edit_handlers import MediaChooserPanel

from archive.transcripts.fields import MillisecondsField
from archive.transcripts.formats import format_timestamp

from .base import RecordingLanguage


class TranscriptQuerySet(models.QuerySet):
    def for_media(self, media) -> TranscriptQuerySet:
        return self.filter(media=media)

    def in_language(self, language: str) -> TranscriptQuerySet:
        return self.filter(language=language)

    def reviewed(self) -> TranscriptQuerySet:
        return self.filter(status=Transcript.Status.REVIEWED)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Deletes the segments in batches first (`archive.transcripts.deletion`): a long
        transcript's segments are too many for one delete on SQLite."""
        from archive.transcripts.deletion import delete_segments

        with transaction.atomic():
            removed = delete_segments(self.values_list("pk", flat=True))
            count, by_model = super().delete()
        by_model = {**by_model, TranscriptSegment._meta.label: removed} if removed else by_model
        return count + removed, by_model

    def with_segments(self) -> TranscriptQuerySet:
        """Transcripts that have at least one segment (an empty one makes no captions)."""
        return self.filter(Exists(TranscriptSegment.objects.filter(transcript=OuterRef("pk"))))


class Transcript(ClusterableModel):
    """What is said in one media item, in one language, as ordered timed segments."""

    class Provenance(models.TextChoices):
        HUMAN = "human", _("Transcribed by a person")
        MACHINE = "machine", _("Machine transcription")
        TRANSLATED = "translated", _("Translated")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")

    media = models.ForeignKey(
        "media_pipeline.Media", on_delete=models.CASCADE, related_name="transcripts",
        verbose_name=_("media"),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=RecordingLanguage.choices,
        help_text=_("The language of this transcript's text."),
    )
    provenance = models.CharField(
        _("provenance"), max_length=16, choices=Provenance.choices, default=Provenance.HUMAN,
    )
    translated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="translations",
        verbose_name=_("translated from"),
        help_text=_("For a translation: the transcript of the same media it was made from."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
        help_text=_("Only reviewed transcripts are shown to the public, as captions and text."),
    )
    regions = models.TextField(
        _("caption regions"), blank=True, editable=False,
        help_text=_("The WebVTT REGION blocks of the imported file, written back into the "
                    "caption file."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TranscriptQuerySet.as_manager()

    panels = [
        MediaChooserPanel("media"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("language"), FieldPanel("status")]),
             FieldRowPanel([FieldPanel("provenance"), FieldPanel("translated_from")])],
            heading=_("Transcript"),
        ),
        InlinePanel("segments", heading=_("Segments"), label=_("Segment")),
    ]

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        ordering = ["media_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["media", "language"], name="archive_transcript_one_per_language",
                violation_error_message=_("This media already has a transcript in this "
                                          "language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.media} · {self.get_language_display()}"

    def delete(self, *args, **kwargs):
        """Through the queryset, so that the segments go in batches."""
        return type(self).objects.filter(pk=self.pk).delete()

    def clean(self) -> None:
        super().clean()
        source = self.translated_from
        if source is None:
            return
        errors = {}
        if self.pk is not None and source.pk == self.pk:
            errors["translated_from"] = _("A transcript cannot be translated from itself.")
        elif source.media_id != self.media_id:
            errors["translated_from"] = _("The source must be a transcript of the same media.")
        elif source.language == self.language:
            errors["translated_from"] = _("The source must be in another language.")
        if self.provenance != self.Provenance.TRANSLATED:
            errors["provenance"] = _("A transcript with a source is a translation.")
        if errors:
            raise ValidationError(errors)

    # --- reading ---------------------------------------------------------------------------------
    def ordered_segments(self) -> models.QuerySet[TranscriptSegment]:
        return self.segments.order_by("sort_order", "start_ms", "pk")

    def overlaps(self) -> list[tuple[TranscriptSegment, TranscriptSegment]]:
        """(earlier, later) pairs where `later` starts before `earlier` (the one that runs
        longest so far) has ended."""
        pairs, longest = [], None
        for segment in self.ordered_segments():
            if longest is not None and segment.start_ms < longest.end_ms:
                pairs.append((longest, segment))
            if longest is None or segment.end_ms > longest.end_ms:
                longest = segment
        return pairs

    def export(self, fmt: str) -> str:
        """This transcript as `vtt`, `srt`, `txt` or `json`, with redacted passages removed."""
        from archive.transcripts.exporting import export_transcript

        return export_transcript(self, fmt)

    # --- editing (see archive.transcripts.operations) ---------------------------------------------
    def renumber(self) -> None:
        """Puts `sort_order` back in time order (start, then end)."""
        from archive.transcripts.operations import renumber

        renumber(self)

    def shift(self, delta_ms: int, from_ms: int = 0) -> int:
        """Moves every segment starting at or after `from_ms` by `delta_ms` (may be negative)."""
        from archive.transcripts.operations import shift_transcript

        return shift_transcript(self, delta_ms, from_ms=from_ms)

    def translate_into(self, language: str, copy_text: bool = False) -> Transcript:
        """A new draft transcript in `language` with the same timings, for a translator."""
        from archive.transcripts.operations import translate_transcript

        return translate_transcript(self, language, copy_text=copy_text)


class SegmentQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def at(self, ms: int) -> SegmentQuerySet:
        """Segments being spoken at `ms`."""
        return self.filter(start_ms__lte=ms, end_ms__gt=ms)

    def between(self, start_ms: int, end_ms: int) -> SegmentQuerySet:
        """Segments that overlap the range [start_ms, end_ms)."""
        return self.filter(start_ms__lt=end_ms, end_ms__gt=start_ms)


class TranscriptSegment(index.Indexed, Orderable):
    """One timed line of a transcript: who speaks, from when to when, and what is said.

    Segments are what search finds (see `archive.search`). The engine indexes `search_text()`,
    the segment's text made into normalised keys; the index is kept up to date by a task when a
    transcript or a segment changes, not by Wagtail's save signals (`search_auto_update`).
    """

    transcript = ParentalKey(
        Transcript, on_delete=models.CASCADE, related_name="segments",
        verbose_name=_("transcript"),
    )
    start_ms = MillisecondsField(_("start"), help_text=_("hours:minutes:seconds.milliseconds"))
    end_ms = MillisecondsField(_("end"), help_text=_("hours:minutes:seconds.milliseconds"))
    speaker = models.CharField(
        _("speaker"), max_length=100, blank=True,
        help_text=_("A label such as the speaker's pseudonym or “Interviewer”; never a real "
                    "name unless consent says so."),
    )
    text = models.TextField(_("text"), blank=True)
    # From WebVTT (see archive.transcripts.vtt): where a player shows the cue, and the cue
    # text as written when it says more than `text` and `speaker` (classes, ruby, voices).
    cue_settings = models.TextField(_("cue settings"), blank=True, editable=False)
    markup = models.TextField(_("cue markup"), blank=True, editable=False)

    objects = SegmentQuerySet.as_manager()

    search_auto_update = False
    search_fields = [
        index.SearchField("search_text"),
        # Access rules and facet filters reach the engine as filters on the transcript;
        # Elasticsearch sorts an item's hits by time; redacted ranges are filters on both times.
        index.FilterField("transcript"),
        index.FilterField("start_ms"),
        index.FilterField("end_ms"),
    ]

    panels = [
        FieldRowPanel([FieldPanel("start_ms"), FieldPanel("end_ms"), FieldPanel("speaker")]),
        FieldPanel("text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            # A cue may end when it starts (players accept it and never show it), not before.
            models.CheckConstraint(
                condition=Q(end_ms__gte=F("start_ms")),
                name="archive_segment_ends_at_or_after_start",
                violation_error_message=_("A segment cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["transcript", "start_ms"])]

    def __str__(self) -> str:
        return f"{format_timestamp(self.start_ms)} --> {format_timestamp(self.end_ms)}"

    def clean(self) -> None:
        super().clean()
        if self.start_ms is not None and self.end_ms is not None and self.end_ms < self.start_ms:
            raise ValidationError({"end_ms": _("A segment cannot end before it starts.")})

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.select_related("transcript").order_by("pk")

    def search_text(self) -> str:
        """The text as the search engine indexes it: keys in the transcript's language."""
        from archive.search.normalise import index_text

        return index_text(self.text, self.transcript.language)

    @property
    def start(self) -> str:
        return format_timestamp(self.start_ms)

    @property
    def end(self) -> str:
        return format_timestamp(self.end_ms)

    def split(self, at_ms: int, text_at: int | None = None):
        """Cuts this segment in two at `at_ms`; returns (first, second)."""
        from archive.transcripts.operations import split_segment

        return split_segment(self, at_ms, text_at=text_at)

    def merge_with_next(self) -> TranscriptSegment:
        """Joins the following segment into this one; returns this segment."""
        from archive.transcripts.operations import merge_with_next

        return merge_with_next(self)
