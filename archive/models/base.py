"""Fields and panels shared by the archive's items (clips, testimonies, artworks)."""

from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class AccessLevel(models.TextChoices):
    """Who may see an item, from the most open to the most closed."""

    PUBLIC = "public", _("Public")
    RESEARCHERS = "researchers", _("Approved researchers")
    RESTRICTED = "restricted", _("Restricted (named staff and explicit grants)")


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


class ArchiveItemForm(WagtailAdminPageForm):
    """Refuses "Publish" when the consent does not cover the chosen access level or a use the
    item needs (`archive.permitted_uses`), and passages with a content warning outside the
    recording."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data:
            from archive.access import publication_problem

            proposed = SimpleNamespace(
                translation_key=self.instance.translation_key,
                access_level=cleaned.get("access_level", self.instance.access_level),
                requires_consent=self.instance.requires_consent,
            )
            problem = publication_problem(proposed)
            if problem:
                self.add_error("access_level", problem)
            self.check_permitted_uses(proposed.access_level)
            self.check_conditions(cleaned)
        self.check_warning_ranges(cleaned.get("media"))
        return cleaned

    def check_permitted_uses(self, access_level: str) -> None:
        from archive.permitted_uses import item_use_problem

        problem = item_use_problem(type(self.instance), self.instance.translation_key,
                                   access_level)
        if problem:
            self.add_error("access_level", problem)

    def check_conditions(self, cleaned: dict) -> None:
        from archive.consent_conditions import condition_problems

        instance = self.instance
        places = [*(cleaned.get("places") or ()), cleaned.get("recorded_at")]
        for problem in condition_problems(
                instance.translation_key, cleaned.get("media", getattr(instance, "media", None)),
                cleaned.get("speaker", getattr(instance, "speaker", None)), places):
            self.add_error(None, problem)

    def check_warning_ranges(self, media) -> None:
        """Passages with a warning must lie within the chosen recording, when its duration is
        known (each passage checks by itself that it ends after it starts)."""
        from .warnings import range_errors

        formset = self.formsets.get("warning_ranges")
        if formset is None or media is None or not media.duration or not formset.is_valid():
            return
        for form in formset.forms:
            if form in formset.deleted_forms or not form.cleaned_data:
                continue
            data = form.cleaned_data
            for name, message in range_errors(data.get("start_ms"), data.get("end_ms"),
                                              media.duration).items():
                form.add_error(name, message)


class ArchiveItem(models.Model):
    """Description common to every archive item: what it is about, where, and warnings."""

    themes = ParentalManyToManyField("archive.Theme", blank=True, verbose_name=_("themes"))
    places = ParentalManyToManyField("archive.Place", blank=True, verbose_name=_("places"))
    content_warning = models.CharField(
        _("content warning"), max_length=255, blank=True,
        help_text=_("Shown before playback, e.g. 'Describes sexual violence'."),
    )
    access_level = models.CharField(
        _("access"), max_length=12, default=AccessLevel.RESTRICTED,
        choices=AccessLevel.choices,
        help_text=_("Publishing is refused when the consent record does not cover this level."),
    )
    embargo_until = models.DateField(
        _("embargoed until"), null=True, blank=True,
        help_text=_("Until this date only archivists see the item; it opens by itself then."),
    )

    description_panels = [
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("places"), FieldPanel("content_warning")],
            heading=_("Description"),
        ),
        MultiFieldPanel(
            [FieldPanel("access_level"), FieldPanel("embargo_until")], heading=_("Access"),
        ),
    ]

    # Consent is compulsory for testimonies; clips and artworks follow a record when one exists.
    requires_consent = False
    base_form_class = ArchiveItemForm

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        # A page being published (scheduled publishing, revisions, APIs) is checked here; a new
        # page is checked by ArchiveItemForm, since its consent record cannot exist yet.
        if self.live and not self._state.adding:
            from archive.access import publication_problem
            from archive.consent_conditions import page_condition_problems
            from archive.permitted_uses import item_use_problem

            problem = publication_problem(self) or item_use_problem(
                type(self), self.translation_key, self.access_level)
            if problem:
                raise ValidationError({"access_level": problem})
            problems = page_condition_problems(self)
            if problems:
                raise ValidationError(problems)

    def serve(self, request, *args, **kwargs):
        from archive.access import can_view_page, record_restricted_view

        if not can_view_page(request.user, self):
            raise Http404
        record_restricted_view(request, self)
        return super().serve(request, *args, **kwargs)
